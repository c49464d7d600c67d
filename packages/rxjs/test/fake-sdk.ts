import {
  type ImResult,
  type ImSdk,
  type ImSdkListener,
  type SessionActor,
  type SessionOptions,
  type SessionStatus,
  selectStatus,
} from '@imstate/core';
import { vi } from 'vitest';
import { waitFor } from 'xstate';

const ok: ImResult = { code: 0, desc: 'ok' };

/** An SDK whose calls all succeed, with spies to count them and its listener to play the server's part. */
export function createFakeSdk() {
  let listener: ImSdkListener | undefined;
  const sdk = {
    initSDK: vi.fn(async (params: Parameters<ImSdk['initSDK']>[0]) => {
      listener = params.listener;
      return ok;
    }),
    unInitSDK: vi.fn(() => {}),
    login: vi.fn(async (_params: { userID: string; userSig: string }) => ok),
    logout: vi.fn(async () => ok),
  } satisfies ImSdk;
  const options: SessionOptions = { sdk, sdkAppID: 1400000001 };
  return {
    sdk,
    options,
    /** The listener the session registered in `initSDK`. */
    get listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK was not called');
      return listener;
    },
  };
}

/** Resolves once the session reaches `status`. */
export function reach(session: SessionActor, status: SessionStatus): Promise<unknown> {
  return waitFor(session, (snapshot) => selectStatus(snapshot) === status, { timeout: 1000 });
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
