import { sessionError } from './session.policy';
import type { SessionError } from './session.types';

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
 * A plain copy of `value` that `JSON.stringify` writes as it is: what JSON keeps of it (strings, finite numbers,
 * booleans, `null`, arrays and objects of them; `null` in arrays for what it cannot write), less cycles, BigInts and
 * anything past 1000 objects, so a profile can neither break serialising a snapshot nor take long to copy. Throws
 * where reading `value` throws (a hostile getter), for a `value` JSON has no text for, and for one nested so deep
 * that writing it overflows the stack.
 */
export function jsonSafe(value: unknown): unknown {
  // The objects from the root down to the one being written: JSON.stringify walks depth first. JSON.parse makes a
  // `__proto__` key an own data field, never the copy's prototype.
  const parents: unknown[] = [];
  let objects = 1000;
  return JSON.parse(
    JSON.stringify(value, function (this: unknown, _key, item: unknown) {
      while (parents.length > 0 && parents.at(-1) !== this) parents.pop();
      if (typeof item === 'bigint') return;
      if (item && typeof item === 'object') {
        if (parents.includes(item) || objects-- < 1) return;
        parents.push(item);
      }
      return item;
    }),
  );
}
