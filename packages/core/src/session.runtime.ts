import {
  classifyLoginFailure,
  ErrorCode,
  errorFromException,
  type LoginFailureClass,
} from './session.policy';
import type {
  ImSdkListener,
  KickReason,
  LogEntry,
  LogLevel,
  SessionError,
  SessionOptions,
  SessionPolicy,
  SessionSdkEvent,
  UserSigReason,
} from './session.types';
import { isUsableUserSig } from './session.validation';
import { decodeUserSig } from './user-sig';

/** What an SDK step ended with. Never carries a UserSig. */
export type StepOutcome = { ok: true } | { ok: false; error: SessionError };

/** What a login attempt ended with, classified for the statechart's guards. */
export type LoginOutcome = { ok: true } | { ok: false; error: SessionError; failure: LoginFailureClass };

type Failure = Extract<LoginOutcome, { ok: false }>;

/** The per-session side of the machine that must stay out of snapshots: the SDK, the app's callbacks, the UserSig. */
export interface SessionRuntime {
  /** The listener handed to `initSDK`. */
  readonly listener: ImSdkListener;
  /** Routes SDK callbacks into the session while it runs. */
  attach(sink: (event: SessionSdkEvent) => void): void;
  /** The session stopped: later callbacks are no-ops and the SDK is released once. */
  dispose(): void;
  log(level: LogEntry['level'], message: string, data?: unknown): void;
  holdUserSig(userSig: string | undefined): void;
  forgetUserSig(): void;
  /** The server said the held UserSig expired: it is never used again. */
  markUserSigExpired(): void;
  init(): Promise<StepOutcome>;
  login(userID: string, reason: UserSigReason, signal: AbortSignal): Promise<LoginOutcome>;
  logout(): Promise<StepOutcome>;
}

interface SdkCall {
  startedAt: number;
  settled: Promise<StepOutcome>;
  done?: boolean;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'none'];
const KICK_REASONS: readonly KickReason[] = ['multipleDevice', 'multipleAccount', 'restApi', 'unknown'];
const TIMED_OUT = Symbol();

/**
 * The statechart decides *when*; the runtime knows *how*. The UserSig lives only in this closure: never in
 * context, events, actor inputs or outputs, so no snapshot or inspection event can carry it.
 */
export function createRuntime(options: SessionOptions, policy: SessionPolicy): SessionRuntime {
  const { sdk, getUserSig } = options;
  const timeout = policy.loginTimeoutMs;
  const calls = new Set<SdkCall>();
  const expiredUserSigs = new Set<string>();
  let sink: ((event: SessionSdkEvent) => void) | undefined;
  let disposed = false;
  let initCalled = false;
  let lastLogin: SdkCall | undefined;
  let userSig: string | undefined;
  let userSigExpiresAt: number | undefined;

  const send = (event: SessionSdkEvent) => sink?.(event);

  // Our own code never puts a UserSig in a message; an SDK or provider might echo one back: cut it out.
  const redact = (outcome: StepOutcome & { value?: unknown }) => {
    if (!outcome.ok) {
      for (const secret of [userSig, ...expiredUserSigs]) {
        if (secret) outcome.error.message = outcome.error.message.split(secret).join('[redacted]');
      }
    }
    return outcome;
  };

  const log: SessionRuntime['log'] = (level, message, data) => {
    if (!options.logger || LEVELS.indexOf(level) < LEVELS.indexOf(options.logLevel ?? 'warn')) return;
    try {
      options.logger(data === undefined ? { level, message } : { level, message, data });
    } catch {
      // A throwing logger must not break the session.
    }
  };

  /** Runs an SDK or app function: a throw, a rejection, a failure code and a value all resolve. */
  const settle = (run: () => unknown): Promise<StepOutcome & { value?: unknown }> => {
    try {
      return Promise.resolve(run())
        .then((value): StepOutcome & { value?: unknown } => {
          const code = (value as { code?: unknown } | undefined)?.code;
          if (typeof code !== 'number' || code === 0) return { ok: true, value };
          const desc = (value as { desc?: unknown }).desc;
          return { ok: false, error: { code, message: String(desc || `SDK error ${code}`), source: 'sdk' } };
        }, fail)
        .then(redact);
    } catch (error) {
      return Promise.resolve(redact(fail(error)));
    }
  };

  /** Waits for `promise`, at most `ms`, and no longer than `signal` stays unaborted. Clears its timer. */
  const within = <T>(promise: Promise<T>, ms: number, signal: AbortSignal) =>
    new Promise<T | typeof TIMED_OUT>((resolve) => {
      const finish = (value: T | typeof TIMED_OUT) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => finish(TIMED_OUT);
      const timer = setTimeout(onAbort, Math.max(0, ms));
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
      void promise.then(finish);
    });

  const track = (run: () => unknown): SdkCall => {
    const call: SdkCall = { startedAt: Date.now(), settled: settle(run) };
    calls.add(call);
    void call.settled.then(() => {
      call.done = true;
      calls.delete(call);
    });
    return call;
  };

  // R13b: an earlier login/logout blocks the next login until it settles or outlives the timeout.
  const blocking = () => [...calls].filter((call) => Date.now() - call.startedAt < timeout);

  const readExpiry = async (held: string) => {
    const info = await decodeUserSig(held);
    if (held !== userSig || disposed) return;
    userSigExpiresAt = info?.expiresAt;
    send({ type: 'USER_SIG.DECODED', expiresAt: userSigExpiresAt });
  };

  const holdUserSig = (candidate: string | undefined) => {
    userSig = isUsableUserSig(candidate) ? candidate : undefined;
    userSigExpiresAt = undefined;
    if (userSig) void readExpiry(userSig);
  };

  /** The held UserSig, when this kind of login may use it. */
  const heldUserSigFor = (reason: UserSigReason): string | undefined => {
    if (!userSig || reason === 'expired') return undefined;
    const fresh =
      !expiredUserSigs.has(userSig) && (userSigExpiresAt === undefined || userSigExpiresAt > Date.now());
    return reason === 'login' || fresh ? userSig : undefined;
  };

  const askForUserSig = async (userID: string, reason: UserSigReason, signal: AbortSignal) => {
    if (!getUserSig) {
      // RELOGIN holding only an expired UserSig: no point asking the server (→ sigExpired, wait for LOGIN).
      return userSig
        ? failure('expired', ErrorCode.INVALID_USER_SIG, 'The held UserSig has expired', 'validation')
        : failure('permanent', ErrorCode.INVALID_USER_SIG, 'No UserSig and no getUserSig', 'validation');
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    log('debug', 'getUserSig', { userID, reason });
    const answer = await within(
      settle(() => getUserSig(userID, { reason, signal: controller.signal })),
      timeout,
      signal,
    );
    controller.abort();
    signal.removeEventListener('abort', abort);
    const problem =
      answer === TIMED_OUT
        ? 'did not answer in time'
        : !answer.ok
          ? `failed: ${answer.error.message}`
          : !isUsableUserSig(answer.value)
            ? 'returned a blank UserSig'
            : expiredUserSigs.has(answer.value)
              ? 'returned the UserSig that just expired'
              : undefined;
    if (problem || answer === TIMED_OUT) {
      return failure('transient', ErrorCode.USER_SIG_PROVIDER_FAILED, `getUserSig ${problem}`, 'provider');
    }
    holdUserSig(answer.value as string);
    return answer.value as string;
  };

  const loginWith = async (userID: string, sig: string, reason: UserSigReason, signal: AbortSignal) => {
    for (let waiting = blocking(); waiting.length > 0 && !signal.aborted; waiting = blocking()) {
      const oldest = Math.min(...waiting.map((call) => call.startedAt));
      await within(Promise.all(waiting.map((call) => call.settled)), oldest + timeout - Date.now(), signal);
    }
    if (signal.aborted) return failure('transient', ErrorCode.SDK_EXCEPTION, 'Login cancelled', 'sdk');

    log('info', 'login', { userID, reason });
    const call = track(() => sdk.login({ userID, userSig: sig }));
    lastLogin = call;
    const result = await within(call.settled, timeout, signal);
    if (result === TIMED_OUT) {
      // Abandoned (timed out or cancelled): should it succeed after all, log it out so no session lingers.
      void call.settled.then((late) => {
        if (late.ok && !disposed && lastLogin === call) track(() => sdk.logout());
      });
      return failure('transient', ErrorCode.LOGIN_TIMEOUT, 'The login did not settle in time', 'timeout');
    }
    if (result.ok) {
      log('info', 'login succeeded', { userID });
      return result;
    }
    const kind = classifyLoginFailure(result.error.code);
    if (kind === 'expired') expiredUserSigs.add(sig);
    log('warn', 'login failed', { userID, code: result.error.code });
    return { ok: false, error: result.error, failure: kind } as Failure;
  };

  return {
    listener: {
      onConnecting: () => send({ type: 'SDK.CONNECTING' }),
      onConnectSuccess: () => send({ type: 'SDK.CONNECT_SUCCESS' }),
      onConnectFailed: (code, error) =>
        send({ type: 'SDK.CONNECT_FAILED', error: { code, message: String(error ?? ''), source: 'sdk' } }),
      onKickedOffline: (reason) =>
        send({ type: 'SDK.KICKED', reason: KICK_REASONS.includes(reason!) ? reason! : 'unknown' }),
      onUserSigExpired: () => send({ type: 'SDK.SIG_EXPIRED' }),
      onSelfInfoUpdated: (info) => {
        if (info && typeof info === 'object') send({ type: 'SDK.SELF_INFO', info });
      },
    },
    attach: (next) => {
      sink = next;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      sink = undefined;
      this.forgetUserSig();
      if (initCalled) void settle(() => sdk.unInitSDK());
    },
    log,
    holdUserSig,
    forgetUserSig() {
      userSig = userSigExpiresAt = undefined;
      expiredUserSigs.clear();
    },
    markUserSigExpired() {
      if (userSig) expiredUserSigs.add(userSig);
    },
    init() {
      initCalled = true;
      const { sdkAppID, logLevel = 'warn' } = options;
      log('debug', 'initSDK', { sdkAppID, logLevel });
      return settle(() => sdk.initSDK({ sdkAppID, logLevel, listener: this.listener }));
    },
    // Synchronous up to sdk.login when the UserSig is at hand and nothing else is in flight.
    login(userID, reason, signal) {
      const held = heldUserSigFor(reason);
      if (held) return loginWith(userID, held, reason, signal);
      return askForUserSig(userID, reason, signal).then((sig) =>
        typeof sig === 'string' ? loginWith(userID, sig, reason, signal) : sig,
      );
    },
    logout() {
      // A login still in flight is logged out if (and when) it succeeds: see loginWith.
      if (lastLogin && !lastLogin.done) return Promise.resolve({ ok: true });
      log('info', 'logout');
      return track(() => sdk.logout()).settled;
    },
  };
}

function fail(error: unknown): StepOutcome {
  return { ok: false, error: errorFromException(error) };
}

function failure(
  kind: LoginFailureClass,
  code: string,
  message: string,
  source: SessionError['source'],
): Failure {
  return { ok: false, failure: kind, error: { code, message, source } };
}

const runtimes = new WeakMap<object, SessionRuntime>();

/** Binds a runtime to its session actor (once, from the machine's context factory). */
export function bindRuntime(actor: object, runtime: SessionRuntime): void {
  runtimes.set(actor, runtime);
}

/** The runtime of a session actor. */
export function runtimeOf(actor: object): SessionRuntime {
  const runtime = runtimes.get(actor);
  if (!runtime) throw new Error('imstate: not a session actor');
  return runtime;
}
