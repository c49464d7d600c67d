import { classifyLoginFailure, errorFromException, numericCode, sessionError } from './session.policy';
import type { ImSdk, ImSdkListener, LogEntry, LogLevel, SessionError } from './session.types';

/**
 * Why a step failed: what its actor rejects with, and what the statechart reads from `xstate.error.actor.*`.
 * `failure` says how: a login's class (refresh, give up or retry), or that a call has to wait (`earlierCall`: an
 * earlier login or logout still runs, R13b) or was not made (`loginInFlight`: a logout while a login runs). Never
 * carries a UserSig.
 */
export interface StepFailure {
  error?: SessionError;
  failure?: 'expired' | 'permanent' | 'transient' | 'earlierCall' | 'loginInFlight';
}

/** What an SDK or app function ended with: its value, or the error it failed with. */
export type Settled = { value?: unknown; error?: SessionError };

export const TIMED_OUT = Symbol();

/** Fails a step: a rejection for the statechart's `onError`. */
export const fail = (error: SessionError | undefined, failure?: StepFailure['failure']): Promise<never> =>
  Promise.reject({ error, failure } satisfies StepFailure);

/** Resolves a settled step that succeeded; rejects with its error otherwise. */
const passOn = ({ error }: Settled) => error && fail(error);

/**
 * Runs an SDK or app function: a throw, a rejection, a failure code and a value all resolve. An answer with a `code`
 * succeeds only when the code is 0 (or `'0'`); any other code fails like a rejection with that code and text.
 * Reading a failure that throws (a hostile getter) is SDK_EXCEPTION. `redact` cuts UserSigs out of the texts.
 */
export const settle = (run: () => unknown, redact: (error: SessionError) => SessionError): Promise<Settled> =>
  new Promise((resolve) => resolve(run()))
    .then((value) => {
      const { code, desc } = Object(value);
      if (code !== undefined && numericCode(code) !== 0) throw { code, message: desc };
      return { value };
    })
    .catch((cause) => ({ error: redact(errorFromException(cause)) }))
    .catch(() => ({ error: errorFromException(undefined) }));

/**
 * Waits for `promise`, at most `ms`, and no longer than `signal` stays unaborted. Clears its timer and its listener:
 * a signal that lives as long as the session (the tab bridge's) is waited on again and again.
 */
export const within = <T>(promise: Promise<T>, ms: number, signal: AbortSignal) =>
  new Promise<T | typeof TIMED_OUT>((resolve) => {
    const abort = () => finish(TIMED_OUT);
    const finish = (value: T | typeof TIMED_OUT) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      resolve(value);
    };
    const timer = setTimeout(finish, ms, TIMED_OUT);
    signal.addEventListener('abort', abort);
    promise.then(finish);
  });

interface SdkCall {
  startedAt: number;
  settled: Promise<Settled>;
}

/** What the gate needs of its session. */
export interface GateSettings {
  sdk: ImSdk;
  timeout: number;
  log(level: LogEntry['level'], message: string, data?: unknown): void;
  redact(error: SessionError): SessionError;
  /** Tells the session that a login it abandoned (timed out, cancelled) succeeded after all, and was its last. */
  lateLogin(): void;
}

/**
 * The SDK-call gate: every `sdk.*` call of a session goes through it. It settles each call into a result (throws,
 * rejections and failure codes alike), bounds logins by `loginTimeoutMs`, and keeps `sdk.login` serial (R13b): it
 * refuses a login while an earlier login or logout still runs and has not outlived the timeout, and lets the
 * statechart decide to wait.
 */
export function createCallGate({ sdk, timeout, log, redact, lateLogin }: GateSettings) {
  /** Logins and logouts in flight. */
  const calls = new Set<SdkCall>();
  let lastLogin: SdkCall | undefined;
  let initCalled = false;

  const track = (run: () => unknown): SdkCall => {
    const call = { startedAt: Date.now(), settled: settle(run, redact) };
    calls.add(call);
    call.settled.then(() => calls.delete(call));
    return call;
  };
  /** How long `call` may still hold back the next login: until it outlives the timeout. */
  const blocking = (call: SdkCall) => call.startedAt + timeout - Date.now();

  return {
    init(sdkAppID: number, logLevel: LogLevel, listener: ImSdkListener) {
      initCalled = true;
      log('debug', 'initSDK', { sdkAppID, logLevel });
      return settle(() => sdk.initSDK({ sdkAppID, logLevel, listener }), redact).then(passOn);
    },

    /** `sdk.login`, bounded by the timeout; an abandoned login that succeeds later is reported by `lateLogin`. */
    async login(userID: string, userSig: string, reason: string, signal: AbortSignal) {
      if ([...calls].some((call) => blocking(call) > 0)) return fail(undefined, 'earlierCall');
      log('info', 'login', { userID, reason });
      const call = track(() => sdk.login({ userID, userSig }));
      lastLogin = call;
      const result = await within(call.settled, timeout, signal);
      if (result === TIMED_OUT) {
        // Abandoned (timed out or cancelled): should it succeed after all, the session logs it out.
        call.settled.then((late) => late.error || lastLogin !== call || lateLogin());
        return fail(sessionError('LOGIN_TIMEOUT', 'sdk.login timed out', 'timeout'), 'transient');
      }
      if (!result.error) return log('info', 'login succeeded', { userID });
      log('warn', 'login failed', { userID, code: result.error.code });
      return fail(result.error, classifyLoginFailure(result.error.code));
    },

    /** `sdk.logout()`; not made while a login is in flight (that login is logged out if it succeeds). */
    logout() {
      if (lastLogin && calls.has(lastLogin)) return fail(undefined, 'loginInFlight');
      log('info', 'logout');
      return track(() => sdk.logout()).settled.then(passOn);
    },

    /** `sdk.logout()` for a login that succeeded after the session had abandoned it; its answer changes nothing. */
    logOutLateLogin() {
      track(() => sdk.logout());
    },

    /** Resolves once the logins and logouts in flight have settled (or outlived the timeout), or `signal` aborts. */
    async settled(signal: AbortSignal) {
      for (const call of calls) {
        if (blocking(call) > 0 && !signal.aborted) await within(call.settled, blocking(call), signal);
      }
    },

    /** Releases the SDK (R15): `unInitSDK`, once, if `initSDK` was called. */
    release() {
      if (initCalled) settle(() => sdk.unInitSDK(), redact);
    },
  };
}

export type CallGate = ReturnType<typeof createCallGate>;
