import {
  createSession,
  createSessionPlugin,
  type KickReason,
  provideSession,
  type SelfInfo,
  type SessionActor,
  type SessionEmittedOf,
  type SessionError,
  type SessionErrorCode,
  type SessionSnapshot,
  type SessionStatus,
  type SessionSubstate,
  type SessionView,
  selectStatus,
  selectSubstate,
  type TabRole,
  useSession,
  useSessionEvent,
  useSessionSelector,
} from '@imstate/vue';
import { expectTypeOf, test } from 'vitest';
import type { Plugin, Ref } from 'vue';

declare const options: Parameters<typeof createSession>[0];

test('createSessionPlugin takes options or { session } and gives a Vue plugin', () => {
  expectTypeOf(createSessionPlugin(options)).toEqualTypeOf<Plugin>();
  expectTypeOf(createSessionPlugin({ session: createSession(options) })).toEqualTypeOf<Plugin>();
  // @ts-expect-error a bare actor is not plugin options: wrap it as { session }
  createSessionPlugin(createSession(options));
});

test('provideSession takes options or an actor and returns the session', () => {
  expectTypeOf(provideSession(options)).toEqualTypeOf<SessionActor>();
  expectTypeOf(provideSession(createSession(options))).toEqualTypeOf<SessionActor>();
});

test('useSession gives read-only refs and actions', () => {
  const session = useSession();
  expectTypeOf(session.status).toEqualTypeOf<Readonly<Ref<SessionStatus>>>();
  expectTypeOf(session.userID).toEqualTypeOf<Readonly<Ref<string | undefined>>>();
  expectTypeOf(session.selfInfo).toEqualTypeOf<Readonly<Ref<Readonly<SelfInfo> | undefined>>>();
  expectTypeOf(session.error).toEqualTypeOf<Readonly<Ref<Readonly<SessionError> | undefined>>>();
  expectTypeOf(session.kickReason).toEqualTypeOf<Readonly<Ref<KickReason | undefined>>>();
  expectTypeOf(session.tab).toEqualTypeOf<Readonly<Ref<TabRole>>>();
  expectTypeOf(session.view).toEqualTypeOf<Readonly<Ref<SessionView>>>();
  expectTypeOf(session.login).parameter(0).toEqualTypeOf<{ userID: string; userSig?: string }>();
  expectTypeOf(session.session).toEqualTypeOf<SessionActor>();
  // @ts-expect-error the refs are read-only
  session.status.value = 'online';
  // @ts-expect-error and so is the data in them
  if (session.selfInfo.value) session.selfInfo.value.nickName = 'x';
});

test('the view ref narrows by status', () => {
  const { view } = useSession();
  if (view.value.status === 'online') expectTypeOf(view.value.userID).toEqualTypeOf<string>();
  if (view.value.status === 'kicked') expectTypeOf(view.value.kickReason).toEqualTypeOf<KickReason>();
  if (view.value.status === 'loggedOut') expectTypeOf(view.value.userID).toEqualTypeOf<undefined>();
  expectTypeOf(view.value.error?.code).toEqualTypeOf<SessionErrorCode | number | undefined>();
  // @ts-expect-error a misspelt error code does not compile
  if (view.value.error?.code === 'INVALID_SDKAPPID') return;
});

test('useSessionSelector infers the selected type, deeply read-only', () => {
  expectTypeOf(useSessionSelector(selectStatus)).toEqualTypeOf<Readonly<Ref<SessionStatus>>>();
  const nickName = useSessionSelector(
    (snapshot: SessionSnapshot) => snapshot.context.selfInfo?.nickName,
    (a, b) => a === b,
  );
  expectTypeOf(nickName).toEqualTypeOf<Readonly<Ref<string | undefined>>>();
  const context = useSessionSelector((snapshot) => snapshot.context);
  // @ts-expect-error the selected data is read-only
  context.value.userID = 'y';
  const substate = useSessionSelector(selectSubstate);
  expectTypeOf(substate).toEqualTypeOf<Readonly<Ref<SessionSubstate>>>();
  // @ts-expect-error a misspelt substate does not compile
  if (substate.value === 'connecting.ofline') return;
});

test('useSessionEvent narrows the event to its type', () => {
  useSessionEvent('kicked', (event) => {
    expectTypeOf(event).toEqualTypeOf<{ type: 'kicked'; reason: KickReason }>();
  });
  useSessionEvent('error', (event) => {
    expectTypeOf(event.error).toEqualTypeOf<SessionError>();
  });
  expectTypeOf<SessionEmittedOf<'online'>>().toEqualTypeOf<{ type: 'online' }>();
  // @ts-expect-error not an event the session emits
  useSessionEvent('connected', () => {});
});
