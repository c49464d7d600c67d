import type { ImResult, ImSdk, ImSdkListener } from '@imstate/core';
import { vi } from 'vitest';

/** A promise the test settles by hand. */
export interface Pending<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
  settled: boolean;
}

export function pending<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const handle: Pending<T> = {
    promise,
    settled: false,
    resolve: (value) => {
      handle.settled = true;
      resolve(value);
    },
    reject: (reason) => {
      handle.settled = true;
      reject(reason);
    },
  };
  return handle;
}

export type Answer = ImResult | Error | 'never' | 'pending' | { throws: unknown };

/**
 * A scripted SDK: each call takes the next scripted answer (default: success). `'pending'` hands the
 * test a promise to settle later (in `logins` / `logouts`); `'never'` never settles.
 */
export function createFakeSdk() {
  const script = { init: [] as Answer[], login: [] as Answer[], logout: [] as Answer[] };
  const logins: Pending<ImResult>[] = [];
  const logouts: Pending<ImResult>[] = [];
  let listener: ImSdkListener | undefined;
  let inFlightLogins = 0;
  let maxInFlightLogins = 0;

  const answer = (queue: Answer[], bucket?: Pending<ImResult>[]): Promise<ImResult> => {
    const next = queue.shift() ?? { code: 0, desc: 'ok' };
    if (next === 'never') return new Promise(() => {});
    if (next === 'pending') {
      const handle = pending<ImResult>();
      bucket?.push(handle);
      return handle.promise;
    }
    if (next instanceof Error) return Promise.reject(next);
    if ('throws' in next) throw next.throws;
    return Promise.resolve(next);
  };

  const sdk = {
    initSDK: vi.fn((params: Parameters<ImSdk['initSDK']>[0]) => {
      listener = params.listener;
      return answer(script.init);
    }),
    unInitSDK: vi.fn(() => {}),
    login: vi.fn((_params: { userID: string; userSig: string }) => {
      inFlightLogins += 1;
      maxInFlightLogins = Math.max(maxInFlightLogins, inFlightLogins);
      try {
        const result = answer(script.login, logins);
        void result.then(
          () => (inFlightLogins -= 1),
          () => (inFlightLogins -= 1),
        );
        return result;
      } catch (error) {
        inFlightLogins -= 1;
        throw error;
      }
    }),
    logout: vi.fn(() => answer(script.logout, logouts)),
  } satisfies ImSdk;

  return {
    sdk,
    script,
    logins,
    logouts,
    get listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK was not called');
      return listener;
    },
    get maxInFlightLogins() {
      return maxInFlightLogins;
    },
  };
}

/** Lets queued promise callbacks run (microtasks and zero-delay work). */
export async function flush(times = 10): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
