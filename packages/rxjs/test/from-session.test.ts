import { createSession } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A logged-in session, with the fake SDK whose listener plays the service. */
async function onlineSession() {
  const fake = createFakeSdk();
  const session = createSession(fake.options).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
  await reach(session, 'online');
  const service = {
    c: () => fake.listener.onConnecting(),
    f: () => fake.listener.onConnectFailed(2801, 'offline'),
    s: () => fake.listener.onConnectSuccess(),
    p: () => fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' }),
    k: () => fake.listener.onKickedOffline('multipleDevice'),
    x: () => session.stop(),
  };
  return { session, service };
}

describe('fromSession(session)', () => {
  it('status$ emits the current status, then each change, and completes when the session stops', async () => {
    const { session, service } = await onlineSession();
    const { status$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-c-f-s-p-k-x', service).subscribe((act) => act());
      expectObservable(status$).toBe('oc---o---k-|', { o: 'online', c: 'connecting', k: 'kicked' });
    });
  });

  it('selfInfo$ emits the current profile, then each new one', async () => {
    const { session, service } = await onlineSession();
    const { selfInfo$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-c-s-p-k-x', service).subscribe((act) => act());
      expectObservable(selfInfo$).toBe('u----p---|', {
        u: undefined,
        p: { userID: 'alice', nickName: 'Alice' },
      });
    });
  });

  it('error$ emits the current error, then each new one', async () => {
    const { session, service } = await onlineSession();
    const { error$ } = fromSession(session);
    const error = expect.objectContaining({ code: 2801, source: 'sdk' });
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-c-f-p-x', service).subscribe((act) => act());
      expectObservable(error$).toBe('u--e---|', { u: undefined, e: error });
    });
  });

  it('events$ emits each event the session emits while subscribed', async () => {
    const { session, service } = await onlineSession();
    const { events$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-c-f-s-k-x', service).subscribe((act) => act());
      expectObservable(events$).toBe('---e-o-k-|', {
        e: { type: 'error', error: expect.objectContaining({ code: 2801 }) },
        o: { type: 'online' },
        k: { type: 'kicked', reason: 'multipleDevice' },
      });
    });
  });

  it('an unsubscribed observer sees nothing more and leaves nothing on the session', async () => {
    const { session, service } = await onlineSession();
    const listeners = trackListeners(session);
    const { snapshot$, status$, selfInfo$, error$, events$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-c-s-k', service).subscribe((act) => act());
      expectObservable(status$, '^-!').toBe('oc', { o: 'online', c: 'connecting' });
      const others: Observable<unknown>[] = [snapshot$, selfInfo$, error$, events$];
      for (const observable of others) expectObservable(observable, '^-!');
    });
    expect(listeners.opened).toBeGreaterThanOrEqual(6);
    expect(listeners.open).toBe(0);
    session.stop();
  });
});
