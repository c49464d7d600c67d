import { type SessionSnapshot, selectStatus, selectSubstate } from '@imstate/core';

/** One line for a status bar. */
export function statusLine(snapshot: SessionSnapshot): string {
  const { userID, kickReason, error } = snapshot.context;
  switch (selectStatus(snapshot)) {
    case 'init':
      return error ? `Chat is unavailable: ${error.message}` : 'Starting…';
    case 'loggedOut':
      return error ? `Login failed (${error.code})` : 'Logged out';
    case 'connecting':
      return selectSubstate(snapshot) === 'connecting.offline' ? 'Offline, reconnecting…' : 'Connecting…';
    case 'online':
      return `Online as ${userID}`;
    case 'kicked':
      return kickReason === 'multipleDevice' ? 'You logged in on another device' : 'You were logged out';
    case 'sigExpired':
      return 'Your session expired';
  }
}
