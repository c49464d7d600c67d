import { createSession, selectTab } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createTabs } from '@imstate/tabs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BrowserOptions,
  createBrowser,
  expectStandingBy,
  expectUsedHere,
  SDK_APP_ID,
  settle,
  type Tab,
} from './support/browser';

let browser: ReturnType<typeof createBrowser>;
afterEach(() => {
  browser?.closeAll();
  vi.useRealTimers();
});

/** Lets the tabs run: with fake timers, a second of fake time. */
const pass = () => (vi.isFakeTimers() ? vi.advanceTimersByTimeAsync(1000) : settle());

/** A browser with `count` tabs, started and idle. */
async function tabs(count: number, options: BrowserOptions = {}): Promise<Tab[]> {
  browser = createBrowser(options);
  const opened = Array.from({ length: count }, () => browser.open());
  await pass();
  return opened;
}

/** Tab one online as alice; the others asked to log in (as bob) and stand by, kicked with `otherTab`. */
async function oneOnline(count: number, options: BrowserOptions = {}): Promise<Tab[]> {
  const opened = await tabs(count, options);
  opened[0]!.session.send({ type: 'LOGIN', userID: 'alice' });
  await pass();
  for (const tab of opened.slice(1)) tab.session.send({ type: 'LOGIN', userID: 'bob' });
  await pass();
  expect(opened.map((tab) => tab.status())).toEqual(['online', ...opened.slice(1).map(() => 'kicked')]);
  return opened;
}

const statuses = (opened: Tab[]) => opened.map((tab) => tab.status());

describe('T2, T3: one login per browser, no stealing without consent', () => {
  it('a second tab that logs in does not call sdk.login: it is kicked with otherTab, naming the holding user', async () => {
    const [one, two] = await oneOnline(2);
    expectStandingBy(two!, one!);
    expect(browser.violations).toEqual([]);
  });

  it('two tabs that log in at the same moment: exactly one calls sdk.login', async () => {
    const [one, two] = await tabs(2);
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await settle();
    expect(statuses([one!, two!]).sort()).toEqual(['kicked', 'online']);
    expect(browser.calls.filter((call) => call.method === 'login')).toHaveLength(1);
    const loser = one!.status() === 'kicked' ? one! : two!;
    const winner = loser === one ? two! : one!;
    expect(loser.userID()).toBe(winner.userID());
    expect(browser.violations).toEqual([]);
  });

  it('RETRY in a tab whose login failed, while another tab holds the login, does not call sdk.login', async () => {
    const [one, two] = await tabs(2);
    two!.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'not-a-usersig' });
    await settle();
    expect(two!.status()).toBe('loggedOut');
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    two!.session.send({ type: 'RETRY' });
    await settle();
    expect(two!.status()).toBe('kicked');
    expect(two!.kickReason()).toBe('otherTab');
    expect(two!.userID()).toBe('alice');
    expect(two!.logins()).toHaveLength(1);
  });

  it('a login refused by validation is refused as before and never asks the other tabs', async () => {
    const [one, two] = await oneOnline(2);
    const posted = browser.posted.length;
    two!.session.send({ type: 'LOGOUT' });
    await settle();
    const three = browser.open();
    await settle();
    three.session.send({ type: 'LOGIN', userID: 'not valid!' });
    await settle();
    expect(three.status()).toBe('loggedOut');
    expect(three.session.getSnapshot().context.error?.code).toBe('INVALID_USER_ID');
    expect(browser.posted.slice(posted).filter(({ data }) => (data as { t: string }).t !== 'sync')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ data: expect.objectContaining({ t: 'who' }) })]),
    );
    void one;
  });

  it('names the holding tab’s new user after it switched users', async () => {
    const [one, two] = await tabs(2);
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    one!.session.send({ type: 'LOGIN', userID: 'carol' });
    await settle();
    expect(one!.userID()).toBe('carol');
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await settle();
    expect(two!.userID()).toBe('carol');
  });
});

describe('T4: use here', () => {
  it('RELOGIN in a tab kicked with otherTab: the holder logs out gracefully, then the taker logs in', async () => {
    vi.useFakeTimers();
    const [one, two] = await oneOnline(2, { latencyMs: 50 });
    await vi.advanceTimersByTimeAsync(200);
    two!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(1000);
    expectUsedHere(one!, two!);
    // The holder's logout took the service's 50 ms; the taker waited for it.
    expect(two!.logins()[0]!.startedAt - one!.logouts()[0]!.startedAt).toBeGreaterThanOrEqual(50);
    expect(browser.violations).toEqual([]);
  });

  it('LOGIN in a tab kicked with otherTab takes over as the user it names', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await settle();
    expect(two!.status()).toBe('online');
    expect(two!.userID()).toBe('bob');
    expect(one!.status()).toBe('kicked');
    expect(one!.userID()).toBe('bob');
    expect(browser.violations).toEqual([]);
  });

  it('a tab standing by since before does not get in the way of the tab taking over', async () => {
    const [one, two, three] = await oneOnline(3);
    three!.session.send({ type: 'RELOGIN' });
    await settle();
    expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'online']);
    expect(two!.substate()).toBe('kicked.standingBy');
    // It was granted the lock first (it had waited longest), and let the taking tab have it without a stir.
    expect(two!.emitted).toEqual(['kicked:otherTab']);
    expect(two!.asked).toEqual([]);
    expect(browser.violations).toEqual([]);
  });

  it('the displaced tab stands by, and takes the login back by itself when the taker closes (T6)', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    await settle();
    expect(one!.substate()).toBe('kicked.standingBy');
    two!.close();
    await settle();
    expect(one!.status()).toBe('online');
    expect(one!.asked).toEqual(['alice:login', 'alice:relogin']);
    expect(browser.violations).toEqual([]);
  });
});

describe('T5: log out everywhere', () => {
  it('LOGOUT in the holding tab logs every tab out; no tab logs in', async () => {
    const [one, two, three] = await oneOnline(3);
    one!.session.send({ type: 'LOGOUT' });
    await settle();
    expect(statuses([one!, two!, three!])).toEqual(['loggedOut', 'loggedOut', 'loggedOut']);
    expect(two!.emitted).toEqual(['kicked:otherTab', 'loggedOut']);
    expect(one!.logouts()).toHaveLength(1);
    expect(two!.logins()).toEqual([]);
    expect(three!.logins()).toEqual([]);
  });

  it('LOGOUT in a tab standing by: the holding tab logs out, and every tab ends logged out', async () => {
    const [one, two, three] = await oneOnline(3);
    three!.session.send({ type: 'LOGOUT' });
    await settle();
    expect(statuses([one!, two!, three!])).toEqual(['loggedOut', 'loggedOut', 'loggedOut']);
    expect(one!.emitted).toEqual(['online', 'loggedOut']);
    expect(one!.logouts()).toHaveLength(1);
    expect(three!.logouts()).toEqual([]);
    expect(browser.calls.filter((call) => call.method === 'login')).toHaveLength(1);
  });

  it('a lock granted before the news of the logout arrives does not make a standing-by tab log in', async () => {
    vi.useFakeTimers();
    // Messages take 20 ms; lock grants come at once: the lock is free long before "logged out" arrives.
    const [one, two] = await oneOnline(2, { messages: (run) => setTimeout(run, 20) });
    await vi.advanceTimersByTimeAsync(100);
    expect(two!.substate()).toBe('kicked.standingBy');
    one!.session.send({ type: 'LOGOUT' });
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses([one!, two!])).toEqual(['loggedOut', 'loggedOut']);
    expect(two!.logins()).toEqual([]);
    expect(two!.asked).toEqual([]);
  });

  it('a tab that never asked to log in ignores LOGOUT, as before: it cannot log the other tabs out', async () => {
    const [one, two] = await tabs(2);
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(two!.session.getSnapshot().can({ type: 'LOGOUT' })).toBe(false);
    two!.session.send({ type: 'LOGOUT' });
    await settle();
    expect(one!.status()).toBe('online');
  });
});

describe('T6: hand-over when the holding tab goes away', () => {
  it.each([
    ['closes', (tab: Tab) => tab.close()],
    ['crashes (no goodbye)', (tab: Tab) => tab.crash()],
  ])(
    'the holder %s while logged in: exactly one tab standing by takes over, as the same user',
    async (_how, end) => {
      const [one, two, three] = await oneOnline(3);
      end(one!);
      await settle();
      const online = [two!, three!].filter((tab) => tab.status() === 'online');
      expect(online).toHaveLength(1);
      expect(online[0]!.userID()).toBe('alice');
      expect(online[0]!.asked).toEqual(['alice:relogin']);
      const other = online[0] === two ? three! : two!;
      expect(other.status()).toBe('kicked');
      expect(other.logins()).toEqual([]);
      expect(browser.violations).toEqual([]);
      // And again when that one goes.
      online[0]!.close();
      await settle();
      expect(other.status()).toBe('online');
    },
  );

  it('a tab that never asked to log in does not take over', async () => {
    const [one, two] = await tabs(2);
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    one!.close();
    await settle();
    expect(two!.status()).toBe('loggedOut');
    expect(two!.logins()).toEqual([]);
  });

  it.each([
    ['without getUserSig', { provider: false }],
    ['with autoTakeOver: false', { autoTakeOver: false }],
  ])('%s no tab logs in by itself', async (_name, options) => {
    const opened = await tabs(2, options);
    const [one, two] = opened;
    const sig = browser.issue('alice');
    one!.session.send({ type: 'LOGIN', userID: 'alice', userSig: sig });
    await settle();
    two!.session.send({ type: 'LOGIN', userID: 'alice', userSig: sig });
    await settle();
    expect(two!.substate()).toBe('kicked.resting');
    one!.close();
    await settle();
    expect(two!.status()).toBe('kicked');
    expect(two!.logins()).toEqual([]);
    // "Use here" still works: the app decides.
    two!.session.send({ type: 'RELOGIN' });
    await settle();
    expect(two!.status()).toBe('online');
  });
});

describe('T7: no ping-pong', () => {
  it('a server kick of the holding tab shows in every tab, and no tab logs in by itself, not even when it closes', async () => {
    const [one, two, three] = await oneOnline(3);
    browser.server.kick('alice');
    await settle();
    expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'kicked']);
    expect([one, two, three].map((tab) => tab!.kickReason())).toEqual(['restApi', 'restApi', 'restApi']);
    expect(two!.emitted).toEqual(['kicked:otherTab', 'kicked:restApi']);
    one!.close();
    await settle();
    expect(statuses([two!, three!])).toEqual(['kicked', 'kicked']);
    expect(browser.calls.filter((call) => call.method === 'login')).toHaveLength(1);
  });
});

describe('T8: no credentials between tabs', () => {
  it('nothing posted on the channel carries a UserSig', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    await settle();
    one!.session.send({ type: 'LOGIN', userID: 'alice', userSig: browser.issue('alice') });
    await settle();
    two!.session.send({ type: 'LOGOUT' });
    await settle();
    expect(browser.posted.length).toBeGreaterThan(5);
    const wire = JSON.stringify(browser.posted);
    expect(browser.issued.length).toBeGreaterThan(2);
    for (const userSig of browser.issued) expect(wire).not.toContain(userSig);
    expect(wire).not.toMatch(/sig/i);
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
    const [one, two] = await oneOnline(2, { takeoverTimeoutMs: 3000 });
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
    const [one, two, three] = await tabs(3, { takeoverTimeoutMs: 3000 });
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

  it('a frozen holder (it hears nothing) loses its hold after takeoverTimeoutMs', async () => {
    const [one, two] = await oneOnline(2, { takeoverTimeoutMs: 1000 });
    one!.freeze();
    two!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(900);
    expect(two!.status()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(200);
    expect(two!.status()).toBe('online');
    // Its lock was stolen: it shows that another tab has the login, and stays out of the way.
    expect(one!.status()).toBe('kicked');
    expect(one!.kickReason()).toBe('otherTab');
    expect(one!.logouts()).toEqual([]);
  });
});

describe('T11: one page', () => {
  it('two sessions in one page coordinate as two tabs do', async () => {
    browser = createBrowser();
    const one = browser.open('one');
    const two = browser.open('two', one);
    await settle();
    one.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    two.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(statuses([one, two])).toEqual(['online', 'kicked']);
    two.session.send({ type: 'RELOGIN' });
    await settle();
    expect(statuses([one, two])).toEqual(['kicked', 'online']);
    expect(browser.violations).toEqual([]);
  });

  it('one coordinator shared by two sessions coordinates them as two tabs', async () => {
    const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'key' });
    const { createMemoryLocks, createMemoryChannels } = await import('@imstate/tabs/testing');
    const tabs = createTabs({ locks: createMemoryLocks().tab(), channel: createMemoryChannels().open });
    const start = () =>
      createSession({
        sdk: server.createClient({ platform: 'web' }),
        sdkAppID: SDK_APP_ID,
        getUserSig: async (userID) => server.issueUserSig(userID, 600),
        tabs,
      }).start();
    const [one, two] = [start(), start()];
    await settle();
    one.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    two.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect([one, two].map((session) => session.getSnapshot().value)).toEqual([
      'online',
      { kicked: 'standingBy' },
    ]);
    one.stop();
    two.stop();
  });
});
