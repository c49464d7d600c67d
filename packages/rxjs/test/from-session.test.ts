import {
  createSession,
  type SessionActor,
  type SessionSnapshot,
  type SessionView,
  selectStatus,
  sessionMachine,
} from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { createImServer } from '@imstate/simulator';
import { trackListeners } from '@imstate/test-support/probes';
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

// With a latency and fake timers, the test decides when the simulated service's answers arrive: within the
// marble frame of the step that caused them.
const LATENCY_MS = 10;
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A logged-in session on a simulated service, and the marble steps that play the service's part. */
async function onlineSession() {
  const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key', latencyMs: LATENCY_MS });
  const sdk = im.createClient({ platform: 'web' });
  const session = createSession({ sdk, sdkAppID: im.sdkAppID }).start();
  session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
  await vi.advanceTimersByTimeAsync(2 * LATENCY_MS);
  expect(selectStatus(session.getSnapshot())).toBe('online');
  const answered = (step: () => unknown) => () => {
    step();
    vi.advanceTimersByTime(LATENCY_MS);
  };
  const service = {
    // A dropped network: onConnecting, then onConnectFailed(2801).
    d: answered(() => sdk.network.drop()),
    // The network back: onConnecting, then onConnectSuccess.
    r: answered(() => sdk.network.restore()),
    p: answered(() => im.updateProfile('alice', { nickName: 'Alice' })),
    k: answered(() => im.kick('alice')),
    x: () => session.stop(),
  };
  return { session, service };
}

describe('fromSession(session)', () => {
  it('status$ emits the current status, then each change, and completes when the session stops', async () => {
    const { session, service } = await onlineSession();
    const { status$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-d-r-p-k-x', service).subscribe((act) => act());
      expectObservable(status$).toBe('oc-o---k-|', { o: 'online', c: 'connecting', k: 'kicked' });
    });
  });

  it('selfInfo$ emits the current profile, then each new one', async () => {
    const { session, service } = await onlineSession();
    const { selfInfo$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-d-r-p-k-x', service).subscribe((act) => act());
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
      cold('-p-d-x', service).subscribe((act) => act());
      expectObservable(error$).toBe('u--e-|', { u: undefined, e: error });
    });
  });

  it('events$ emits each event the session emits while subscribed', async () => {
    const { session, service } = await onlineSession();
    const { events$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-d-r-k-x', service).subscribe((act) => act());
      expectObservable(events$).toBe('-e-o-k-|', {
        e: { type: 'error', error: expect.objectContaining({ code: 2801 }) },
        o: { type: 'online' },
        k: { type: 'kicked', reason: 'restApi' },
      });
    });
  });

  it('an unsubscribed observer sees nothing more and leaves nothing on the session', async () => {
    const { session, service } = await onlineSession();
    const listeners = trackListeners(session);
    const { snapshot$, status$, selfInfo$, error$, events$ } = fromSession(session);
    testScheduler().run(({ cold, expectObservable }) => {
      cold('-d-r-k', service).subscribe((act) => act());
      expectObservable(status$, '^-!').toBe('oc', { o: 'online', c: 'connecting' });
      const others: Observable<unknown>[] = [snapshot$, selfInfo$, error$, events$];
      for (const observable of others) expectObservable(observable, '^-!');
    });
    expect(listeners.opened).toBeGreaterThanOrEqual(6);
    expect(listeners.open).toBe(0);
    session.stop();
  });
});

describe('fromSession(session): the view and the tab role', () => {
  it('view$ shows the user only while logged in, the kick reason while kicked, and emits only changes', async () => {
    const { session, service } = await onlineSession();
    const views: string[] = [];
    fromSession(session).view$.subscribe((view) =>
      views.push([view.status, view.userID, view.selfInfo?.nickName, view.kickReason, view.tab].join(' ')),
    );
    service.p();
    session.send({ type: 'TAB.ROLE', role: 'alone' });
    service.k();
    session.send({ type: 'LOGOUT' });
    await vi.advanceTimersByTimeAsync(LATENCY_MS);
    session.stop();
    expect(views).toEqual([
      'online alice   alone',
      'online alice Alice  alone',
      'kicked alice Alice restApi alone',
      'loggedOut    alone',
    ]);
  });

  it('tab$ is alone for a session without tabs, and completes when the session stops', async () => {
    const { session } = await onlineSession();
    const roles: string[] = [];
    let completed = false;
    fromSession(session).tab$.subscribe({
      next: (role) => roles.push(role),
      complete: () => (completed = true),
    });
    session.stop();
    expect(roles).toEqual(['alone']);
    expect(completed).toBe(true);
  });

  it('hands out a view and a profile that cannot be written', async () => {
    const { session, service } = await onlineSession();
    service.p();
    const view = await firstValueFrom(fromSession(session).view$);
    const profile = await firstValueFrom(fromSession(session).selfInfo$);
    expect(() => Object.assign(view, { userID: 'mallory' })).toThrow(TypeError);
    expect(() => Object.assign(profile ?? {}, { nickName: 'Mallory' })).toThrow(TypeError);
    expect(session.getSnapshot().context).toMatchObject({ userID: 'alice', selfInfo: { nickName: 'Alice' } });
    session.stop();
  });
});

describe('fromSession(a session stopped before it started)', () => {
  it('completes every observable: lastValueFrom gives init, firstValueFrom of events rejects', async () => {
    const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
    const session = createSession({ sdk: im.createClient(), sdkAppID: im.sdkAppID });
    const { events$, ...states } = fromSession(session);
    const last = Object.values(states).map((observable: Observable<unknown>) => lastValueFrom(observable));
    const firstEvent = firstValueFrom(events$);
    session.stop();
    const [snapshot, view, status, selfInfo, error, tab] = await Promise.all(last);
    expect(selectStatus(snapshot as SessionSnapshot)).toBe('init');
    expect([(view as SessionView).status, status, selfInfo, error, tab]).toEqual([
      'init',
      'init',
      undefined,
      undefined,
      'alone',
    ]);
    await expect(firstEvent).rejects.toThrow('no elements in sequence');
  });
});

describe('fromSession(wrong input)', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['{}', {}],
  ])('refuses %s with a TypeError when called, not on each later subscription', (_, input) => {
    expect(() => fromSession(input as unknown as SessionActor)).toThrow(
      new TypeError('fromSession() takes a session actor, as createSession() returns.'),
    );
  });
});

describe('fromSession(a session that fails)', () => {
  it('errors every observable with what the actor failed with (a machine changed by .provide())', async () => {
    // createSession's machine never fails (R12); an app's own .provide() can, e.g. with an action that throws.
    const broken = new Error('an action the app provided threw');
    const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
    // It fails on LOGIN, before a UserSig is held: a child reading one would finish after the failure, and XState's
    // development build warns about the message it then sends to the failed actor.
    const machine = sessionMachine.provide({
      actions: {
        rememberUser: () => {
          throw broken;
        },
      },
    });
    const sdk = im.createClient();
    const session = createActor(machine, { input: { sdk, sdkAppID: im.sdkAppID } });
    const observables = fromSession(session);
    const failures: Record<string, unknown> = {};
    for (const [name, observable] of Object.entries(observables) as [string, Observable<unknown>][]) {
      observable.subscribe({ error: (error) => (failures[name] = error) });
    }
    session.start();
    await vi.waitFor(() => expect(session.getSnapshot().matches('loggedOut')).toBe(true));
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await vi.waitFor(() => expect(session.getSnapshot().status).toBe('error'));

    expect(failures).toEqual({
      snapshot$: broken,
      view$: broken,
      status$: broken,
      tab$: broken,
      selfInfo$: broken,
      error$: broken,
      events$: broken,
    });
    // A failed actor does not release its SDK: log the simulated client out, so no expiry timer is left.
    sdk.unInitSDK();
    expect(im.sessions()).toEqual([]);
  });
});
