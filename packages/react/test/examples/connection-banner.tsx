import { type SessionSubstate, selectSubstate, useSessionSelector } from '@imstate/react';

// Keyed by the machine's own state paths: a misspelt one ('connecting.ofline') does not compile.
const messages: Partial<Record<SessionSubstate, string>> = {
  'connecting.reconnecting': 'Reconnecting…',
  'connecting.offline': 'You are offline. Chat reconnects by itself when the network is back.',
  'connecting.retrying': 'Cannot reach the chat service. Trying again…',
  'sigExpired.refreshing': 'Refreshing your sign-in…',
  'sigExpired.backingOff': 'Refreshing your sign-in…',
};

/** Selects the message itself, so it renders only when the message changes. */
export function ConnectionBanner() {
  const message = useSessionSelector((snapshot) => messages[selectSubstate(snapshot)]);
  if (!message) return null;
  return (
    <p className="connection-banner" aria-live="polite">
      {message}
    </p>
  );
}
