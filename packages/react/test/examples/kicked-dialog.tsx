import { type KickReason, useSession } from '@imstate/react';

const why: Record<Exclude<KickReason, 'otherTab'>, string> = {
  multipleDevice: 'You logged in on another device.',
  multipleAccount: 'You opened chat in another window or browser.',
  restApi: 'An administrator signed you out.',
  unknown: 'You were signed out.',
};

/** Asks before logging in again: the session never does it by itself, or two devices would kick each other forever. */
export function KickedDialog() {
  const session = useSession();
  // Checking the status narrows the rest: here `kickReason` is a KickReason and `userID` a string.
  if (session.status !== 'kicked') return null;
  const { kickReason, userID, relogin, logout } = session;
  if (kickReason === 'otherTab') {
    // With `tabs: createTabs(…)`, another tab of this app holds the login: take it over on request.
    return (
      <div role="alertdialog" aria-labelledby="other-tab-title">
        <h2 id="other-tab-title">Chat is open in another tab</h2>
        <p>{userID} is using chat there. Use it here instead? The other tab steps aside.</p>
        <button type="button" onClick={relogin}>
          Use here
        </button>
      </div>
    );
  }
  return (
    <div role="alertdialog" aria-modal="true" aria-labelledby="kicked-title">
      <h2 id="kicked-title">{why[kickReason]}</h2>
      <p>Log in again here as {userID}? Your other device will be signed out.</p>
      <button type="button" onClick={relogin}>
        Log in again
      </button>
      <button type="button" onClick={logout}>
        Log out
      </button>
    </div>
  );
}
