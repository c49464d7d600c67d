import {
  type SessionSnapshot,
  type SessionSubstate,
  selectStatus,
  selectSubstate,
  selectTab,
} from '@imstate/core';

/** The commands a panel's buttons send, and why each is disabled now (absent: enabled). */
export interface CommandStates {
  login?: string;
  logout?: string;
  relogin?: string;
}

/**
 * Which commands the session would act on (`snapshot.can`), and a short reason for each it would ignore. `userID` is
 * what the User ID field holds: a LOGIN as the user already online is ignored, one as anybody else is not (a UserID
 * the session refuses is still sent, so the session's own validation shows).
 */
export function commandStates(snapshot: SessionSnapshot, userID: string): CommandStates {
  const status = selectStatus(snapshot);
  const { context } = snapshot;
  const states: CommandStates = {};
  if (!snapshot.can({ type: 'LOGIN', userID })) {
    states.login =
      status === 'online'
        ? `already logged in as ${userID}`
        : /^connecting\.(reconnecting|offline)$/.test(selectSubstate(snapshot))
          ? 'the SDK is reconnecting by itself'
          : status === 'connecting'
            ? 'a login is already under way'
            : `ignored in ${selectSubstate(snapshot)}`;
  }
  // In `init`, LOGOUT only cancels a LOGIN that waits for initSDK; without one there is nothing to log out.
  if (!snapshot.can({ type: 'LOGOUT' }) || (status === 'init' && !context.pendingLogin)) {
    states.logout = 'nobody is logged in';
  }
  if (!snapshot.can({ type: 'RELOGIN' })) states.relogin = 'only after a kick';
  return states;
}

/**
 * The status line: the status and its substate (`connecting · offline`); while kicked, the status and the reason
 * (`kicked · otherTab`): the facts below give the whole path (`kicked.standingBy`).
 */
export function statusText(snapshot: SessionSnapshot): string {
  const { kickReason } = snapshot.context;
  if (selectStatus(snapshot) === 'kicked' && kickReason) return `kicked · ${kickReason}`;
  return selectSubstate(snapshot).split('.').join(' · ');
}

/** How the panel names the user: logged in, on the way in, or nobody. */
export function userLine(snapshot: SessionSnapshot): { label: string; userID: string } | undefined {
  const { userID } = snapshot.context;
  if (userID === undefined) return undefined;
  const substate = selectSubstate(snapshot);
  const status = selectStatus(snapshot);
  // Reconnecting or offline, the SDK keeps the login: it reconnects by itself.
  if (status === 'online' || substate === 'connecting.reconnecting' || substate === 'connecting.offline') {
    return { label: 'Logged in as', userID };
  }
  if (
    status === 'connecting' ||
    substate === 'sigExpired.refreshing' ||
    substate === 'sigExpired.backingOff'
  ) {
    return { label: 'Logging in as', userID };
  }
  if (status === 'kicked' || status === 'sigExpired') return { label: 'Was logged in as', userID };
  // loggedOut (after a refused or failed login) and init: nobody, whatever the context remembers.
  return undefined;
}

/** What a kicked tab is doing, by its substate. */
const KICKED_TAB: Partial<Record<SessionSubstate, string>> = {
  'kicked.displaced': 'letting the other tab have the login',
  'kicked.standingBy': 'takes the login over by itself if the other tab goes away',
};

/** This tab's part among coordinated tabs (`active`, `standby`, and what it does meanwhile); none when alone. */
export function tabLine(snapshot: SessionSnapshot): string | undefined {
  const role = selectTab(snapshot);
  if (role === 'alone') return undefined;
  const doing = KICKED_TAB[selectSubstate(snapshot)];
  return doing ? `${role}: ${doing}` : role;
}
