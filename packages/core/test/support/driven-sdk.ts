import type { ImResult, ImSdk, ImSdkListener, SessionActor } from '@imstate/core';

/** The SDK calls a session makes, by port method. */
export type DrivenMethod = 'initSDK' | 'login' | 'logout';

/** One SDK call, waiting for the test to settle it. */
export interface DrivenCall {
  method: DrivenMethod;
  /** The session's child actor that was running this kind of step when the call was made. */
  owner: unknown;
  settled: boolean;
  settle(result: ImResult): void;
}

/** The session's invoked actor that makes each kind of call (see `sessionMachine`). */
const CHILD_OF: Record<DrivenMethod, string> = { initSDK: 'initSdk', login: 'login', logout: 'logout' };

/**
 * An SDK where every call stays pending until the test settles it, so the test (like the model)
 * decides when each step finishes. Each call remembers which invocation made it, so calls left
 * behind by a state the session has already left can be told apart from the current one.
 */
export function createDrivenSdk() {
  const calls: DrivenCall[] = [];
  let listener: ImSdkListener | undefined;
  let session: SessionActor | undefined;

  /** The child actor currently running `method`'s step, if any. */
  const currentOwner = (method: DrivenMethod): unknown =>
    session?.getSnapshot().children[CHILD_OF[method] as never];

  const call = (method: DrivenMethod) =>
    new Promise<ImResult>((resolve) => {
      const entry: DrivenCall = {
        method,
        owner: currentOwner(method),
        settled: false,
        settle(result) {
          if (entry.settled) return;
          entry.settled = true;
          resolve(result);
        },
      };
      calls.push(entry);
    });

  const sdk: ImSdk = {
    initSDK: (params) => {
      listener = params.listener;
      return call('initSDK');
    },
    unInitSDK: () => {},
    login: () => call('login'),
    logout: () => call('logout'),
  };

  return {
    sdk,
    calls,
    /** Binds the session whose children own the calls (before `start()`). */
    bind(actor: SessionActor) {
      session = actor;
    },
    /** Pending calls made by the step the session is running now. */
    current: (method: DrivenMethod) =>
      calls.filter((c) => c.method === method && !c.settled && c.owner === currentOwner(method)),
    /** Pending calls whose step the session has left (it no longer waits for them). */
    abandoned: () => calls.filter((c) => !c.settled && c.owner !== currentOwner(c.method)),
    get listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK was not called');
      return listener;
    },
  };
}

/** Lets chains of promise callbacks run to completion (no timers involved). */
export async function settleMicrotasks(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
