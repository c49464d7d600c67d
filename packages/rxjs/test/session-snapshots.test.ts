import { createSession, selectStatus } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

describe('snapshot$', () => {
  it('emits the current snapshot on subscribe, then every new one', async () => {
    const { options } = createFakeSdk();
    const session = createSession(options);
    const statuses: string[] = [];
    const subscription = fromSession(session).snapshot$.subscribe((snapshot) =>
      statuses.push(selectStatus(snapshot)),
    );
    expect(statuses).toEqual(['init']);

    session.start();
    await reach(session, 'loggedOut');
    expect(statuses.at(-1)).toBe('loggedOut');
    subscription.unsubscribe();
    session.stop();
  });

  it('completes when the session stops', async () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    let completed = false;
    fromSession(session).snapshot$.subscribe({ complete: () => (completed = true) });

    session.stop();
    expect(completed).toBe(true);
  });

  it('emits the last snapshot and completes at once for a session that already stopped', () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    session.stop();
    const seen: string[] = [];
    let completed = false;
    fromSession(session).snapshot$.subscribe({
      next: (snapshot) => seen.push(snapshot.status),
      complete: () => (completed = true),
    });
    expect(seen).toEqual(['stopped']);
    expect(completed).toBe(true);
  });

  it('leaves no subscription on the session after unsubscribing', async () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    const listeners = trackListeners(session);
    const subscription = fromSession(session).snapshot$.subscribe();
    expect(listeners.open).toBe(1);

    subscription.unsubscribe();
    expect(listeners.open).toBe(0);
    session.stop();
  });

  it('takes no subscription at all when the subscriber is done with the current snapshot', () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    const listeners = trackListeners(session);
    fromSession(session).snapshot$.pipe(take(1)).subscribe();
    expect(listeners.opened).toBe(0);
    session.stop();
  });
});
