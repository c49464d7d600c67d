import type { SessionActor } from './create-session';
import type { sessionMachine } from './session.machine';
import {
  classifyLoginFailure,
  errorFromException,
  type LoginFailureClass,
  numericCode,
  sessionError,
} from './session.policy';
import {
  type ImSdkListener,
  type KickReason,
  LOG_LEVELS,
  type LogEntry,
  type SelfInfo,
  type SessionAppEvent,
  type SessionError,
  type SessionOptions,
  type SessionSdkEvent,
  type UserSigReason,
} from './session.types';
import { isUsableUserSig, jsonSafe } from './session.validation';
import { decodeUserSig } from './user-sig';

/**
 * Why an SDK step failed: what its actor rejects with, and the statechart reads from `xstate.error.actor.*`.
 * `failure` classifies failed logins. Never carries a UserSig.
 */
export interface StepFailure {
  error: SessionError;
  failure?: LoginFailureClass;
}

/** The per-session side of the machine that must stay out of snapshots: the SDK, the app's callbacks, the UserSig. */
export interface SessionRuntime {
  /** Routes SDK callbacks into the session while it runs; the returned function stops the session's use of the SDK. */
  connect(sink: (event: SessionSdkEvent) => void): () => void;
  log(level: LogEntry['level'], message: string, data?: unknown): void;
  holdUserSig(userSig: string | undefined): void;
  forgetUserSig(): void;
  /** The server said the held UserSig expired: it is never used again. */
  markUserSigExpired(): void;
  /** Each step resolves when it succeeded and rejects with a {@link StepFailure} when it did not. */
  init(sdkAppID: number): Promise<unknown>;
  login(userID: string, reason: UserSigReason, signal: AbortSignal): Promise<unknown>;
  logout(): Promise<unknown>;
  /** Resolves once the logins and logouts in flight have settled (or outlived the timeout), or `signal` aborts. */
  settled(signal?: AbortSignal): Promise<void>;
  /** The app's tab coordinator, when it gave one. */
  tabs: SessionOptions['tabs'];
}

/** What an SDK or app function ended with: its value, or the error it failed with. */
type Settled = { value?: unknown; error?: SessionError };

interface SdkCall {
  startedAt: number;
  settled: Promise<Settled>;
}

const KICK_REASONS: readonly KickReason[] = ['multipleDevice', 'multipleAccount', 'restApi', 'unknown'];
const TIMED_OUT = Symbol();
/** How many of the last UserSigs are still cut out of SDK and provider texts. */
const SECRETS_KEPT = 8;

/** Fails a step: a rejection for the statechart's `onError`. */
const fail = (error: SessionError, failure?: LoginFailureClass): Promise<never> =>
  Promise.reject({ error, failure } satisfies StepFailure);

/** Resolves a settled step that succeeded; rejects with its error otherwise. */
const passOn = ({ error }: Settled) => error && fail(error);

/**
 * The statechart decides *when*; the runtime knows *how*. The UserSig lives only in this closure: never in
 * context, events, actor inputs or outputs, so no snapshot or inspection event can carry it.
 */
export function createRuntime(options: SessionOptions, timeout: number): SessionRuntime {
  const { sdk, getUserSig, logger, logLevel = 'warn', sdkLogLevel = logLevel } = options;
  /** Logins and logouts in flight. */
  const calls = new Set<SdkCall>();
  const expiredUserSigs = new Set<string>();
  /**
   * The last UserSigs held (a few), only to cut them out of any text an SDK or provider sends back, also once they
   * are no longer held: a logout's error, the next user's login or a provider may still echo one. Never used to log
   * in; cleared when the session stops.
   */
  const secrets = new Set<string>();
  let sink: ((event: SessionSdkEvent) => void) | undefined;
  let disposed = false;
  let initCalled = false;
  let lastLogin: SdkCall | undefined;
  let userSig: string | undefined;
  let userSigExpiresAt: number | undefined;

  const send = (event: SessionSdkEvent) => sink?.(event);

  const log: SessionRuntime['log'] = (level, message, data) => {
    if (!logger || LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(logLevel)) return;
    try {
      logger(data === undefined ? { level, message } : { level, message, data });
    } catch {
      // A throwing logger must not break the session.
    }
  };

  // Our own code never puts a UserSig in a message; an SDK or provider might echo one back: cut it out.
  const redacted = (error: SessionError) => {
    for (const secret of secrets) error.message = error.message.replaceAll(secret, '[redacted]');
    return error;
  };

  /**
   * Runs an SDK or app function: a throw, a rejection, a failure code and a value all resolve. An answer with a `code`
   * succeeds only when the code is 0 (or `'0'`); any other code fails like a rejection with that code and text.
   * Reading a failure that throws (a hostile getter) is SDK_EXCEPTION.
   */
  const settle = (run: () => unknown): Promise<Settled> =>
    new Promise((resolve) => resolve(run()))
      .then((value) => {
        const { code, desc } = Object(value);
        if (code !== undefined && numericCode(code) !== 0) throw { code, message: desc };
        return { value };
      })
      .catch((cause) => ({ error: redacted(errorFromException(cause)) }))
      .catch(() => ({ error: errorFromException(undefined) }));

  /** Waits for `promise`, at most `ms`, and no longer than `signal` stays unaborted. Clears its timer. */
  const within = <T>(promise: Promise<T>, ms: number, signal?: AbortSignal) =>
    new Promise<T | typeof TIMED_OUT>((resolve) => {
      const finish = (value: T | typeof TIMED_OUT) => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(finish, ms, TIMED_OUT);
      signal?.addEventListener('abort', () => finish(TIMED_OUT));
      promise.then(finish);
    });

  /** How long `call` may still block the next login (R13b): until it outlives the timeout. */
  const blocking = (call: SdkCall) => call.startedAt + timeout - Date.now();
  /** Waits for the logins and logouts in flight, each until it settles or outlives the timeout (R13b). */
  const settled = async (signal?: AbortSignal) => {
    for (const call of calls) {
      if (blocking(call) > 0 && !signal?.aborted) await within(call.settled, blocking(call), signal);
    }
  };

  const track = (run: () => unknown): SdkCall => {
    const call = { startedAt: Date.now(), settled: settle(run) };
    calls.add(call);
    call.settled.then(() => calls.delete(call));
    return call;
  };

  const holdUserSig = (candidate: string | undefined) => {
    const held = isUsableUserSig(candidate) ? candidate : undefined;
    userSig = held;
    userSigExpiresAt = undefined;
    if (!held) return;
    secrets.delete(held);
    secrets.add(held);
    if (secrets.size > SECRETS_KEPT) secrets.delete(secrets.values().next().value!);
    decodeUserSig(held).then((info) => {
      if (held !== userSig || disposed) return;
      userSigExpiresAt = info?.expiresAt;
      send({ type: 'USER_SIG.DECODED', expiresAt: userSigExpiresAt });
    });
  };

  const forgetUserSig = () => {
    holdUserSig(undefined);
    expiredUserSigs.clear();
  };

  /** The held UserSig, when this kind of login may use it. */
  const heldUserSigFor = (reason: UserSigReason) => {
    const fresh = userSig && !expiredUserSigs.has(userSig) && (userSigExpiresAt ?? Infinity) > Date.now();
    return reason === 'login' || (reason === 'relogin' && fresh) ? userSig : undefined;
  };

  /** A UserSig from `getUserSig`, bounded by the timeout, or a failure. */
  const askForUserSig = async (userID: string, reason: UserSigReason, signal: AbortSignal) => {
    if (!getUserSig) {
      // RELOGIN holding only an expired UserSig: no point asking the server (→ sigExpired, wait for LOGIN).
      return fail(
        sessionError('INVALID_USER_SIG', 'No usable UserSig and no getUserSig', 'validation'),
        userSig ? 'expired' : 'permanent',
      );
    }
    const controller = new AbortController();
    signal.addEventListener('abort', () => controller.abort());
    log('debug', 'getUserSig', { userID, reason });
    const answer = await within(
      settle(() => getUserSig(userID, { reason, signal: controller.signal })),
      timeout,
      signal,
    );
    controller.abort();
    const problem =
      answer === TIMED_OUT
        ? 'timed out'
        : answer.error
          ? `failed: ${answer.error.message}`
          : !isUsableUserSig(answer.value)
            ? 'returned a blank UserSig'
            : expiredUserSigs.has(answer.value)
              ? 'returned the expired UserSig'
              : undefined;
    if (problem || answer === TIMED_OUT) {
      return fail(sessionError('USER_SIG_PROVIDER_FAILED', `getUserSig ${problem}`, 'provider'), 'transient');
    }
    holdUserSig(answer.value as string);
    return answer.value as string;
  };

  // Synchronous up to sdk.login when the UserSig is at hand and nothing else is in flight.
  const login = async (userID: string, reason: UserSigReason, signal: AbortSignal) => {
    const sig = heldUserSigFor(reason) ?? (await askForUserSig(userID, reason, signal));
    // R13b: an earlier login/logout blocks this one until it settles or outlives the timeout.
    // Without a call to wait for, sdk.login is called at once (in the same tick as the LOGIN).
    if ([...calls].some((call) => blocking(call) > 0)) await settled(signal);
    // Cancelled (LOGOUT, stop): XState ignores what a stopped actor ends with.
    if (signal.aborted) return;

    log('info', 'login', { userID, reason });
    const call = track(() => sdk.login({ userID, userSig: sig }));
    lastLogin = call;
    const result = await within(call.settled, timeout, signal);
    if (result === TIMED_OUT) {
      // Abandoned (timed out or cancelled): should it succeed after all, log it out so no session lingers.
      call.settled.then((late) => {
        if (!late.error && !disposed && lastLogin === call) track(() => sdk.logout());
      });
      return fail(sessionError('LOGIN_TIMEOUT', 'sdk.login timed out', 'timeout'), 'transient');
    }
    if (!result.error) return log('info', 'login succeeded', { userID });
    const failure = classifyLoginFailure(result.error.code);
    if (failure === 'expired') expiredUserSigs.add(sig);
    log('warn', 'login failed', { userID, code: result.error.code });
    return fail(result.error, failure);
  };

  const listener: ImSdkListener = {
    onConnecting: () => send({ type: 'SDK.CONNECTING' }),
    onConnectSuccess: () => send({ type: 'SDK.CONNECT_SUCCESS' }),
    // Read like a rejection: a code that is not a number (nor its text) is never taken as it is.
    onConnectFailed: (code, message) =>
      send({ type: 'SDK.CONNECT_FAILED', error: redacted(errorFromException({ code, message })) }),
    onKickedOffline: (reason) =>
      send({ type: 'SDK.KICKED', reason: KICK_REASONS.includes(reason!) ? reason! : 'unknown' }),
    onUserSigExpired: () => send({ type: 'SDK.SIG_EXPIRED' }),
    onSelfInfoUpdated: (info) => {
      // Kept as a plain JSON-safe copy, so that the app can serialise and persist its snapshots.
      try {
        info = jsonSafe(info) as SelfInfo;
      } catch {
        return; // A profile that cannot be read (a throwing getter) changes nothing.
      }
      if (info && typeof info === 'object') send({ type: 'SDK.SELF_INFO', info });
    },
  };

  return {
    connect(next) {
      sink = next;
      return () => {
        if (disposed) return;
        disposed = true;
        sink = undefined;
        forgetUserSig();
        secrets.clear();
        if (initCalled) settle(() => sdk.unInitSDK());
      };
    },
    log,
    holdUserSig,
    forgetUserSig,
    markUserSigExpired() {
      if (userSig) expiredUserSigs.add(userSig);
    },
    init(sdkAppID) {
      initCalled = true;
      log('debug', 'initSDK', { sdkAppID, logLevel: sdkLogLevel });
      return settle(() => sdk.initSDK({ sdkAppID, logLevel: sdkLogLevel, listener })).then(passOn);
    },
    login,
    settled,
    tabs: options.tabs,
    logout() {
      // A login still in flight is logged out if (and when) it succeeds: see login.
      if (lastLogin && calls.has(lastLogin)) return Promise.resolve();
      log('info', 'logout');
      return track(() => sdk.logout()).settled.then(passOn);
    },
  };
}

type LoginEvent = Extract<SessionAppEvent, { type: 'LOGIN' }>;

/**
 * What `createSession` keeps out of XState, under the object XState gets in its place: the UserSig of a LOGIN event
 * (under the sealed copy), the SDK and the app's functions (under the plain settings that are the actor's input).
 */
const keptOutOfXState = new WeakMap<object, unknown>();

/**
 * A copy of a LOGIN event, each field read once, whose UserSig stays out of XState (its mailbox, inspection, the
 * development build's warnings): a usable one is replaced by `'[redacted]'` and kept for {@link userSigOf}.
 */
export function sealLogin({ userID, userSig }: LoginEvent): LoginEvent {
  const sealed = {
    type: 'LOGIN',
    userID,
    userSig: isUsableUserSig(userSig) ? '[redacted]' : undefined,
  } as const;
  keptOutOfXState.set(sealed, userSig);
  return sealed;
}

/** The UserSig a LOGIN brings: the one sealed away from it, or its own (an actor made without `createSession`). */
export const userSigOf = (event: LoginEvent): string | undefined =>
  (keptOutOfXState.get(event) as string | undefined) ?? event.userSig;

/**
 * The plain settings of `options`, for the actor's input (which XState hands to inspection): without the SDK, which
 * may hold a UserSig, and the app's functions. {@link optionsOf} finds the whole options by them.
 */
export function settingsOf(options: SessionOptions): SessionOptions {
  const { sdk, getUserSig, logger, inspect, tabs, ...settings } = options;
  keptOutOfXState.set(settings, options);
  return settings as SessionOptions;
}

/** The whole options behind an actor's input: the input itself for an actor made without `createSession`. */
export const optionsOf = (input: SessionOptions): SessionOptions =>
  (keptOutOfXState.get(input) as SessionOptions | undefined) ?? input;

const runtimes = new WeakMap<object, SessionRuntime>();

/** Binds a runtime to its session actor (once, from the machine's context factory). */
export function bindRuntime(actor: object, runtime: SessionRuntime): void {
  runtimes.set(actor, runtime);
}

/**
 * Whether `value` is a session actor: one of {@link sessionMachine}, made by `createSession` or `createActor`.
 * Bindings use it to refuse anything else where it is passed.
 */
export function isSessionActor(value: unknown): value is SessionActor {
  return runtimes.has(value as object);
}

/** The runtime of a session actor. */
export function runtimeOf(actor: object): SessionRuntime {
  const runtime = runtimes.get(actor);
  if (!runtime) throw new Error('imstate: not a session actor');
  return runtime;
}
