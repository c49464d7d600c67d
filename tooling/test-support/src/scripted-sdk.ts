/**
 * The one scriptable SDK fake of imstate's tests: every `ImSdk` method (and a `getUserSig` provider) answers from a
 * script written in one vocabulary — `resolve`, `reject`, `throw`, `hold`, `never` — and records each call, so a
 * test can settle a held call later and check which calls overlapped.
 */
import type { ImResult, ImSdk, ImSdkListener, UserSigProvider } from '@imstate/core';
import { vi } from 'vitest';

/** How one call answers. `hold` leaves it pending until the test settles it; `never` never settles. */
export type Answer<T> = { resolve: T } | { reject: unknown } | { throw: unknown } | 'hold' | 'never';

/** An answer, or a function that picks one when the call is made (for answers that depend on earlier calls). */
export type Scripted<T> = Answer<T> | (() => Answer<T>);

/** The SDK methods that answer (`unInitSDK` only counts). */
export type SdkMethod = 'initSDK' | 'login' | 'logout';

/** `{ resolve: { code, desc } }`: the SDK answers with a code (0 is success). */
export const result = (code: number, desc = code === 0 ? 'ok' : `error ${code}`): Answer<ImResult> => ({
  resolve: { code, desc },
});

/** The SDK's success. */
export const ok: Answer<ImResult> = result(0);

/** An answer the port's types rule out but a loosely typed adapter may give: a `code` of any type (`'70001'`). */
export const looseResult = (code: unknown, desc = 'loosely typed'): Answer<ImResult> => ({
  resolve: { code, desc } as unknown as ImResult,
});

/** `count` copies of one SDK answer, for a script. */
export const times = (count: number, answer: Scripted<ImResult>): Scripted<ImResult>[] =>
  Array.from({ length: count }, () => answer);

/** One call the fake has seen. */
export interface Call<T> {
  /** `Date.now()` when the call was made (fake timers move it). */
  startedAt: number;
  /** Whether its promise has settled (or the call threw). */
  settled: boolean;
  /** Whether the script said `hold`: only then do `resolve` and `reject` settle it. */
  held: boolean;
  /** Settles a held call; does nothing once it has settled. */
  resolve(value: T): void;
  /** Rejects a held call; does nothing once it has settled. */
  reject(reason: unknown): void;
}

/** One SDK call, with its method and what it was called with. */
export interface SdkCall extends Call<ImResult> {
  method: SdkMethod;
  /** `login`'s UserSig. */
  userSig?: string;
}

/** A `sdk.login` made while an earlier login or logout had not settled, and how old that call was. */
export interface Overlap {
  with: 'login' | 'logout';
  ageMs: number;
}

/**
 * Runs one scripted answer for `call`: a promise, or a synchronous throw. Marks the call settled when its promise
 * settles; a held call gets its `resolve` and `reject`.
 */
function answer<T>(scripted: Scripted<T>, call: Call<T>): Promise<T> {
  const chosen = typeof scripted === 'function' ? scripted() : scripted;
  if (chosen === 'never') return new Promise<T>(() => {});
  if (typeof chosen === 'object' && 'throw' in chosen) {
    call.settled = true;
    throw chosen.throw;
  }
  const promise =
    chosen === 'hold'
      ? new Promise<T>((resolve, reject) => {
          call.held = true;
          call.resolve = (value) => {
            if (!call.settled) resolve(value);
          };
          call.reject = (reason) => {
            if (!call.settled) reject(reason);
          };
        })
      : 'resolve' in chosen
        ? Promise.resolve(chosen.resolve)
        : Promise.reject(chosen.reject);
  const done = () => {
    call.settled = true;
  };
  promise.then(done, done);
  return promise;
}

const newCall = <T>(): Call<T> => ({
  startedAt: Date.now(),
  settled: false,
  held: false,
  resolve() {},
  reject() {},
});

/** What a scripted SDK answers, method by method, and what it answers once a method's list runs out. */
export interface SdkScript {
  initSDK?: Scripted<ImResult>[];
  login?: Scripted<ImResult>[];
  logout?: Scripted<ImResult>[];
  /** Each method's answer after its list ran out. Default: `ok`. */
  otherwise?: Partial<Record<SdkMethod, Scripted<ImResult>>>;
  /** Called at each call, before it answers, with the calls made before it. */
  onCall?(call: SdkCall, earlier: readonly SdkCall[]): void;
}

/** An `ImSdk` (each method a `vi.fn`) that answers as `script` says and records every call. */
export function createScriptedSdk(script: SdkScript = {}) {
  const queues: Record<SdkMethod, Scripted<ImResult>[]> = {
    initSDK: [...(script.initSDK ?? [])],
    login: [...(script.login ?? [])],
    logout: [...(script.logout ?? [])],
  };
  const calls: SdkCall[] = [];
  const overlaps: Overlap[] = [];
  let listener: ImSdkListener | undefined;
  let inFlightLogins = 0;
  let maxInFlightLogins = 0;

  const call = (method: SdkMethod, userSig?: string): Promise<ImResult> => {
    const made: SdkCall = { ...newCall<ImResult>(), method, ...(userSig !== undefined && { userSig }) };
    if (method === 'login') {
      for (const earlier of calls) {
        if (earlier.method !== 'initSDK' && !earlier.settled)
          overlaps.push({ with: earlier.method, ageMs: made.startedAt - earlier.startedAt });
      }
    }
    script.onCall?.(made, [...calls]);
    calls.push(made);
    const scripted = queues[method].shift() ?? script.otherwise?.[method] ?? ok;
    if (method !== 'login') return answer(scripted, made);
    maxInFlightLogins = Math.max(maxInFlightLogins, ++inFlightLogins);
    const landed = () => {
      inFlightLogins -= 1;
    };
    try {
      const promise = answer(scripted, made);
      promise.then(landed, landed);
      return promise;
    } catch (thrown) {
      landed();
      throw thrown;
    }
  };

  const sdk = {
    initSDK: vi.fn((params: Parameters<ImSdk['initSDK']>[0]) => {
      listener = params.listener;
      return call('initSDK');
    }),
    unInitSDK: vi.fn((): void => {}),
    login: vi.fn((params: { userID: string; userSig: string }) => call('login', params.userSig)),
    logout: vi.fn(() => call('logout')),
  } satisfies ImSdk;

  const held = (method: SdkMethod) => calls.filter((made) => made.method === method && made.held);

  return {
    sdk,
    /** The answers still to come, by method: push more at any time. */
    script: queues,
    /** Every call, in order. */
    calls,
    /** The `initSDK` calls that were held, in order. */
    get inits() {
      return held('initSDK');
    },
    /** The `login` calls that were held, in order. */
    get logins() {
      return held('login');
    },
    /** The `logout` calls that were held, in order. */
    get logouts() {
      return held('logout');
    },
    /** Logins that started while an earlier login or logout was still unsettled. */
    overlaps,
    /** The most `sdk.login` calls unsettled at one time. */
    get maxInFlightLogins() {
      return maxInFlightLogins;
    },
    /** The UserSig of every `sdk.login` call, in order. */
    get loginSigs(): string[] {
      return sdk.login.mock.calls.map(([params]) => params.userSig);
    },
    /** The listener `initSDK` was given. Throws when `initSDK` was not called. */
    get listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK was not called');
      return listener;
    },
  };
}

export type ScriptedSdk = ReturnType<typeof createScriptedSdk>;

/** One `getUserSig` call. */
export interface ProviderCall extends Call<string> {
  userID: string;
  reason: string;
  signal: AbortSignal;
}

/** A `getUserSig` (a `vi.fn`) that answers from `script`, then `otherwise` (default: a new UserSig each time). */
export function createScriptedProvider(
  script: Scripted<string>[] = [],
  otherwise?: Scripted<string>,
  onCall?: (call: ProviderCall) => void,
) {
  const queue = [...script];
  const calls: ProviderCall[] = [];
  let minted = 0;
  const getUserSig = vi.fn<UserSigProvider>((userID, { reason, signal }) => {
    const made: ProviderCall = { ...newCall<string>(), userID, reason, signal };
    onCall?.(made);
    calls.push(made);
    return answer(
      queue.shift() ?? otherwise ?? (() => ({ resolve: `sig-${userID}-fresh-${++minted}` })),
      made,
    );
  });
  return {
    getUserSig,
    /** The answers still to come: push more at any time. */
    script: queue,
    calls,
    /** The calls that were held, in order. */
    get held() {
      return calls.filter((made) => made.held);
    },
  };
}

/** Lets queued promise callbacks run (microtasks only: no timer moves). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) await Promise.resolve();
}
