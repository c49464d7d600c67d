import { createSession, type SessionEmitted } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners } from '@imstate/test-support/probes';
import { EmptyError, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A session of alice's on a new device of the simulated service, started and logged in. */
async function onlineSession() {
  const session = createSession({ sdk: im.createClient({ platform: 'web' }), sdkAppID: im.sdkAppID }).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
  await reach(session, 'online');
  return session;
}

describe('events$', () => {
  it('emits what the session emits from the moment of subscription', async () => {
    const session = await onlineSession();
    const events: SessionEmitted[] = [];
    const subscription = fromSession(session).events$.subscribe((event) => events.push(event));

    const otherDevice = await onlineSession();
    await reach(session, 'kicked');
    session.send({ type: 'RELOGIN' });
    await reach(session, 'online');
    session.send({ type: 'LOGOUT' });
    await reach(session, 'loggedOut');
    expect(events).toEqual([
      { type: 'kicked', reason: 'multipleAccount' },
      { type: 'online' },
      { type: 'loggedOut' },
    ]);
    subscription.unsubscribe();
    session.stop();
    otherDevice.stop();
  });

  it('completes when the session stops, and at once for a stopped session', async () => {
    const session = await onlineSession();
    let completed = 0;
    fromSession(session).events$.subscribe({ complete: () => completed++ });
    session.stop();
    expect(completed).toBe(1);

    fromSession(session).events$.subscribe({ complete: () => completed++ });
    expect(completed).toBe(2);
  });

  it('leaves no listener on the session after unsubscribing', async () => {
    const session = await onlineSession();
    const listeners = trackListeners(session);
    const events: SessionEmitted[] = [];
    const subscription = fromSession(session).events$.subscribe((event) => events.push(event));
    expect(listeners.open).toBeGreaterThan(0);

    subscription.unsubscribe();
    expect(listeners.open).toBe(0);
    im.kick('alice');
    await reach(session, 'kicked');
    expect(events).toEqual([]);
    session.stop();
  });

  it('completes when a session that never started is stopped: firstValueFrom rejects instead of hanging', async () => {
    const session = createSession({ sdk: im.createClient({ platform: 'web' }), sdkAppID: im.sdkAppID });
    const listeners = trackListeners(session);
    const first = firstValueFrom(fromSession(session).events$);
    session.stop();
    await expect(first).rejects.toBeInstanceOf(EmptyError);
    expect(listeners.open).toBe(0);
    await expect(firstValueFrom(fromSession(session).events$)).rejects.toBeInstanceOf(EmptyError);
  });

  it('hands out events whose data cannot be written to the session', async () => {
    const session = await onlineSession();
    const errors: Extract<SessionEmitted, { type: 'error' }>[] = [];
    fromSession(session).events$.subscribe((event) => event.type === 'error' && errors.push(event));
    session.send({ type: 'LOGIN', userID: 'bad id' });
    expect(errors).toHaveLength(1);
    const [event] = errors;
    expect(() => Object.assign(event?.error ?? {}, { message: 'changed' })).toThrow(TypeError);
    expect(session.getSnapshot().context.error?.code).toBe('INVALID_USER_ID');
    expect(session.getSnapshot().context.error?.message).not.toBe('changed');
    session.stop();
  });
});
