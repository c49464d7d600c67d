import {
  createSession,
  ErrorCode,
  PERMANENT_LOGIN_CODES,
  type SessionError,
  selectStatus,
  validateUserID,
} from '@imstate/core';
import { waitFor } from 'xstate';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

/** What to tell the user about a session error. */
function explain(error: SessionError): string {
  switch (error.code) {
    case ErrorCode.INVALID_USER_ID:
      return error.message;
    case ErrorCode.LOGIN_TIMEOUT:
      return 'The chat service did not answer in time.';
    case ErrorCode.USER_SIG_PROVIDER_FAILED:
    case ErrorCode.USER_SIG_REFRESH_FAILED:
      return 'Could not renew your chat session. Please log in again.';
  }
  if (typeof error.code === 'number' && PERMANENT_LOGIN_CODES.includes(error.code)) {
    return `The chat service refused this account (${error.code}).`;
  }
  return `Could not connect (${error.code}).`;
}

// Check a UserID before sending LOGIN, e.g. in a form:
console.log(validateUserID('alice@example.com')?.code); // INVALID_USER_ID
console.log(validateUserID('alice')); // undefined: usable

const { sdk, service } = createMemorySdk();
service.failLogins(70009); // the server rejects the UserSig's signature: no retry can help
const session = createSession({ sdk, sdkAppID: 1400000001 });
session.on('error', ({ error }) => console.log(explain(error)));
session.start();

session.send({ type: 'LOGIN', userID: 'alice', userSig: await fetchUserSig('alice') });
const snapshot = await waitFor(session, ({ context }) => context.error !== undefined);
console.log(selectStatus(snapshot), snapshot.context.error?.source); // loggedOut sdk
session.stop();
