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
  type SessionOptions,
  SessionProvider,
  type SessionProviderProps,
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
  expectTypeOf(result.selfInfo).toEqualTypeOf<SelfInfo | undefined>();
  expectTypeOf(result.error).toEqualTypeOf<SessionError | undefined>();
  expectTypeOf(result.kickReason).toEqualTypeOf<KickReason | undefined>();
  expectTypeOf(result.session).toEqualTypeOf<SessionActor>();
  expectTypeOf(result.login).parameter(0).toEqualTypeOf<{ userID: string; userSig?: string }>();
  expectTypeOf(result.login).returns.toBeVoid();
  expectTypeOf(result.logout).toEqualTypeOf<() => void>();
  expectTypeOf(result.relogin).toEqualTypeOf<() => void>();
  expectTypeOf(result.retry).toEqualTypeOf<() => void>();
  // @ts-expect-error a login needs a userID
  result.login({ userSig: 'sig' });
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
