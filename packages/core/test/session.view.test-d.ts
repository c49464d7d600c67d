import {
  createSession,
  ErrorCode,
  type ImSdk,
  type KickReason,
  type SelfInfo,
  type SessionError,
  type SessionErrorCode,
  type SessionSubstate,
  type SessionView,
  type SessionViewOf,
  selectSubstate,
  type TabRole,
} from '@imstate/core';
import { selectView } from '@imstate/core/bindings';
import { expectTypeOf, test } from 'vitest';

declare const sdk: ImSdk;
const snapshot = createSession({ sdk, sdkAppID: 1400000001 }).getSnapshot();

test('the view narrows by status', () => {
  const view = selectView(snapshot);
  expectTypeOf(view).toEqualTypeOf<SessionView>();
  expectTypeOf(view.userID).toEqualTypeOf<string | undefined>();
  expectTypeOf(view.tab).toEqualTypeOf<TabRole>();
  if (view.status === 'online' || view.status === 'connecting' || view.status === 'sigExpired') {
    expectTypeOf(view.userID).toEqualTypeOf<string>();
    expectTypeOf(view.selfInfo).toEqualTypeOf<Readonly<SelfInfo> | undefined>();
    expectTypeOf(view.kickReason).toEqualTypeOf<undefined>();
  }
  if (view.status === 'kicked') {
    expectTypeOf(view.userID).toEqualTypeOf<string>();
    expectTypeOf(view.kickReason).toEqualTypeOf<KickReason>();
  }
  if (view.status === 'init' || view.status === 'loggedOut') {
    expectTypeOf(view.userID).toEqualTypeOf<undefined>();
    expectTypeOf(view.selfInfo).toEqualTypeOf<undefined>();
  }
  // Destructured, it still narrows.
  const { status, userID } = view;
  if (status === 'online') expectTypeOf(userID).toEqualTypeOf<string>();
  expectTypeOf<SessionViewOf<'kicked'>['kickReason']>().toEqualTypeOf<KickReason>();
});

test('the view cannot be written', () => {
  const view = selectView(snapshot);
  // @ts-expect-error the view is read-only
  view.status = 'online';
  if (view.status === 'online' && view.selfInfo) {
    // @ts-expect-error so is the profile in it
    view.selfInfo.nickName = 'x';
  }
});

test('substates are the machine’s state paths', () => {
  const substate = selectSubstate(snapshot);
  expectTypeOf(substate).toEqualTypeOf<SessionSubstate>();
  expectTypeOf<'connecting.offline'>().toExtend<SessionSubstate>();
  expectTypeOf<'online'>().toExtend<SessionSubstate>();
  expectTypeOf<'sigExpired.refreshing'>().toExtend<SessionSubstate>();
  expectTypeOf<'connecting'>().not.toExtend<SessionSubstate>();
  // @ts-expect-error a misspelt substate does not compile
  if (substate === 'connecting.ofline') return;
});

test('error codes are the session’s own names or the SDK’s numbers', () => {
  expectTypeOf<SessionError['code']>().toEqualTypeOf<SessionErrorCode | number>();
  const error = selectView(snapshot).error;
  if (error?.code === ErrorCode.LOGIN_TIMEOUT) expectTypeOf(error.code).toEqualTypeOf<'LOGIN_TIMEOUT'>();
  // @ts-expect-error a misspelt error code does not compile
  if (error?.code === 'LOGIN_TIMEOUTT') return;
});
