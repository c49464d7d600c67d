import type { SessionStatus } from '@imstate/core';
import { useSession } from '@imstate/vue';
import { type ComputedRef, computed } from 'vue';

/** The statuses in which a user is logged in, or on the way back online. */
const LOGGED_IN: readonly SessionStatus[] = ['connecting', 'online', 'sigExpired', 'kicked'];

/**
 * The user the nearest session is logged in as, or `undefined`. Not `userID` alone: after a login that was refused
 * or gave up, the session rests in `loggedOut` and keeps the user ID so that RETRY can try again, but nobody is
 * logged in.
 */
export function useLoggedInUser(): ComputedRef<string | undefined> {
  const { status, userID } = useSession();
  return computed(() => (LOGGED_IN.includes(status.value) ? userID.value : undefined));
}
