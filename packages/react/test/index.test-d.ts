import {
  createSession,
  type KickReason,
  type SelfInfo,
  type SessionActor,
  type SessionError,
  type SessionErrorCode,
  type SessionOptions,
  SessionProvider,
  type SessionProviderProps,
  type SessionSnapshot,
  type SessionStatus,
  type SessionSubstate,
  selectStatus,
  selectSubstate,
  type TabRole,
  useSession,
  useSessionEvent,
  useSessionSelector,
} from '@imstate/react';
import { createElement } from 'react';
import { expectTypeOf } from 'vitest';

declare const options: SessionOptions;
declare const session: SessionActor;

export function UseSessionTypes() {
  const result = useSession();
  expectTypeOf(result.status).toEqualTypeOf<SessionStatus>();
  expectTypeOf(result.userID).toEqualTypeOf<string | undefined>();
  expectTypeOf(result.selfInfo).toEqualTypeOf<Readonly<SelfInfo> | undefined>();
  expectTypeOf(result.error).toEqualTypeOf<Readonly<SessionError> | undefined>();
  expectTypeOf(result.kickReason).toEqualTypeOf<KickReason | undefined>();
  expectTypeOf(result.tab).toEqualTypeOf<TabRole>();
  expectTypeOf(result.session).toEqualTypeOf<SessionActor>();
  expectTypeOf(result.login).parameter(0).toEqualTypeOf<{ userID: string; userSig?: string }>();
  expectTypeOf(result.login).returns.toBeVoid();
  expectTypeOf(result.logout).toEqualTypeOf<() => void>();
  expectTypeOf(result.relogin).toEqualTypeOf<() => void>();
  expectTypeOf(result.retry).toEqualTypeOf<() => void>();
  // @ts-expect-error a login needs a userID
  result.login({ userSig: 'sig' });
  // @ts-expect-error the view is read-only
  result.userID = 'mallory';
  return null;
}

export function NarrowedByStatus() {
  const result = useSession();
  if (result.status === 'online' || result.status === 'connecting' || result.status === 'sigExpired') {
    expectTypeOf(result.userID).toEqualTypeOf<string>();
    expectTypeOf(result.kickReason).toEqualTypeOf<undefined>();
  }
  if (result.status === 'kicked') {
    expectTypeOf(result.userID).toEqualTypeOf<string>();
    expectTypeOf(result.kickReason).toEqualTypeOf<KickReason>();
  }
  if (result.status === 'init' || result.status === 'loggedOut') {
    expectTypeOf(result.userID).toEqualTypeOf<undefined>();
  }
  // Destructured, too.
  const { status, userID, kickReason, error } = useSession();
  if (status === 'online') expectTypeOf(userID).toEqualTypeOf<string>();
  if (status === 'kicked' && kickReason === 'otherTab') expectTypeOf(userID).toEqualTypeOf<string>();
  expectTypeOf(error?.code).toEqualTypeOf<SessionErrorCode | number | undefined>();
  const substate = useSessionSelector(selectSubstate);
  expectTypeOf(substate).toEqualTypeOf<SessionSubstate>();
  // @ts-expect-error a misspelt error code does not compile
  if (error?.code === 'INVALID_USERID') return null;
  // @ts-expect-error a misspelt substate does not compile
  if (substate === 'connecting.ofline') return null;
  return null;
}

export function UseSessionSelectorTypes() {
  expectTypeOf(useSessionSelector(selectStatus)).toEqualTypeOf<SessionStatus>();
  expectTypeOf(useSessionSelector((snapshot) => snapshot.context.attempt)).toEqualTypeOf<number>();
  useSessionSelector((snapshot) => expectTypeOf(snapshot).toEqualTypeOf<SessionSnapshot>());
  useSessionSelector(
    (snapshot) => snapshot.context.userID,
    (a, b) => expectTypeOf(a).toEqualTypeOf<string | undefined>() && a === b,
  );
  // @ts-expect-error compare takes the selected type
  useSessionSelector(selectStatus, (a: number, b: number) => a === b);
  return null;
}

export function UseSessionEventTypes() {
  useSessionEvent('kicked', (event) =>
    expectTypeOf(event).toEqualTypeOf<{ type: 'kicked'; reason: KickReason }>(),
  );
  useSessionEvent('error', (event) => expectTypeOf(event.error).toEqualTypeOf<SessionError>());
  useSessionEvent('online', (event) => expectTypeOf(event).toEqualTypeOf<{ type: 'online' }>());
  // @ts-expect-error only the session's emitted events exist
  useSessionEvent('connected', () => {});
  // @ts-expect-error an online event has no reason
  useSessionEvent('online', (event: { type: 'online'; reason: KickReason }) => event);
  return null;
}

export function providerTypes() {
  expectTypeOf<{ options: SessionOptions }>().toExtend<SessionProviderProps>();
  expectTypeOf<{ session: SessionActor }>().toExtend<SessionProviderProps>();
  expectTypeOf<{ options: SessionOptions; session: SessionActor }>().not.toExtend<SessionProviderProps>();
  expectTypeOf<{ children: null }>().not.toExtend<SessionProviderProps>();
  createElement(SessionProvider, { options });
  createElement(SessionProvider, { session: createSession(options) });
  // @ts-expect-error a provider owns a session or is given one, not both
  createElement(SessionProvider, { options, session });
}
