import type { ImResult } from '@imstate/core';

// Codes from the SDK's own error table.
const NO_IDENTIFIER = 2002;
const NO_USERSIG = 2003;

/**
 * What a synchronous "Params validate failed." from `chat.login()` means: the SDK wants a userID, then a userSig,
 * that is a non-empty string.
 */
export function invalidLoginParams({ userID }: { userID: unknown }): ImResult {
  const validUserID = typeof userID === 'string' && userID !== '';
  return { code: validUserID ? NO_USERSIG : NO_IDENTIFIER, desc: 'invalid login params' };
}

/** What a login request came to: `undefined` once the SDK took it, or the result of a refusal the adapter names. */
export type LoginAnswer = Promise<ImResult | undefined>;

/** A login's userID and UserSig, as the caller passed them. */
interface Params {
  userID: unknown;
  userSig?: unknown;
}

interface Pending extends Params {
  answer: Promise<unknown>;
}

/** A logout's place in the queue: no login has its userID (a second logout does, and takes the first one's answer). */
export const LOGOUT: Params = { userID: {} };

/**
 * One SDK instance's logins and logouts, one at a time. The SDK refuses a login while an earlier one is pending (2025,
 * "repeated login") and a logout with 2024, though that login may still succeed; a logout that answers after a later
 * login logs the SDK out again. The session asks for a login again once its own timeout has passed, well before the
 * SDK gives up. A call asked while another is pending waits for it: the same login (userID and UserSig) takes that
 * login's answer; any other call is made once it has settled.
 */
export function createLoginRequests() {
  let pending: Pending | undefined;
  return {
    /** Makes `request`, a login with these params or a `LOGOUT`, once the pending call has settled. */
    send<T>(params: Params, request: () => Promise<T>): Promise<T> {
      const earlier = pending;
      if (earlier && earlier.userID === params.userID && earlier.userSig === params.userSig)
        return earlier.answer as Promise<T>;
      const answer = earlier ? earlier.answer.then(request, request) : request();
      const entry: Pending = { ...params, answer };
      pending = entry;
      const settled = () => {
        if (pending === entry) pending = undefined;
      };
      answer.then(settled, settled);
      return answer;
    },
  };
}
