import { deflateSync } from 'node:zlib';
import {
  createSession,
  type ImResult,
  type ImSdk,
  type ImSdkListener,
  type SessionActor,
  type SessionContext,
  type SessionEmitted,
  type SessionOptions,
  selectStatus,
  selectSubstate,
} from '@imstate/core';
import { Api } from 'tls-sig-api-v2';
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

export type Answer = ImResult | Error | 'never' | 'pending' | { throws: unknown } | { rejects: unknown };

/** An answer the port's types rule out but a loosely typed adapter may give: a `code` of any type (`'70001'`). */
export const looseAnswer = (code: unknown, desc = 'loosely typed'): ImResult =>
  ({ code, desc }) as unknown as ImResult;

/** One `sdk.login` / `sdk.logout` call the fake has seen. */
export interface SdkCall {
  kind: 'login' | 'logout';
  /** `Date.now()` when the session made the call (fake timers move it). */
  startedAt: number;
  settled: boolean;
}

/** A `sdk.login` call made while an earlier login/logout had not settled, and how old that one was. */
export interface Overlap {
  /** The unsettled earlier call. */
  with: SdkCall['kind'];
  /** How long the earlier call had been running when the login started. */
  ageMs: number;
}

/**
 * A scripted SDK: each call takes the next scripted answer (default: success). `'pending'` hands the
 * test a promise to settle later (in `inits` / `logins` / `logouts`); `'never'` never settles.
 * It records every login/logout in flight, so tests can check that the session never overlaps them.
 */
export function createFakeSdk(initial: { init?: Answer[]; login?: Answer[]; logout?: Answer[] } = {}) {
  const script = {
    init: [...(initial.init ?? [])],
    login: [...(initial.login ?? [])],
    logout: [...(initial.logout ?? [])],
  };
  const inits: Pending<ImResult>[] = [];
  const logins: Pending<ImResult>[] = [];
  const logouts: Pending<ImResult>[] = [];
  const calls: SdkCall[] = [];
  const overlaps: Overlap[] = [];
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
    if ('rejects' in next) return Promise.reject(next.rejects);
    return Promise.resolve(next);
  };

  /** Answers a login/logout and keeps its in-flight record up to date. */
  const tracked = (kind: SdkCall['kind'], queue: Answer[], bucket: Pending<ImResult>[]) => {
    const call: SdkCall = { kind, startedAt: Date.now(), settled: false };
    const done = () => {
      call.settled = true;
      if (kind === 'login') inFlightLogins -= 1;
    };
    calls.push(call);
    if (kind === 'login') {
      inFlightLogins += 1;
      maxInFlightLogins = Math.max(maxInFlightLogins, inFlightLogins);
    }
    try {
      const result = answer(queue, bucket);
      void result.then(done, done);
      return result;
    } catch (error) {
      done();
      throw error;
    }
  };

  const sdk = {
    initSDK: vi.fn((params: Parameters<ImSdk['initSDK']>[0]) => {
      listener = params.listener;
      return answer(script.init, inits);
    }),
    unInitSDK: vi.fn(() => {}),
    login: vi.fn((_params: { userID: string; userSig: string }) => {
      for (const call of calls) {
        if (!call.settled) overlaps.push({ with: call.kind, ageMs: Date.now() - call.startedAt });
      }
      return tracked('login', script.login, logins);
    }),
    logout: vi.fn(() => tracked('logout', script.logout, logouts)),
  } satisfies ImSdk;

  return {
    sdk,
    script,
    inits,
    logins,
    logouts,
    /** Every login/logout call, in order. */
    calls,
    /** Logins that started while an earlier login/logout was still unsettled. */
    overlaps,
    get listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK was not called');
      return listener;
    },
    get maxInFlightLogins() {
      return maxInFlightLogins;
    },
    /** The `userSig` of every `sdk.login` call, in order. */
    get loginSigs(): string[] {
      return sdk.login.mock.calls.map(([params]) => params.userSig);
    },
  };
}

export type FakeSdk = ReturnType<typeof createFakeSdk>;

/** Lets queued promise callbacks run (microtasks and zero-delay work). */
export async function flush(times = 10): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}

/** Lets every pending promise chain run to the end, without moving (fake) time. */
export async function settle(): Promise<void> {
  await flush(100);
}

export const APP_ID = 1400000001;
export const SECRET_KEY = 'test-secret-key-0123456789abcdef';

/** A real TLSSigAPIv2 UserSig, minted at the current (fake) time. */
export function mintUserSig(userID: string, expireSeconds: number, sdkAppID = APP_ID): string {
  return new Api(sdkAppID, SECRET_KEY).genUserSig(userID, expireSeconds);
}

/** Packs JSON the way TLSSigAPIv2 does (zlib deflate, base64 with `*-_` for `+/=`), without a signature. */
export function pack(json: Record<string, unknown>): string {
  return deflateSync(Buffer.from(JSON.stringify(json)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

/** A session over a fresh fake SDK, with every emitted event recorded. */
export interface Harness {
  fake: FakeSdk;
  session: SessionActor;
  /** Everything the session emitted, in order. */
  emitted: SessionEmitted[];
  /** The emitted events of one type. */
  emittedOf<T extends SessionEmitted['type']>(type: T): Extract<SessionEmitted, { type: T }>[];
  status(): ReturnType<typeof selectStatus>;
  substate(): string;
  context(): SessionContext;
}

const live = new Set<SessionActor>();

/** Stops every session the harness created (call from `afterEach`). */
export function stopAllSessions(): void {
  for (const session of live) session.stop();
  live.clear();
}

/** Creates (and, unless `start: false`, starts) a session over a fresh fake SDK. */
export function createHarness(
  options: Partial<Omit<SessionOptions, 'sdk'>> & { start?: boolean; fake?: FakeSdk } = {},
): Harness {
  const { start = true, fake = createFakeSdk(), ...rest } = options;
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

/** A started session that finished `initSDK` and sits in `loggedOut`. */
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
