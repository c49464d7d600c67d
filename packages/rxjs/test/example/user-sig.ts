import type { SessionOptions } from '@imstate/core';

/**
 * A `getUserSig` that asks your own server for a UserSig. The server signs it with the secret key
 * (which never reaches the browser), and only for the user its own login cookie says is calling.
 * The session calls it to log in without a UserSig, to log in again after a kick when the old one
 * expired, and whenever a UserSig expires.
 */
export function userSigFrom(endpoint: string): NonNullable<SessionOptions['getUserSig']> {
  return async (userID, { reason, signal }) => {
    const query = new URLSearchParams({ userID, reason });
    const response = await fetch(`${endpoint}?${query}`, { credentials: 'include', signal });
    if (!response.ok) throw new Error(`UserSig endpoint answered ${response.status}`);
    const body = (await response.json()) as { userSig?: unknown };
    if (typeof body.userSig !== 'string') throw new Error('UserSig endpoint answered without a userSig');
    return body.userSig;
  };
}
