import { createSession, selectTab } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createTabs } from '@imstate/tabs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_APP_ID, settle } from './support/browser';
import { memory, pass } from './support/memory';
import { describeTabRules, oneOnline, statuses } from './support/rules';

afterEach(() => {
  memory.browser?.closeAll();
  vi.useRealTimers();
});

describeTabRules(memory);

describe('T5: log out everywhere, in memory', () => {
  it('a lock granted before the news of the logout arrives does not make a standing-by tab log in', async () => {
    vi.useFakeTimers();
    // Messages take 20 ms; lock grants come at once: the lock is free long before "logged out" arrives.
    const [one, two] = await oneOnline(memory, 2, { messages: (run) => setTimeout(run, 20) });
    await vi.advanceTimersByTimeAsync(100);
    expect(two!.substate()).toBe('kicked.standingBy');
    one!.session.send({ type: 'LOGOUT' });
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses([one!, two!])).toEqual(['loggedOut', 'loggedOut']);
    expect(two!.logins()).toEqual([]);
    expect(two!.asked).toEqual([]);
  });
});

describe('T9: degrade', () => {
  it('without Web Locks (Node, SSR, old browsers) createTabs() does not throw, and the session acts alone', async () => {
    expect(globalThis.navigator?.locks).toBeUndefined();
    const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'key' });
    const logs: { level: string; message: string }[] = [];
    const session = createSession({
      sdk: server.createClient({ platform: 'web' }),
      sdkAppID: SDK_APP_ID,
      tabs: createTabs(),
      logger: (entry) => logs.push(entry),
    }).start();
    await settle();
    expect(selectTab(session.getSnapshot())).toBe('alone');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 600) });
    await settle();
    expect(session.getSnapshot().value).toBe('online');
    expect(selectTab(session.getSnapshot())).toBe('alone');
    expect(logs.filter((entry) => entry.level === 'warn')).toHaveLength(1);
    session.stop();
  });

  it('a lock manager that refuses (an opaque origin) makes the tab act alone, and its login goes ahead', async () => {
    const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'key' });
    const refusing = { request: () => Promise.reject(new DOMException('denied', 'SecurityError')) };
    const session = createSession({
      sdk: server.createClient({ platform: 'web' }),
      sdkAppID: SDK_APP_ID,
      tabs: createTabs({
        locks: refusing as unknown as LockManager,
        channel: () => new BroadcastChannel('x'),
      }),
    }).start();
    await settle();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 600) });
    await settle();
    expect(session.getSnapshot().value).toBe('online');
    expect(selectTab(session.getSnapshot())).toBe('alone');
    session.stop();
  });
});

describe('T10: a hung holder', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('a holder whose logout never settles loses its hold after takeoverTimeoutMs; it never logs in by itself again', async () => {
    const [one, two] = await oneOnline(memory, 2, { takeoverTimeoutMs: 3000 });
    vi.spyOn(one!.sdk, 'logout').mockImplementation(() => new Promise(() => {}));
    two!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(2900);
    expect(two!.status()).toBe('connecting');
    expect(two!.logins()).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(two!.status()).toBe('online');
    expect(one!.status()).toBe('kicked');
    expect(one!.kickReason()).toBe('otherTab');
    expect(one!.substate()).toBe('kicked.resting');
    two!.close();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(one!.logins()).toHaveLength(1);
  });

  it('a holder whose login hangs is robbed after takeoverTimeoutMs, and does not keep waiting for the lock', async () => {
    const [one, two, three] = await memory.open(3, { takeoverTimeoutMs: 3000 });
    vi.spyOn(one!.sdk, 'login').mockImplementation(() => new Promise(() => {}));
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(100);
    two!.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(100);
    two!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(3500);
    expect(two!.status()).toBe('online');
    expect(one!.substate()).toBe('kicked.resting');
    // When the taker goes, the robbed tab neither logs in nor holds the lock: a third tab can log in.
    two!.close();
    await vi.advanceTimersByTimeAsync(1000);
    three!.session.send({ type: 'LOGIN', userID: 'carol' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(three!.status()).toBe('online');
    expect(one!.status()).toBe('kicked');
  });
});

describe('T11: one page', () => {
  it('two sessions in one page coordinate as two tabs do', async () => {
    await memory.open(0);
    const one = memory.browser.open('one');
    const two = memory.browser.open('two', one);
    await pass();
    one.session.send({ type: 'LOGIN', userID: 'alice' });
    await pass(() => one.status() === 'online');
    two.session.send({ type: 'LOGIN', userID: 'alice' });
    await pass(() => two.status() === 'kicked');
    expect(statuses([one, two])).toEqual(['online', 'kicked']);
    two.session.send({ type: 'RELOGIN' });
    await pass(() => two.status() === 'online');
    expect(statuses([one, two])).toEqual(['kicked', 'online']);
    expect(memory.browser.violations).toEqual([]);
  });
});

describe('a session that logs in and out for long', () => {
  // Each LOGOUT lets go of the lock once sdk.logout() settled, waiting on the session's lifetime signal: a wait
  // that left its listener behind would pile up one per logout, and Node warns past ten.
  it('a tab that logs in and out again and again keeps no listener per logout', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const [one] = await memory.open(1, { latencyMs: 2 });
      for (let round = 0; round < 12; round++) {
        one!.session.send({ type: 'LOGIN', userID: 'alice' });
        await pass(() => one!.status() === 'online');
        one!.session.send({ type: 'LOGOUT' });
        await pass(() => one!.logouts().every((call) => call.settledStep !== undefined));
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
