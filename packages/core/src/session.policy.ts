import type {
  RetryPolicy,
  SessionError,
  SessionErrorCode,
  SessionOptions,
  SessionPolicy,
} from './session.types';

/** A {@link SessionError}: the SDK's numeric code, or one of the session's own. */
export const sessionError = (
  code: number | SessionErrorCode,
  message: string,
  source: SessionError['source'],
): SessionError => ({ code, message, source });

/** Login codes meaning "the UserSig has expired": the session refreshes instead of retrying. */
export const EXPIRED_SIG_CODES: readonly number[] = [70001, 6206, 3004];

/** Login codes that no retry can fix (bad signature, wrong user or app, blacklisted, …). */
export const PERMANENT_LOGIN_CODES: readonly number[] = [
  70003, 70009, 70013, 70014, 70016, 70020, 70051, 70107, 2002, 2003,
];

/** How a failed login is handled: refresh the UserSig, give up, or retry with backoff. */
export type LoginFailureClass = 'expired' | 'permanent' | 'transient';

/**
 * Classifies a login failure by its code. Any other code is transient (2800, 2801, 2805, 2025, 3000 and 70050 are
 * the ones known to be), and so are non-numeric codes (timeouts, exceptions).
 */
export function classifyLoginFailure(code: number | string): LoginFailureClass {
  if (EXPIRED_SIG_CODES.includes(code as number)) return 'expired';
  return PERMANENT_LOGIN_CODES.includes(code as number) ? 'permanent' : 'transient';
}

/** The longest delay a platform timer runs (2^31−1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` rounded down and capped at {@link MAX_TIMER_MS} when it is a finite number ≥ `min`, else `fallback`. */
function count(value: number | undefined, fallback: number, min: number): number {
  return Number.isFinite(value) && value! >= min ? Math.min(Math.floor(value!), MAX_TIMER_MS) : fallback;
}

/** Both policies default to delays from 1 s up to 30 s; only their attempts differ. */
function resolveRetry(policy: RetryPolicy | undefined, maxAttempts: number): Required<RetryPolicy> {
  const baseDelayMs = count(policy?.baseDelayMs, 1000, 0);
  return {
    maxAttempts: count(policy?.maxAttempts, maxAttempts, 1),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, count(policy?.maxDelayMs, 30_000, 0)),
  };
}

/** Fills in the defaults; out-of-range numbers fall back to them rather than disabling the bounds. */
export function resolvePolicy(
  options: Pick<SessionOptions, 'retry' | 'sigRetry' | 'loginTimeoutMs'>,
): SessionPolicy {
  return {
    retry: resolveRetry(options.retry, 5),
    sigRetry: resolveRetry(options.sigRetry, 3),
    loginTimeoutMs: count(options.loginTimeoutMs, 15_000, 1),
  };
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(maxDelay, base * 2^(attempt-1))].
 * `attempt` is the number of tries made so far (1 after the first failure).
 */
export function backoffDelay(
  policy: Required<RetryPolicy>,
  attempt: number,
  random: () => number = Math.random,
) {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * The error an SDK reported with a numeric `code`, however it did so (a result, a rejection, a listener callback):
 * its own text, or `SDK error <code>` when it gave none (the Tencent SDK offline).
 */
export function sdkError(code: number, text: unknown): SessionError {
  return sessionError(code, String(text || `SDK error ${code}`), 'sdk');
}

/** An SDK's code as a number: a finite number, or a string that reads as one (`'70001'`); else `undefined`. */
export function numericCode(code: unknown): number | undefined {
  const number = typeof code === 'string' && code.trim() ? Number(code) : code;
  return Number.isFinite(number) ? (number as number) : undefined;
}

/** Turns whatever an SDK call threw or rejected with into a SessionError (its numeric `code` kept). */
export function errorFromException(cause: unknown): SessionError {
  const { code, message } = Object(cause) as { code?: unknown; message?: unknown };
  const text = typeof cause === 'string' ? cause : typeof message === 'string' ? message : '';
  const number = numericCode(code);
  if (number) return sdkError(number, text);
  return sessionError('SDK_EXCEPTION', text || 'SDK exception', 'sdk');
}
