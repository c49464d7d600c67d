/** Probes the bindings' tests use: reaching a status, counting open listeners, trying to write what is frozen. */
import type { SessionActor, SessionStatus } from '@imstate/core';
import { vi } from 'vitest';
import { waitFor } from 'xstate';

/** Resolves once the session reaches `status` (one of its top-level states). */
export function reach(session: SessionActor, status: SessionStatus): Promise<unknown> {
  return waitFor(session, (snapshot) => snapshot.matches(status), { timeout: 1000 });
}

type Unsubscribable = { unsubscribe(): void };

/** Counts what a session's `subscribe` and `on` hand out and is not yet unsubscribed. */
export function trackListeners(session: SessionActor): { readonly open: number; readonly opened: number } {
  let open = 0;
  let opened = 0;
  const track = (subscription: Unsubscribable): Unsubscribable => {
    open += 1;
    opened += 1;
    let active = true;
    return {
      unsubscribe() {
        if (active) open -= 1;
        active = false;
        subscription.unsubscribe();
      },
    };
  };
  const subscribe = session.subscribe.bind(session);
  const on = session.on.bind(session);
  vi.spyOn(session, 'subscribe').mockImplementation(((...args: Parameters<typeof subscribe>) =>
    track(subscribe(...args))) as typeof subscribe);
  vi.spyOn(session, 'on').mockImplementation(((...args: Parameters<typeof on>) =>
    track(on(...args))) as typeof on);
  return {
    get open() {
      return open;
    },
    get opened() {
      return opened;
    },
  };
}

/** Tries to write `patch` into `target`, as an app's careless handler might: says whether the write was refused. */
export function tryToWrite(target: object, patch: object): 'written' | 'refused' {
  try {
    Object.assign(target, patch);
    return 'written';
  } catch (caught) {
    if (caught instanceof TypeError) return 'refused';
    throw caught;
  }
}
