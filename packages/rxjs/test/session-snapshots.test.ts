import { createSession, type SessionOptions, selectStatus } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners } from '@imstate/test-support/probes';
import { EMPTY, lastValueFrom, switchMap, take } from 'rxjs';
import { describe, expect, it } from 'vitest';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const newDevice = (): SessionOptions => ({
  sdk: im.createClient({ platform: 'web' }),
  sdkAppID: im.sdkAppID,
});

describe('snapshot$', () => {
  it('emits the current snapshot on subscribe, then every new one', async () => {
    const session = createSession(newDevice());
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
    const session = createSession(newDevice()).start();
    let completed = false;
    fromSession(session).snapshot$.subscribe({ complete: () => (completed = true) });

    session.stop();
    expect(completed).toBe(true);
  });

  it('emits the last snapshot and completes at once for a session that already stopped', () => {
    const session = createSession(newDevice()).start();
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
    const session = createSession(newDevice()).start();
    const listeners = trackListeners(session);
    const subscription = fromSession(session).snapshot$.subscribe();
    expect(listeners.open).toBe(1);

    subscription.unsubscribe();
    expect(listeners.open).toBe(0);
    session.stop();
  });

  it('takes no subscription at all when the subscriber is done with the current snapshot', () => {
    const session = createSession(newDevice()).start();
    const listeners = trackListeners(session);
    fromSession(session).snapshot$.pipe(take(1)).subscribe();
    expect(listeners.opened).toBe(0);
    session.stop();
  });

  it('completes when a session that never started is stopped, leaving nothing on it', async () => {
    const session = createSession(newDevice());
    const listeners = trackListeners(session);
    const seen: string[] = [];
    let completed = false;
    fromSession(session).snapshot$.subscribe({
      next: (snapshot) => seen.push(selectStatus(snapshot)),
      complete: () => (completed = true),
    });
    const last = lastValueFrom(fromSession(session).snapshot$);

    session.stop();
    expect(completed).toBe(true);
    expect(seen).toEqual(['init']);
    expect(selectStatus(await last)).toBe('init');
    expect(listeners.open).toBe(0);
  });

  it('completes at once for a session stopped before it started', () => {
    const session = createSession(newDevice());
    session.stop();
    let completed = false;
    fromSession(session).snapshot$.subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
  });

  it('gives a subscriber added during an emission each snapshot once', async () => {
    const session = createSession(newDevice());
    const { snapshot$ } = fromSession(session);
    const late: string[] = [];
    let subscribed = false;
    snapshot$.subscribe((snapshot) => {
      if (subscribed || selectStatus(snapshot) !== 'loggedOut') return;
      subscribed = true;
      snapshot$.subscribe((seen) => late.push(selectStatus(seen)));
    });
    // The same through an operator: switchMap subscribes inside the outer emission.
    const switched: string[] = [];
    fromSession(session)
      .status$.pipe(switchMap((status) => (status === 'loggedOut' ? snapshot$ : EMPTY)))
      .subscribe((inner) => switched.push(selectStatus(inner)));

    session.start();
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await reach(session, 'online');
    expect(late).toEqual(['loggedOut', 'connecting', 'online']);
    expect(switched).toEqual(['loggedOut']);
    session.stop();
  });

  it('hands out snapshots whose context cannot be written', async () => {
    const session = createSession(newDevice()).start();
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await reach(session, 'online');
    const [snapshot] = await new Promise<Parameters<typeof selectStatus>>((resolve) =>
      fromSession(session)
        .snapshot$.pipe(take(1))
        .subscribe((first) => resolve([first])),
    );
    expect(() => Object.assign(snapshot.context, { userID: 'mallory' })).toThrow(TypeError);
    expect(session.getSnapshot().context.userID).toBe('alice');
    session.stop();
  });
});
