/** Sessions over the scripted SDK fake, for core's tests: made, driven to a state, stopped after each test. */
import {
  createSession,
  type SessionActor,
  type SessionEmitted,
  type SessionOptions,
  type SessionSnapshot,
  selectStatus,
  selectSubstate,
} from '@imstate/core';
import { createScriptedSdk, flushMicrotasks, type ScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { useFakeTimers } from '@imstate/test-support/timers';
import { APP_ID } from '@imstate/test-support/user-sig';

/** A session over a scripted SDK, with every emitted event recorded. */
export interface Harness {
  fake: ScriptedSdk;
  session: SessionActor;
  /** Everything the session emitted, in order. */
  emitted: SessionEmitted[];
  /** The emitted events of one type. */
  emittedOf<T extends SessionEmitted['type']>(type: T): Extract<SessionEmitted, { type: T }>[];
  status(): ReturnType<typeof selectStatus>;
  substate(): string;
  context(): SessionSnapshot['context'];
}

const live = new Set<SessionActor>();

/** Stops every session the harness made. */
export function stopAllSessions(): void {
  for (const session of live) session.stop();
  live.clear();
}

/** Fake timers (at `now`, when given) for each test of the file, and every session it made stopped after it. */
export function useSessionClock(now?: number | Date): void {
  useFakeTimers({ now, cleanUp: stopAllSessions });
}

/** Lets every pending promise chain run to the end, without moving (fake) time. */
export const settle = (): Promise<void> => flushMicrotasks(100);

/** Makes (and, unless `start: false`, starts) a session over a fresh scripted SDK (or `fake`). */
export function createHarness(
  options: Partial<Omit<SessionOptions, 'sdk'>> & { start?: boolean; fake?: ScriptedSdk } = {},
): Harness {
  const { start = true, fake = createScriptedSdk(), ...rest } = options;
  const session = createSession({ sdk: fake.sdk, sdkAppID: APP_ID, ...rest });
  const emitted: SessionEmitted[] = [];
  for (const type of ['online', 'kicked', 'sigExpired', 'loggedOut', 'error'] as const) {
    session.on(type, (event) => emitted.push(event as SessionEmitted));
  }
  live.add(session);
  if (start) session.start();
  return {
    fake,
    session,
    emitted,
    emittedOf: (type) => emitted.filter((event) => event.type === type) as never,
    status: () => selectStatus(session.getSnapshot()),
    substate: () => selectSubstate(session.getSnapshot()),
    context: () => session.getSnapshot().context,
  };
}

/** A started session that finished `initSDK` and rests in `loggedOut`. */
export async function loggedOutSession(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const harness = createHarness(options);
  await settle();
  if (harness.status() !== 'loggedOut') throw new Error(`expected loggedOut, got ${harness.substate()}`);
  return harness;
}

/** A started session logged in as `userID` (with `userSig`, unless the provider is to be asked). */
export async function onlineSession(
  options: Parameters<typeof createHarness>[0] = {},
  login: { userID?: string; userSig?: string } = {},
): Promise<Harness> {
  const harness = await loggedOutSession(options);
  const { userID = 'alice', userSig = 'sig-alice-1' } = login;
  harness.session.send({ type: 'LOGIN', userID, ...(userSig ? { userSig } : {}) });
  await settle();
  if (harness.status() !== 'online') throw new Error(`expected online, got ${harness.substate()}`);
  return harness;
}

/** Makes a session that was online and then saw `step` (an SDK callback, an app event): for tables of situations. */
export function onlineThen(step: (harness: Harness) => void): () => Promise<Harness> {
  return async () => {
    const harness = await onlineSession();
    step(harness);
    return harness;
  };
}
