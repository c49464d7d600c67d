// #region banner
import { PERMANENT_LOGIN_CODES, type SessionSnapshot, selectStatus, selectSubstate } from '@imstate/core';

/** The line a chat app shows above its conversations: what the session is doing, in the user's words. */
export function renderStatusBanner(snapshot: SessionSnapshot): string {
  const { userID, error, kickReason } = snapshot.context;
  switch (selectStatus(snapshot)) {
    case 'init':
      return 'Starting chat…';
    case 'loggedOut':
      if (!error) return 'Signed out';
      return typeof error.code === 'number' && PERMANENT_LOGIN_CODES.includes(error.code)
        ? `Sign-in refused by the chat service (${error.code})`
        : `Could not sign in (${error.code}). Try again`;
    case 'connecting':
      return selectSubstate(snapshot) === 'connecting.offline' ? 'Offline: reconnecting…' : 'Connecting…';
    case 'online':
      return `Online as ${userID}`;
    case 'kicked':
      return kickReason === 'multipleDevice'
        ? 'You signed in on another device. Log in again here?'
        : 'You were signed out by the service';
    case 'sigExpired':
      // It renews the UserSig by itself through getUserSig; it waits for the user only once that gave up.
      return selectSubstate(snapshot) === 'sigExpired.waiting'
        ? 'Your session expired. Please sign in again'
        : 'Renewing your session…';
  }
}
// #endregion banner
