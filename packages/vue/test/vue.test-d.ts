import {
  createSession,
  type KickReason,
  type SelfInfo,
  type SessionActor,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
  selectStatus,
} from '@imstate/core';
import {
  createSessionPlugin,
  provideSession,
  type SessionEmittedOf,
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
  expectTypeOf(session.selfInfo).toEqualTypeOf<Readonly<Ref<SelfInfo | undefined>>>();
  expectTypeOf(session.error).toEqualTypeOf<Readonly<Ref<SessionError | undefined>>>();
  expectTypeOf(session.kickReason).toEqualTypeOf<Readonly<Ref<KickReason | undefined>>>();
  expectTypeOf(session.login).parameter(0).toEqualTypeOf<{ userID: string; userSig?: string }>();
  expectTypeOf(session.session).toEqualTypeOf<SessionActor>();
  // @ts-expect-error the refs are read-only
  session.status.value = 'online';
});

test('useSessionSelector infers the selected type', () => {
  expectTypeOf(useSessionSelector(selectStatus)).toEqualTypeOf<Readonly<Ref<SessionStatus>>>();
  const nickName = useSessionSelector(
    (snapshot: SessionSnapshot) => snapshot.context.selfInfo?.nickName,
    (a, b) => a === b,
  );
  expectTypeOf(nickName).toEqualTypeOf<Readonly<Ref<string | undefined>>>();
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
