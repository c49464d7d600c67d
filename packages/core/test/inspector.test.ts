import { createSession, type SessionActor, type SessionOptions, sessionMachine } from '@imstate/core';
import { createScriptedSdk, result, type ScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { APP_ID, mintUserSig } from '@imstate/test-support/user-sig';
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { type AnyStateMachine, createActor, type InspectionEvent, type StateValue, waitFor } from 'xstate';

/**
 * docs/inspector.md: what Stately's inspector receives from a session. The inspector is the real one from
 * `@statelyai/inspect`, over an adapter that keeps what it would send to the Stately UI (so nothing leaves the
 * process), fed exactly as the docs wire it: `inspect: (event) => inspector.inspect.next?.(event)`.
 */

/** Stately's inspector over an in-memory adapter; `received()` waits for its deferred deliveries. */
function createRecordingInspector() {
  const sent: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => sent.push(event) });
  return {
    inspect: (event: InspectionEvent) => inspector.inspect.next?.(event),
    // The inspector hands each event on from a zero-delay timer (an idle callback in browsers).
    received: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return sent;
    },
  };
}

const sessions: SessionActor[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
});

const expectState = (session: SessionActor, state: StateValue) =>
  waitFor(session, (snapshot) => snapshot.matches(state as never), { timeout: 1_000 });

const refreshed: string[] = [];
const getUserSig: SessionOptions['getUserSig'] = async (userID) => {
  const userSig = mintUserSig(userID, 7_200);
  refreshed.push(userSig);
  return userSig;
};

/**
 * A session through most of its life: a transient login failure and a retry, a reconnect, a profile update,
 * a UserSig expiry refreshed through getUserSig, a kick and RELOGIN, then LOGOUT. Returns every UserSig used.
 */
async function liveThrough(session: SessionActor, sdk: ScriptedSdk): Promise<string[]> {
  const fromEvent = mintUserSig('alice', 3_600);
  sessions.push(session.start());
  await expectState(session, 'loggedOut');
  // The SDK's error text repeats the UserSig it was given: the session must cut it out of context.error.
  sdk.script.login.push(result(2801, `request timed out (userSig=${fromEvent})`));
  session.send({ type: 'LOGIN', userID: 'alice', userSig: fromEvent });
  await expectState(session, 'online');

  const listener = sdk.listener;
  listener.onConnecting();
  listener.onConnectFailed(2801, 'network unreachable');
  listener.onConnectSuccess();
  listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
  await expectState(session, 'online');

  listener.onUserSigExpired();
  await expectState(session, 'online');
  listener.onKickedOffline('multipleDevice');
  await expectState(session, 'kicked');
  session.send({ type: 'RELOGIN' });
  await expectState(session, 'online');
  session.send({ type: 'LOGOUT' });
  await expectState(session, { loggedOut: 'idle' });
  session.stop();
  return [fromEvent, ...refreshed];
}

/** Runs the life above through `createSession({ inspect })` and returns what the inspector received. */
async function inspectedLife() {
  refreshed.length = 0;
  const sdk = createScriptedSdk();
  const inspector = createRecordingInspector();
  const raw: InspectionEvent[] = [];
  const session = createSession({
    sdk: sdk.sdk,
    sdkAppID: APP_ID,
    getUserSig,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    inspect: (event) => {
      raw.push(event);
      inspector.inspect(event);
    },
  });
  const userSigs = await liveThrough(session, sdk);
  return { sdk, userSigs, raw, received: await inspector.received() };
}

/** `{ connecting: 'offline' }` → `['session.connecting', 'session.connecting.offline']`. */
function statePaths(value: StateValue, prefix = 'session'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...(child ? statePaths(child, `${prefix}.${key}`) : []),
  ]);
}

/** Every state node id of a machine config as the inspector received it, e.g. `session.sigExpired.refreshing`. */
function stateIdsOf(config: { states?: Record<string, unknown> }, id: string): string[] {
  return [
    id,
    ...Object.entries(config.states ?? {}).flatMap(([key, child]) =>
      stateIdsOf(child as { states?: Record<string, unknown> }, `${id}.${key}`),
    ),
  ];
}

/** Every action a machine config refers to (entry, exit, transitions, invoke results), by what it is called. */
function actionRefsOf(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(actionRefsOf);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) =>
    key === 'actions' || key === 'entry' || key === 'exit' ? [child].flat() : actionRefsOf(child),
  );
}

/** Every guard a machine config refers to. */
function guardRefsOf(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(guardRefsOf);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) => (key === 'guard' ? [child] : guardRefsOf(child)));
}

const machineIds = (machine: AnyStateMachine) =>
  stateIdsOf(machine.config as { states?: Record<string, unknown> }, machine.id);

describe('the Stately inspector, fed by createSession({ inspect })', () => {
  it('receives the session machine, its definition and every state by its id', async () => {
    const { received } = await inspectedLife();
    const root = received.find((event) => event.type === '@xstate.actor' && event.name === 'session');
    expect(root, 'the session registered as an actor named "session"').toBeDefined();
    const definition = JSON.parse((root as { definition: string }).definition);
    expect(stateIdsOf(definition, 'session').sort()).toEqual(machineIds(sessionMachine).sort());
    expect(stateIdsOf(definition, 'session')).toEqual(
      expect.arrayContaining([
        'session.connecting.offline',
        'session.sigExpired.refreshing',
        'session.kicked',
      ]),
    );
  });

  it('sees the session move through named states', async () => {
    const { received } = await inspectedLife();
    const visited = new Set(
      received
        .filter((event) => event.type === '@xstate.snapshot' && event.sessionId === rootSessionId(received))
        .flatMap((event) => statePaths((event as { snapshot: { value: StateValue } }).snapshot.value)),
    );
    expect([...visited]).toEqual(
      expect.arrayContaining([
        'session.init.initializing',
        'session.loggedOut.idle',
        'session.connecting.loggingIn',
        'session.connecting.retrying',
        'session.online',
        'session.connecting.reconnecting',
        'session.connecting.offline',
        'session.sigExpired.refreshing',
        'session.kicked',
        'session.loggedOut.loggingOut',
      ]),
    );
  });

  it('sees the app events and the SDK callbacks as named events', async () => {
    const { received } = await inspectedLife();
    const types = received.flatMap((event) => (event.type === '@xstate.event' ? [event.event.type] : []));
    expect(types).toEqual(
      expect.arrayContaining([
        'LOGIN',
        'RELOGIN',
        'LOGOUT',
        'SDK.CONNECTING',
        'SDK.CONNECT_FAILED',
        'SDK.CONNECT_SUCCESS',
        'SDK.SELF_INFO',
        'SDK.SIG_EXPIRED',
        'SDK.KICKED',
        'xstate.done.actor.initSdk',
        'xstate.done.actor.login',
        'xstate.done.actor.logout',
        'xstate.error.actor.login',
      ]),
    );
  });

  it('shows every action by its name, never as an anonymous function', async () => {
    const { received } = await inspectedLife();
    const root = received.find((event) => event.type === '@xstate.actor' && event.name === 'session');
    const refs = actionRefsOf(JSON.parse((root as { definition: string }).definition));
    const names = refs.map(actionName);
    const implemented = Object.keys(sessionMachine.implementations.actions);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(implemented).toContain(name);
    expect(names).toEqual(
      expect.arrayContaining(['recordError', 'announceOnline', 'recordKick', 'endSession']),
    );
  });

  it('shows every guard by its name', async () => {
    const { received } = await inspectedLife();
    const root = received.find((event) => event.type === '@xstate.actor' && event.name === 'session');
    const guards = guardRefsOf(JSON.parse((root as { definition: string }).definition)).map(actionName);
    const implemented = Object.keys(sessionMachine.implementations.guards);
    expect(guards.length).toBeGreaterThan(10);
    for (const name of guards) expect(implemented).toContain(name);
    expect(guards).toEqual(expect.arrayContaining(['hasAttemptsLeft', 'isSameUser', 'refusedForGood']));
  });

  it('is told, with each transition the session takes, the names of its actions', async () => {
    const { raw } = await inspectedLife();
    // Stately's UI labels transitions from the definition; a plain `inspect` callback also gets each microstep.
    const taken = new Set(
      raw.flatMap((event) =>
        event.type === '@xstate.microstep'
          ? event._transitions.flatMap((transition) => transition.actions.map(actionName))
          : [],
      ),
    );
    expect([...taken]).toEqual(
      expect.arrayContaining([
        'acceptLogin',
        'startLogin',
        'recordError',
        'scheduleRetry',
        'markUserSigExpired',
        'updateSelfInfo',
        'recordKick',
        'endSession',
        'announceLoggedOut',
      ]),
    );
    for (const name of taken) expect(Object.keys(sessionMachine.implementations.actions)).toContain(name);
  });

  it('never receives a UserSig, in any payload', async () => {
    const { received, raw, userSigs, sdk } = await inspectedLife();
    // The UserSig of the LOGIN event, and the one getUserSig handed out after the expiry (RELOGIN reused it).
    expect(userSigs).toHaveLength(2);
    expect(sdk.loginSigs.at(-1)).toBe(userSigs[1]);
    expect(received.length).toBeGreaterThan(50);
    for (const event of received) {
      const payload = JSON.stringify(event);
      for (const userSig of userSigs) expect(payload).not.toContain(userSig);
    }
    // The LOGIN event is there, with its UserSig replaced.
    expect(received).toContainEqual(
      expect.objectContaining({
        type: '@xstate.event',
        event: { type: 'LOGIN', userID: 'alice', userSig: '[redacted]' },
      }),
    );
    // What createSession hands any `inspect` callback: events, snapshots and action parameters.
    for (const event of raw) {
      const payload = JSON.stringify([
        'event' in event ? event.event : undefined,
        'snapshot' in event ? event.snapshot : undefined,
        event.type === '@xstate.action' ? event.action : undefined,
      ]);
      for (const userSig of userSigs) expect(payload).not.toContain(userSig);
    }
  });
});

describe('an actor wired by hand: createActor(sessionMachine, { input, inspect })', () => {
  it('passes the UserSig of LOGIN to the inspector (why the docs say to use createSession)', async () => {
    const sdk = createScriptedSdk();
    const inspector = createRecordingInspector();
    const userSig = mintUserSig('alice', 3_600);
    const session = createActor(sessionMachine, {
      input: { sdk: sdk.sdk, sdkAppID: APP_ID },
      inspect: inspector.inspect,
    });
    sessions.push(session.start());
    await expectState(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await expectState(session, 'online');
    const payloads = (await inspector.received()).map((event) => JSON.stringify(event));
    expect(payloads.filter((payload) => payload.includes(userSig))).not.toHaveLength(0);
  });
});

function actionName(action: unknown): unknown {
  return typeof action === 'string' ? action : (action as { type?: unknown } | null)?.type;
}

function rootSessionId(received: StatelyInspectionEvent[]): string {
  const root = received.find((event) => event.type === '@xstate.actor' && event.name === 'session');
  return root!.sessionId;
}
