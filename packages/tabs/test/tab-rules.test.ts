import { createSession, selectTab } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createTabs } from '@imstate/tabs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowser, SDK_APP_ID, settle } from './support/browser';
import { createHarness, describeTabRules, oneOnline, statuses } from './support/rules';

/**
 * Lets the in-memory tabs run: with fake timers, a second of fake time; else until every microtask has run, and then,
 * until `holds`, a few real milliseconds at a time.
 */
async function pass(holds: () => boolean = () => true): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(1000);
  for (let round = 0; !vi.isFakeTimers() && round < 200; round++) {
    await settle();
    if (holds()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!holds()) throw new Error('the tabs did not get there');
}

/** The tabs over the in-memory stand-ins, each page with its own view of the lock table and channels. */
const memory = createHarness({
  createBrowser,
  pass,
  wire: () => memory.browser.posted.map(({ data }) => data),
  freeze: (tab) => tab.freeze(),
  crash: (tab) => tab.crash(),
});

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

describe('T2, T10: two tabs say "use here" a moment apart, while the holder is slow to let go', () => {
  // The first taker gets the lock when the holder lets go, or steals it at its deadline; the second taker's deadline
  // comes 100 ms later. Hearing who holds the login now gives that tab a whole takeoverTimeoutMs to let go.
  // With 50 ms messages, the first taker's `holds` (after its steal at its deadline) reached the second taker only
  // as the second one's deadline fell, and the second stole the lock from the first mid-login.
  it.each([
    [5, 2300],
    [5, 2600],
    [5, 2900],
    [50, 2450],
    [50, 2600],
    [50, 3000],
    [100, 2300],
  ])(
    'messages taking %i ms, a holder whose logout takes %i ms: the later "use here" wins, no taker robs another',
    async (messageMs, logoutMs) => {
      vi.useFakeTimers();
      const [one, two, three] = await oneOnline(memory, 3, {
        takeoverTimeoutMs: 3000,
        latencyMs: 500,
        messages: (run) => setTimeout(run, messageMs),
      });
      const logout = one!.sdk.logout.bind(one!.sdk);
      vi.spyOn(one!.sdk, 'logout').mockImplementation(() =>
        new Promise((resolve) => setTimeout(resolve, logoutMs)).then(logout),
      );
      two!.session.send({ type: 'RELOGIN' });
      await vi.advanceTimersByTimeAsync(100);
      three!.session.send({ type: 'RELOGIN' });
      await vi.advanceTimersByTimeAsync(20_000);
      expect(memory.browser.violations).toEqual([]);
      expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'online']);
      expect(three!.logins()).toHaveLength(1);
      // The earlier taker stepped aside before it had the lock, and stands by for the later one.
      expect(two!.logins()).toEqual([]);
      expect([two!.substate(), two!.kickReason()]).toEqual(['kicked.standingBy', 'otherTab']);
    },
  );
});

describe('T2, T6, T10: the holder goes away just before the deadline of a tab taking over', () => {
  // A tab standing by (queued for the lock before the taker) is granted the lock the moment the hung holder crashes.
  // Before, it logged in, and the taker, not having heard so yet, stole the lock at its deadline: two logins.
  it.each([
    [5, 2990],
    [20, 2960],
    [20, 2970],
    [50, 2900],
    [50, 2940],
  ])(
    'messages taking %i ms, the holder crashing at %i ms: the tab standing by gives the taker its turn',
    async (messageMs, crashAt) => {
      vi.useFakeTimers();
      const [one, two, three] = await oneOnline(memory, 3, {
        takeoverTimeoutMs: 3000,
        latencyMs: 200,
        messages: (run) => setTimeout(run, messageMs),
      });
      expect(two!.substate()).toBe('kicked.standingBy');
      vi.spyOn(one!.sdk, 'logout').mockImplementation(() => new Promise(() => {}));
      three!.session.send({ type: 'RELOGIN' });
      await vi.advanceTimersByTimeAsync(crashAt);
      one!.crash();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(memory.browser.violations).toEqual([]);
      expect([two!.status(), three!.status()]).toEqual(['kicked', 'online']);
      expect(two!.logins()).toEqual([]);
      expect(three!.logins()).toHaveLength(1);
    },
  );
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
