/**
 * The numeric codes the simulator answers with, taken from the real service (V2TIMErrorCode and the
 * server's login codes), so the session's error classes apply unchanged.
 */
export const ImErrorCode = {
  /** Success. */
  OK: 0,
  /** Another login of this client has not settled yet (Tencent: repeated login). */
  LOGIN_IN_PROGRESS: 2025,
  /** The client's network is dropped: a login does not reach the server, a connection fails. */
  NETWORK_UNAVAILABLE: 2801,
  /** `login`/`logout` before `initSDK` or after `unInitSDK`. */
  SDK_NOT_INITIALIZED: 6013,
  /** `initSDK` with an SDKAppID that is not a positive safe integer. */
  INVALID_PARAMETERS: 6017,
  /** The UserSig has expired on the server clock. */
  USER_SIG_EXPIRED: 70001,
  /** The UserSig cannot be decoded. */
  USER_SIG_UNPARSABLE: 70003,
  /** The UserSig was not signed with this application's secret key. */
  USER_SIG_BAD_SIGNATURE: 70009,
  /** The UserSig was issued for another userID. */
  USER_ID_MISMATCH: 70013,
  /** The UserSig (or the client's `initSDK`) names another SDKAppID. */
  SDK_APP_ID_MISMATCH: 70014,
} as const;

/** One of the codes in {@link ImErrorCode}. */
export type ImErrorCode = (typeof ImErrorCode)[keyof typeof ImErrorCode];
