import {
  createSession,
  type ImSdk,
  type KickReason,
  type LoginParams,
  type SessionActor,
  type SessionEmittedOf,
  type SessionError,
  type SessionOptions,
  type SessionSnapshot,
  type SessionStatus,
  type SessionSubstate,
  selectStatus,
  selectSubstate,
  sessionMachine,
  validateUserID,
} from '@imstate/core';
import { type SessionCommands, sessionCommands } from '@imstate/core/bindings';
import { expectTypeOf, test } from 'vitest';
import { createActor } from 'xstate';

declare const sdk: ImSdk;

test('createSession returns the machine’s actor, and selectors read its snapshots', () => {
  const session = createSession({ sdk, sdkAppID: 1400000001 });
  expectTypeOf(session).toEqualTypeOf<SessionActor>();
  expectTypeOf(session.getSnapshot()).toEqualTypeOf<SessionSnapshot>();
  expectTypeOf(selectStatus(session.getSnapshot())).toEqualTypeOf<SessionStatus>();
  expectTypeOf(selectSubstate(session.getSnapshot())).toEqualTypeOf<SessionSubstate>();
  expectTypeOf(createActor(sessionMachine, { input: { sdk, sdkAppID: 1 } })).toEqualTypeOf<SessionActor>();
});

test('the six statuses are the whole SessionStatus type', () => {
  expectTypeOf<SessionStatus>().toEqualTypeOf<
    'init' | 'loggedOut' | 'connecting' | 'online' | 'kicked' | 'sigExpired'
  >();
});

test('options need an SDK and an SDKAppID; the rest is optional', () => {
  expectTypeOf<{ sdk: ImSdk; sdkAppID: number }>().toExtend<SessionOptions>();
  // @ts-expect-error sdkAppID is required
  createSession({ sdk });
  // @ts-expect-error logLevel is one of the five names
  createSession({ sdk, sdkAppID: 1, logLevel: 'verbose' });
  createSession({ sdk, sdkAppID: 1, inspect: { next: () => {} } });
  createSession({ sdk, sdkAppID: 1, inspect: () => {} });
});

test('the app sends exactly the four events', () => {
  const session = createSession({ sdk, sdkAppID: 1 });
  session.send({ type: 'LOGIN', userID: 'alice' });
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'from your server' });
  session.send({ type: 'LOGOUT' });
  session.send({ type: 'RELOGIN' });
  session.send({ type: 'RETRY' });
  // @ts-expect-error LOGIN needs a userID
  session.send({ type: 'LOGIN' });
  // @ts-expect-error no such event
  session.send({ type: 'CONNECT' });
});

test('emitted events carry their payloads', () => {
  const session = createSession({ sdk, sdkAppID: 1 });
  session.on('kicked', (event) => expectTypeOf(event.reason).toEqualTypeOf<KickReason>());
  session.on('error', (event) => expectTypeOf(event.error).toEqualTypeOf<SessionError>());
  expectTypeOf<SessionEmittedOf<'online'>>().toEqualTypeOf<{ type: 'online' }>();
  expectTypeOf<LoginParams>().toEqualTypeOf<{ userID: string; userSig?: string }>();
});

test('sessionCommands and validateUserID are typed for forms and bindings', () => {
  const commands = sessionCommands(createSession({ sdk, sdkAppID: 1 }));
  expectTypeOf(commands).toEqualTypeOf<SessionCommands>();
  expectTypeOf(commands.login).parameter(0).toEqualTypeOf<LoginParams>();
  expectTypeOf(validateUserID('alice')).toEqualTypeOf<SessionError | undefined>();
});
