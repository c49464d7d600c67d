import type { ImSdk, SessionOptions, UserSigProvider } from '@imstate/react';

/**
 * Your server holds the secret key and signs a UserSig only for the user its own login cookie names.
 * The session calls this on login without a UserSig, on "log in again" with an expired one, and
 * when the UserSig expires while online; `signal` aborts it when the session stops or logs out.
 */
export const fetchUserSig: UserSigProvider = async (userID, { reason, signal }) => {
  const response = await fetch('/api/im/user-sig', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ userID, reason }),
    signal,
  });
  if (!response.ok) throw new Error(`UserSig endpoint answered ${response.status}`);
  const { userSig } = (await response.json()) as { userSig: string };
  return userSig;
};

export function createSessionOptions(sdk: ImSdk): SessionOptions {
  return {
    sdk,
    sdkAppID: 1400000001,
    getUserSig: fetchUserSig,
    // Each UserSig expiry asks the endpoint at most 3 times before the session rests in `sigExpired`.
    sigRetry: { maxAttempts: 3 },
  };
}
