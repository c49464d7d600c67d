import type { ImResult, SessionActor } from '@imstate/core';
import { createScriptedSdk, flushMicrotasks, type SdkCall } from '@imstate/test-support/scripted-sdk';

/** The SDK calls a session makes, by port method. */
export type DrivenMethod = SdkCall['method'];

/** One SDK call, held until the test settles it, with the child actor that made it. */
export interface DrivenCall extends SdkCall {
  /** The session's child actor that was running this kind of step when the call was made. */
  owner: unknown;
  /** Settles the call with `result` (once). */
  settle(result: ImResult): void;
}

/** The session's invoked actor that makes each kind of call (see `sessionMachine`). */
const CHILD_OF: Record<DrivenMethod, string> = { initSDK: 'initSdk', login: 'login', logout: 'logout' };

/**
 * The scripted SDK with every call held until the test settles it, so the test (like the model) decides when each
 * step finishes. Each call remembers which invocation made it, so calls left behind by a state the session has
 * already left can be told apart from the current one.
 */
export function createDrivenSdk() {
  let session: SessionActor | undefined;
  /** The child actor currently running `method`'s step, if any. */
  const currentOwner = (method: DrivenMethod): unknown =>
    session?.getSnapshot().children[CHILD_OF[method] as never];
  const fake = createScriptedSdk({
    otherwise: { initSDK: 'hold', login: 'hold', logout: 'hold' },
    onCall: (call) => Object.assign(call, { owner: currentOwner(call.method) }),
  });
  const calls = fake.calls as DrivenCall[];
  const pending = () =>
    calls.filter((call) => !call.settled).map((call) => Object.assign(call, { settle: call.resolve }));

  return {
    sdk: fake.sdk,
    calls,
    /** Binds the session whose children own the calls (before `start()`). */
    bind(actor: SessionActor) {
      session = actor;
    },
    /** Pending calls made by the step the session is running now. */
    current: (method: DrivenMethod) =>
      pending().filter((call) => call.method === method && call.owner === currentOwner(method)),
    /**
     * Pending calls whose step the session has left (it no longer waits for them), and those no step made (a logout
     * in the background: a robbed tab's, T10).
     */
    abandoned: () =>
      pending().filter((call) => call.owner === undefined || call.owner !== currentOwner(call.method)),
    get listener() {
      return fake.listener;
    },
  };
}

/** Lets chains of promise callbacks run to completion (no timers involved). */
export const settleMicrotasks = (): Promise<void> => flushMicrotasks(50);
