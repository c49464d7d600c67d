import { sessionError } from './session.policy';
import type { LogLevel, SessionError } from './session.types';

/**
 * Checks a UserID the way the IM service does: 1–32 bytes of `A-Z a-z 0-9 _ -`.
 * Returns the validation error, or `undefined` when the UserID is usable.
 */
export function validateUserID(userID: unknown): SessionError | undefined {
  // Every allowed character is one UTF-8 byte, so the pattern also bounds the length in bytes.
  if (typeof userID === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(userID)) return undefined;
  return sessionError(
    'INVALID_USER_ID',
    'A UserID is 1 to 32 bytes of letters, digits, "_" and "-"',
    'validation',
  );
}

/** The log levels, least severe first: a level lets through the entries at it and after it. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'none'];

/** Whether `sdkAppID` is a positive safe integer (0 is the docs' placeholder, not an app). */
export function isValidSdkAppID(sdkAppID: unknown): sdkAppID is number {
  return Number.isSafeInteger(sdkAppID) && (sdkAppID as number) > 0;
}

/** Whether a UserSig candidate is a non-blank string. */
export function isUsableUserSig(userSig: unknown): userSig is string {
  return typeof userSig === 'string' && userSig.trim() !== '';
}

/** Why a LOGIN cannot start (R3), or `undefined` when it can. */
export function loginProblem(
  login: { userID: string; userSig?: string },
  hasUserSigProvider: boolean,
): SessionError | undefined {
  return (
    validateUserID(login.userID) ??
    (hasUserSigProvider || isUsableUserSig(login.userSig)
      ? undefined
      : sessionError('INVALID_USER_SIG', 'LOGIN needs a UserSig, or a getUserSig option', 'validation'))
  );
}

/**
 * A plain copy of `value` that `JSON.stringify` writes as it is: strings, finite numbers, booleans, `null`, and arrays
 * and objects of them. Cycles, BigInts, functions and symbols are left out (`null` in arrays, as JSON does), and so
 * is anything past 16 levels or 1000 objects, so a profile can neither break serialising a snapshot nor take long to
 * copy. Throws where reading `value` throws (a hostile getter).
 */
export function jsonSafe(value: unknown): unknown {
  let objects = 1000;
  const copy = (item: unknown, parents: object[]): unknown => {
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return item;
    if (typeof item === 'number') return Number.isFinite(item) ? item : undefined;
    if (typeof item !== 'object' || parents.length > 16 || parents.includes(item) || objects-- < 1) return;
    const inner = [...parents, item];
    if (Array.isArray(item)) return item.map((entry) => copy(entry, inner) ?? null);
    const plain: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      const safe = copy(entry, inner);
      // defineProperty, not `plain[key] =`: a `__proto__` key stays data instead of replacing the prototype.
      if (safe !== undefined)
        Object.defineProperty(plain, key, {
          value: safe,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return plain;
  };
  return copy(value, []);
}
