import { type SessionStatus, useSession, useSessionEvent } from '@imstate/vue';
import { type Ref, watch } from 'vue';

/** Resolves once the session is online (at once if it is): await it before calling the chat SDK. */
export function whenOnline(status: Readonly<Ref<SessionStatus>>): Promise<void> {
  if (status.value === 'online') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch(status, (now) => {
      if (now !== 'online') return;
      stop();
      resolve();
    });
  });
}

/** Runs `work` now if the session is online, and again each time it comes (back) online, to sync. */
export function useOnline(work: () => void): void {
  if (useSession().status.value === 'online') work();
  useSessionEvent('online', work);
}
