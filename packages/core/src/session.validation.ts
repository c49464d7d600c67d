import { ErrorCode } from './session.policy';
import type { SessionError } from './session.types';

const USER_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const MAX_USER_ID_BYTES = 32;

/**
 * Checks a UserID the way the IM service does: 1–32 bytes of `A-Z a-z 0-9 _ -`.
 * Returns the validation error, or `undefined` when the UserID is usable.
 */
export function validateUserID(userID: unknown): SessionError | undefined {
  if (typeof userID !== 'string' || userID.length === 0) {
    return invalidUserID('A UserID is required');
  }
  // Every allowed character is one UTF-8 byte, so the pattern check also makes length === bytes.
  if (!USER_ID_PATTERN.test(userID)) {
    return invalidUserID('A UserID may contain only letters, digits, "_" and "-"');
  }
  if (userID.length > MAX_USER_ID_BYTES) {
    return invalidUserID(`A UserID may be at most ${MAX_USER_ID_BYTES} bytes long`);
  }
  return undefined;
}

/** Whether `sdkAppID` is a positive safe integer (0 is the docs' placeholder, not an app). */
export function isValidSdkAppID(sdkAppID: unknown): sdkAppID is number {
  return typeof sdkAppID === 'number' && Number.isSafeInteger(sdkAppID) && sdkAppID > 0;
}

/** Whether a UserSig candidate is a non-blank string. */
export function isUsableUserSig(userSig: unknown): userSig is string {
  return typeof userSig === 'string' && userSig.trim().length > 0;
}

function invalidUserID(message: string): SessionError {
  return { code: ErrorCode.INVALID_USER_ID, message, source: 'validation' };
}
