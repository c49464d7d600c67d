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

interface Pending {
  userID: unknown;
  userSig: unknown;
  answer: LoginAnswer;
}

/**
 * One SDK instance's login requests, one at a time. The SDK refuses a login while an earlier one is pending (2025,
 * "repeated login"), and the session asks again once its own timeout has passed, well before the SDK gives up. A login
 * asked while another is pending waits for it: the same login (userID and UserSig) takes that login's answer; any
 * other is sent once it has settled.
 */
export function createLoginRequests() {
  let pending: Pending | undefined;
  return {
    send(params: { userID: unknown; userSig: unknown }, request: () => LoginAnswer): LoginAnswer {
      const earlier = pending;
      if (earlier && earlier.userID === params.userID && earlier.userSig === params.userSig)
        return earlier.answer;
      const answer = earlier ? earlier.answer.then(request, request) : request();
      const entry: Pending = { ...params, answer };
      pending = entry;
      const settled = () => {
        if (pending === entry) pending = undefined;
      };
      answer.then(settled, settled);
      return answer;
    },
    /** The instance is gone: later logins do not wait for its requests. */
    forget() {
      pending = undefined;
    },
  };
}
