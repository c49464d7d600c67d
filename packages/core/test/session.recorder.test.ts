import { sessionMachine, type TabCoordinator, type TabEvent } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { recordSession, type TraceEntry } from '@imstate/core/recorder';
import { createScriptedSdk, result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const states = (entries: readonly TraceEntry[]) =>
  entries.flatMap((entry) => (entry.kind === 'state' ? [entry.state] : []));
const arrows = new Set(
  describeMachine(sessionMachine).transitions.map(
    (edge) => `${edge.source} -${edge.event}${edge.guard ? `[${edge.guard}]` : ''}-> ${edge.target}`,
  ),
);

describe('recordSession', () => {
  it('records an unstarted session from its start: states, the events it received, what it emitted', async () => {
    const { session } = createHarness({ start: false });
    const recorder = recordSession(session, { now: () => 42 });
    session.start();
    await settle();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();

    const { entries } = recorder.trace();
    expect(states(entries)).toEqual([
      'init.initializing',
      'loggedOut.idle',
      'connecting.loggingIn',
      'online',
    ]);
    expect(entries).toContainEqual({ at: 42, kind: 'event', event: 'LOGIN', userID: 'alice' });
    expect(entries).toContainEqual({ at: 42, kind: 'emitted', event: 'online' });
    expect(entries.at(-1)).toEqual({
      at: 42,
      kind: 'state',
      state: 'online',
      transitions: [{ from: 'connecting.loggingIn', to: 'online', event: 'done: login' }],
      context: { userID: 'alice', kickReason: undefined, error: undefined, attempt: 1, tab: 'alone' },
    });
  });

  it('names every transition it records as an arrow of the generated diagram', async () => {
    const harness = await onlineSession({ retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const recorder = recordSession(harness.session);
    harness.fake.listener.onConnecting();
    harness.fake.listener.onConnectFailed(2800, 'offline');
    harness.fake.listener.onConnectSuccess();
    harness.fake.listener.onKickedOffline('multipleDevice');
    harness.fake.script.login.push(result(2801, 'timeout'), result(2801, 'timeout'));
    harness.session.send({ type: 'RELOGIN' });
    await vi.runAllTimersAsync();

    const taken = recorder
      .trace()
      .entries.flatMap((entry) => (entry.kind === 'state' ? entry.transitions : []))
      .map((edge) => `${edge.from} -${edge.event}${edge.guard ? `[${edge.guard}]` : ''}-> ${edge.to}`);
    expect(taken).toEqual([
      'online -SDK.CONNECTING-> connecting.reconnecting',
      'connecting.reconnecting -SDK.CONNECT_FAILED-> connecting.offline',
      'connecting.offline -SDK.CONNECT_SUCCESS-> online',
      'online -SDK.KICKED-> kicked',
      'kicked -RELOGIN-> connecting',
      // Without tabs a login is not claimed from other tabs: it starts at once.
      'connecting.deciding -always-> connecting.choosingUserSig',
      // RELOGIN logs in with the UserSig it holds: it has not expired.
      'connecting.choosingUserSig -always[heldUserSigIsFresh]-> connecting.loggingIn',
      'connecting.loggingIn -error: login[hasAttemptsLeft]-> connecting.retrying',
      'connecting.retrying -after retryDelay-> connecting.choosingUserSig',
      'connecting.choosingUserSig -always[heldUserSigIsFresh]-> connecting.loggingIn',
      // The last attempt failed too: the unguarded fallback is "gave up".
      'connecting.loggingIn -error: login-> loggedOut',
    ]);
    for (const arrow of taken) expect(arrows).toContain(arrow);
    const gaveUp = recorder
      .trace()
      .entries.filter((entry) => entry.kind === 'state')
      .at(-1);
    expect(gaveUp).toMatchObject({ state: 'loggedOut.idle', context: { attempt: 2 } });
  });

  it('keeps the kick reason and the error, and never the UserSig', async () => {
    const secret = 'sig-that-must-not-leak';
    const { session, fake } = await loggedOutSession();
    const recorder = recordSession(session);
    session.send({ type: 'LOGIN', userID: 'alice', userSig: secret });
    await settle();
    fake.listener.onKickedOffline('restApi');
    fake.script.login.push(result(70009, `bad signature ${secret}`));
    session.send({ type: 'LOGIN', userID: 'alice', userSig: `${secret}-2` });
    await settle();

    const trace = recorder.trace();
    expect(JSON.stringify(trace)).not.toContain(secret);
    expect(trace.entries).toContainEqual(
      expect.objectContaining({ kind: 'emitted', event: 'kicked', reason: 'restApi' }),
    );
    expect(trace.entries).toContainEqual(
      expect.objectContaining({ kind: 'event', event: 'SDK.KICKED', reason: 'restApi' }),
    );
    const errors = trace.entries.filter((entry) => entry.kind === 'emitted' && entry.event === 'error');
    expect(errors.at(-1)).toMatchObject({ error: { code: 70009, source: 'sdk' } });
    // Plain data: what goes out as JSON comes back the same.
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  });

  it("keeps a tab event's role", async () => {
    const { session } = await onlineSession();
    const recorder = recordSession(session, { now: () => 7 });
    session.send({ type: 'TAB.ROLE', role: 'standby' });
    expect(recorder.trace().entries).toContainEqual({
      at: 7,
      kind: 'event',
      event: 'TAB.ROLE',
      role: 'standby',
    });
  });

  it('gives an imstate.trace, version 1, that starts with the state a running session is in', async () => {
    const { session } = await onlineSession();
    expect(recordSession(session).trace()).toEqual({
      format: 'imstate.trace',
      version: 1,
      entries: [expect.objectContaining({ kind: 'state', state: 'online', transitions: [] })],
    });
  });

  it('keeps of an event only the fields it carries: an SDK error by its code', async () => {
    const { session, fake } = await onlineSession();
    const recorder = recordSession(session, { now: () => 5 });
    fake.listener.onConnectFailed(2800, 'offline');
    session.send({ type: 'LOGOUT' });
    expect(recorder.trace().entries.filter((entry) => entry.kind === 'event')).toStrictEqual([
      { at: 5, kind: 'event', event: 'SDK.CONNECT_FAILED', code: 2800 },
      { at: 5, kind: 'event', event: 'LOGOUT' },
    ]);
  });

  it('records a transition back into the state the session is in', async () => {
    let report: (event: TabEvent) => void = () => {};
    const tabs: TabCoordinator = {
      autoTakeOver: true,
      join: (sink) => {
        report = sink;
        return () => {};
      },
    };
    const { session } = await loggedOutSession({ tabs });
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-a' });
    report({ type: 'TAB.ROLE', role: 'standby' });
    report({ type: 'TAB.HELD_ELSEWHERE', userID: 'bob' });
    const recorder = recordSession(session, { now: () => 3 });
    // What a tab coordinator reports when the tab holding the login is kicked: `kicked` is entered again.
    report({ type: 'TAB.KICKED', reason: 'restApi' });
    expect(recorder.trace().entries.at(-1)).toEqual({
      at: 3,
      kind: 'state',
      state: 'kicked.resting',
      transitions: [{ from: 'kicked', to: 'kicked', event: 'TAB.KICKED', guard: 'coordinatesTabs' }],
      context: expect.objectContaining({ kickReason: 'restApi' }),
    });
  });

  it('keeps the newest `limit` entries', async () => {
    const { session, fake } = await onlineSession();
    const recorder = recordSession(session, { limit: 3 });
    for (let round = 0; round < 5; round++) {
      fake.listener.onConnecting();
      fake.listener.onConnectSuccess();
    }
    const { entries } = recorder.trace();
    expect(entries).toHaveLength(3);
    expect(entries.at(-1)).toMatchObject({ kind: 'state', state: 'online' });
  });

  it('hands each new entry to subscribers, survives a throwing one, and stops on stop()', async () => {
    const { session, fake } = await onlineSession();
    const recorder = recordSession(session);
    const seen: string[] = [];
    recorder.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = recorder.subscribe((entry) => seen.push(entry.kind));
    fake.listener.onConnecting();
    expect(seen).toEqual(['event', 'state']);
    unsubscribe();
    fake.listener.onConnectSuccess();
    expect(seen).toHaveLength(2);
    expect(session.getSnapshot().status).toBe('active');

    recorder.stop();
    fake.listener.onConnecting();
    expect(states(recorder.trace().entries)).toEqual(['online', 'connecting.reconnecting', 'online']);
  });

  it('returns a copy: changing it does not change the recording', async () => {
    const { session } = await onlineSession();
    const recorder = recordSession(session);
    recorder.trace().entries.length = 0;
    expect(recorder.trace().entries).toHaveLength(1);
  });

  it('is not fooled by events of the child actors', async () => {
    const fake = createScriptedSdk({ login: ['hold'] });
    const { session } = await loggedOutSession({ fake });
    const recorder = recordSession(session);
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    await settle();
    fake.logins[0]!.resolve({ code: 0, desc: 'ok' });
    await settle();
    const { entries } = recorder.trace();
    expect(entries.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []))).toEqual(['LOGIN']);
    expect(states(entries)).toEqual(['loggedOut.idle', 'connecting.loggingIn', 'online']);
  });
});
