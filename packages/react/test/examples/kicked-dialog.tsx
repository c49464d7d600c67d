import { type KickReason, useSession } from '@imstate/react';

const why: Record<KickReason, string> = {
  multipleDevice: 'You logged in on another device.',
  multipleAccount: 'Another account logged in on this device.',
  restApi: 'An administrator signed you out.',
  unknown: 'You were signed out.',
};

/** Asks before logging in again: the session never does it by itself, or two devices would kick each other forever. */
export function KickedDialog() {
  const { status, kickReason, relogin, logout } = useSession();
  if (status !== 'kicked') return null;
  return (
    <div role="alertdialog" aria-modal="true" aria-labelledby="kicked-title">
      <h2 id="kicked-title">{why[kickReason ?? 'unknown']}</h2>
      <p>Log in again here? Your other device will be signed out.</p>
      <button type="button" onClick={relogin}>
        Log in again
      </button>
      <button type="button" onClick={logout}>
        Log out
      </button>
    </div>
  );
}
