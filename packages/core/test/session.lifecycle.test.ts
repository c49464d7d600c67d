import { sessionMachine } from '@imstate/core';
import { isSessionStopped, subscribeSession } from '@imstate/core/bindings';
import { createScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { createHarness, settle, useSessionClock } from './support/harness';

useSessionClock();

const unstarted = () => createHarness({ start: false });

describe('XState itself', () => {
  // What the helpers below stand in for; once XState reports this stop, they can go.
  it('leaves a session stopped before it started looking active, and tells its observers nothing', () => {
    const { session } = unstarted();
    const complete = vi.fn();
    session.subscribe({ complete });
    session.stop();
    expect(session.getSnapshot().status).toBe('active');
    expect(complete).not.toHaveBeenCalled();
  });
});

describe('isSessionStopped', () => {
  it('is false before start and while running, true once stopped', async () => {
    const { session } = unstarted();
    expect(isSessionStopped(session)).toBe(false);
    session.start();
    await settle();
    expect(isSessionStopped(session)).toBe(false);
    session.stop();
    expect(isSessionStopped(session)).toBe(true);
  });

  it('is true for a session stopped before it ever started', () => {
    const { session } = unstarted();
    session.stop();
    expect(isSessionStopped(session)).toBe(true);
  });

  it('is true as soon as the snapshot of a stopping session says stopped', async () => {
    const { session } = createHarness();
    await settle();
    const seen: boolean[] = [];
    // An inspector is shown the stopped snapshot while XState is still stopping the session.
    session.system.inspect((event) => {
      const stopped = event.type === '@xstate.snapshot' && event.snapshot.status === 'stopped';
      if (stopped && event.actorRef === session) seen.push(isSessionStopped(session));
    });
    session.stop();
    expect(seen).toEqual([true]);
  });
});

describe('subscribeSession', () => {
  it('delivers snapshots and completes when a running session stops', async () => {
    const { session } = createHarness();
    const seen: string[] = [];
    const complete = vi.fn();
    subscribeSession(session, { next: (snapshot) => seen.push(snapshot.status), complete });
    await settle();
    session.stop();
    expect(seen).toContain('active');
    expect(complete).toHaveBeenCalledTimes(1);
  });

  it('completes when the session is stopped before it started', () => {
    const { session } = unstarted();
    const complete = vi.fn();
    subscribeSession(session, { complete });
    session.stop();
    expect(complete).toHaveBeenCalledTimes(1);
    session.stop();
    expect(complete).toHaveBeenCalledTimes(1);
  });

  it('completes at once for a session that already stopped, before or after starting', async () => {
    const early = unstarted().session;
    early.stop();
    const late = createHarness().session;
    await settle();
    late.stop();
    for (const session of [early, late]) {
      const complete = vi.fn();
      const next = vi.fn();
      subscribeSession(session, { next, complete });
      expect(complete).toHaveBeenCalledTimes(1);
      expect(next).not.toHaveBeenCalled();
    }
  });

  it('takes observers without `complete`, whenever the session stops', () => {
    const stoppedEarly = unstarted().session;
    const next = vi.fn();
    subscribeSession(stoppedEarly, { next });
    expect(() => stoppedEarly.stop()).not.toThrow();
    expect(() => subscribeSession(stoppedEarly, { next }).unsubscribe()).not.toThrow();
    expect(next).not.toHaveBeenCalled();
  });

  it('still stops a session that components subscribed to and left many times over', async () => {
    const { session } = createHarness();
    await settle();
    for (let round = 0; round < 100_000; round++) subscribeSession(session, {}).unsubscribe();
    expect(() => session.stop()).not.toThrow();
    expect(isSessionStopped(session)).toBe(true);
  });

  it('hears nothing after unsubscribing, and a session stopped after starting is not reported twice', async () => {
    const { session } = unstarted();
    const complete = vi.fn();
    subscribeSession(session, { complete }).unsubscribe();
    session.stop();
    expect(complete).not.toHaveBeenCalled();

    const running = createHarness().session;
    const completeRunning = vi.fn();
    subscribeSession(running, { complete: completeRunning });
    await settle();
    running.stop();
    running.stop();
    expect(completeRunning).toHaveBeenCalledTimes(1);
  });

  it('passes on the error of a session that failed, then and later', async () => {
    const fake = createScriptedSdk();
    const failure = new Error('an action the app provided threw');
    // It fails on LOGIN, before a UserSig is held: a child reading one would finish after the failure, and XState's
    // development build warns about the message it then sends to the failed actor.
    const machine = sessionMachine.provide({
      actions: {
        rememberUser: () => {
          throw failure;
        },
      },
    });
    const session = createActor(machine, { input: { sdk: fake.sdk, sdkAppID: 1400000001 } });
    const during = vi.fn();
    subscribeSession(session, { error: during });
    session.start();
    await settle();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    await settle();
    expect(during).toHaveBeenCalledWith(failure);

    const after = vi.fn();
    const complete = vi.fn();
    subscribeSession(session, { error: after, complete });
    expect(after).toHaveBeenCalledWith(failure);
    expect(complete).not.toHaveBeenCalled();
  });
});
