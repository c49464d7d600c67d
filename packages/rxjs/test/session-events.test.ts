import { createSession, type SessionEmitted } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

async function onlineSession() {
  const fake = createFakeSdk();
  const session = createSession(fake.options).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
  await reach(session, 'online');
  return { fake, session };
}

describe('events$', () => {
  it('emits what the session emits from the moment of subscription', async () => {
    const { fake, session } = await onlineSession();
    const events: SessionEmitted[] = [];
    const subscription = fromSession(session).events$.subscribe((event) => events.push(event));

    fake.listener.onKickedOffline('multipleDevice');
    session.send({ type: 'RELOGIN' });
    await reach(session, 'online');
    session.send({ type: 'LOGOUT' });
    await reach(session, 'loggedOut');
    expect(events).toEqual([
      { type: 'kicked', reason: 'multipleDevice' },
      { type: 'online' },
      { type: 'loggedOut' },
    ]);
    subscription.unsubscribe();
    session.stop();
  });

  it('completes when the session stops, and at once for a stopped session', async () => {
    const { session } = await onlineSession();
    let completed = 0;
    fromSession(session).events$.subscribe({ complete: () => completed++ });
    session.stop();
    expect(completed).toBe(1);

    fromSession(session).events$.subscribe({ complete: () => completed++ });
    expect(completed).toBe(2);
  });

  it('leaves no listener on the session after unsubscribing', async () => {
    const { fake, session } = await onlineSession();
    const listeners = trackListeners(session);
    const events: SessionEmitted[] = [];
    const subscription = fromSession(session).events$.subscribe((event) => events.push(event));
    expect(listeners.open).toBeGreaterThan(0);

    subscription.unsubscribe();
    expect(listeners.open).toBe(0);
    fake.listener.onKickedOffline('multipleDevice');
    expect(events).toEqual([]);
    session.stop();
  });
});
