import { selectSubstate } from '@imstate/core';
import { useSessionSelector } from '@imstate/vue';
import { type ComputedRef, computed } from 'vue';

/** What the connection banner shows. */
export interface Banner {
  /** `progress` while the session is on its way, `warning` when it needs the network or the user. */
  tone: 'progress' | 'warning';
  /** The sentence shown to the user. */
  message: string;
  /** Whether a "Try again" button helps (the UserSig could not be renewed). */
  canRetry: boolean;
}

const renewing: Banner = { tone: 'progress', message: 'Your sign-in expired. Renewing it…', canRetry: false };
const connecting: Banner = { tone: 'progress', message: 'Connecting to the chat service…', canRetry: false };

// Keyed by substate: the banner follows the statechart, it derives nothing of its own.
const banners: Record<string, Banner> = {
  'connecting.loggingIn': connecting,
  'connecting.switchingUser': connecting,
  'connecting.retrying': {
    tone: 'warning',
    message: 'Could not reach the chat service. Trying again…',
    canRetry: false,
  },
  'connecting.reconnecting': { tone: 'progress', message: 'Reconnecting…', canRetry: false },
  'connecting.offline': {
    tone: 'warning',
    message: 'You are offline. We will reconnect as soon as the network is back.',
    canRetry: false,
  },
  'sigExpired.deciding': renewing,
  'sigExpired.refreshing': renewing,
  'sigExpired.backingOff': renewing,
  'sigExpired.waiting': {
    tone: 'warning',
    message: 'Your sign-in expired and could not be renewed.',
    canRetry: true,
  },
};

/** The banner for the session's current substate, or `null` while there is nothing to say. */
export function useConnectionBanner(): ComputedRef<Banner | null> {
  // Selecting the substate only: the banner ignores profile updates and other context changes.
  const substate = useSessionSelector(selectSubstate);
  return computed(() => banners[substate.value] ?? null);
}
