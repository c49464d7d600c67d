import { createSession, type SessionActor, selectStatus } from '@imstate/core';
import { describe, expect, it, vi } from 'vitest';
import {
  type Browser,
  type BrowserOptions,
  expectStandingBy,
  expectUsedHere,
  SDK_APP_ID,
  settle,
  type Tab,
} from './browser';

/** How a suite runs the tabs: over which Web Locks and channels, and how it waits for them. */
export interface Transport {
  /** A new browser whose tabs coordinate over this transport. */
  createBrowser(options?: BrowserOptions): Browser;
  /** Lets the tabs run, until `holds` if given; fails when that takes too long. */
  pass(holds?: () => boolean): Promise<void>;
  /** Everything the tabs of the last browser posted to each other. */
  wire(): unknown[];
  /** The tab's page freezes: it keeps its lock, and hears and says nothing. */
  freeze(tab: Tab): void;
  /** The tab's page crashes (its lock goes without its code running), where the transport can show that. */
  crash?(tab: Tab): void;
}

/** A transport and the browser it opened last. */
export interface Harness extends Transport {
  readonly browser: Browser;
  /** A new browser with `count` tabs, started and idle. */
  open(count: number, options?: BrowserOptions): Promise<Tab[]>;
}

export function createHarness(transport: Transport): Harness {
  let browser: Browser | undefined;
  return {
    ...transport,
    get browser() {
      return browser!;
    },
    async open(count, options) {
      browser = transport.createBrowser(options);
      const opened = Array.from({ length: count }, () => browser!.open());
      await transport.pass();
      return opened;
    },
  };
}

export const statuses = (tabs: Tab[]) => tabs.map((tab) => tab.status());

/** Tab one online as alice; the others asked to log in (as bob) and stand by, kicked with `otherTab`. */
export async function oneOnline(harness: Harness, count: number, options?: BrowserOptions): Promise<Tab[]> {
  const opened = await harness.open(count, options);
  opened[0]!.session.send({ type: 'LOGIN', userID: 'alice' });
  await harness.pass(() => opened[0]!.status() === 'online');
  for (const tab of opened.slice(1)) tab.session.send({ type: 'LOGIN', userID: 'bob' });
  await harness.pass(() => opened.every((tab) => tab.status() !== 'connecting'));
  expect(statuses(opened)).toEqual(['online', ...opened.slice(1).map(() => 'kicked')]);
  return opened;
}

const hangLogout = (tab: Tab) => {
  vi.spyOn(tab.sdk, 'logout').mockImplementation(() => new Promise(() => {}));
};

/**
 * T2–T8, T10 and T11 as users observe them (states, SDK calls, emitted events, what crosses the channel), over the
 * harness's transport. The browser's record of violations (a login while another tab had one, a server kick for a
 * second login) stays empty throughout.
 */
export function describeTabRules(harness: Harness): void {
  const { pass } = harness;
  const logins = () => harness.browser.calls.filter((call) => call.method === 'login');
  const online = (tabs: Tab[]) => tabs.filter((tab) => tab.status() === 'online');

  describe('T2, T3: one login per browser, no stealing without consent', () => {
    it('a second tab that logs in does not call sdk.login: it is kicked with otherTab, naming the holding user', async () => {
      const [one, two] = await oneOnline(harness, 2);
      expectStandingBy(two!, one!);
      expect(harness.browser.violations).toEqual([]);
    });

    it('a tab opened after the holder logged in asks who holds the login, and stands by', async () => {
      const [one] = await harness.open(1);
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.status() === 'online');
      const two = harness.browser.open();
      await pass();
      two.session.send({ type: 'LOGIN', userID: 'bob' });
      await pass(() => two.status() === 'kicked');
      expectStandingBy(two, one!);
    });

    it('three tabs that log in at the same moment: exactly one calls sdk.login', async () => {
      const opened = await harness.open(3);
      for (const [i, userID] of ['alice', 'bob', 'carol'].entries())
        opened[i]!.session.send({ type: 'LOGIN', userID });
      await pass(() => online(opened).length > 0);
      expect(statuses(opened).sort()).toEqual(['kicked', 'kicked', 'online']);
      expect(logins()).toHaveLength(1);
      for (const tab of opened) expect(tab.userID()).toBe(online(opened)[0]!.userID());
      expect(harness.browser.violations).toEqual([]);
    });

    it('a tab that logs in as the tab holding the login closes at once logs in as its own user', async () => {
      const [one, two] = await harness.open(2);
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      two!.session.send({ type: 'LOGIN', userID: 'bob' });
      one!.close();
      await pass(() => two!.status() === 'online');
      expect(two!.userID()).toBe('bob');
      expect(two!.emitted).toEqual(['online']);
    });

    it('RETRY in a tab whose login failed, while another tab holds the login, does not call sdk.login', async () => {
      const [one, two] = await harness.open(2);
      two!.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'not-a-usersig' });
      await pass(() => two!.session.getSnapshot().context.error !== undefined);
      expect(two!.status()).toBe('loggedOut');
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.status() === 'online');
      two!.session.send({ type: 'RETRY' });
      await pass(() => two!.status() === 'kicked');
      expect([two!.kickReason(), two!.userID()]).toEqual(['otherTab', 'alice']);
      expect(two!.logins()).toHaveLength(1);
    });

    it('a login refused by validation is refused as before and never asks the other tabs', async () => {
      await oneOnline(harness, 2);
      const three = harness.browser.open();
      await pass();
      const posted = harness.wire().length;
      three.session.send({ type: 'LOGIN', userID: 'not valid!' });
      await pass();
      expect(three.status()).toBe('loggedOut');
      expect(three.session.getSnapshot().context.error?.code).toBe('INVALID_USER_ID');
      expect(harness.wire().slice(posted)).toEqual([]);
    });

    it('names the holding tab’s new user after it switched users', async () => {
      const [one, two] = await harness.open(2);
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.status() === 'online');
      one!.session.send({ type: 'LOGIN', userID: 'carol' });
      await pass(() => one!.userID() === 'carol' && one!.status() === 'online');
      two!.session.send({ type: 'LOGIN', userID: 'bob' });
      await pass(() => two!.status() === 'kicked');
      expect(two!.userID()).toBe('carol');
    });
  });

  describe('T4: use here', () => {
    it('RELOGIN in a tab kicked with otherTab: the holder logs out gracefully, then the taker logs in', async () => {
      const [one, two] = await oneOnline(harness, 2, { latencyMs: 20 });
      two!.session.send({ type: 'RELOGIN' });
      await pass(() => two!.status() === 'online');
      expectUsedHere(one!, two!);
      // The holder's logout took the service's 20 ms; the taker waited for it.
      expect(two!.logins()[0]!.startedAt - one!.logouts()[0]!.startedAt).toBeGreaterThanOrEqual(19);
      expect(harness.browser.violations).toEqual([]);
    });

    it('LOGIN in a tab kicked with otherTab takes over as the user it names', async () => {
      const [one, two] = await oneOnline(harness, 2);
      two!.session.send({ type: 'LOGIN', userID: 'bob' });
      await pass(() => two!.status() === 'online');
      expect(two!.userID()).toBe('bob');
      expect([one!.status(), one!.userID(), one!.kickReason()]).toEqual(['kicked', 'bob', 'otherTab']);
      expect(harness.browser.violations).toEqual([]);
    });

    it('a tab standing by since before does not get in the way of the tab taking over', async () => {
      const [one, two, three] = await oneOnline(harness, 3);
      three!.session.send({ type: 'RELOGIN' });
      await pass(() => three!.status() === 'online');
      expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'online']);
      expect(two!.substate()).toBe('kicked.standingBy');
      // Granted the lock first (it had waited longest), it let the taking tab have it without a stir.
      expect(two!.emitted).toEqual(['kicked:otherTab']);
      expect(two!.asked).toEqual([]);
      expect(harness.browser.violations).toEqual([]);
    });

    it('the holder closes while it logs out for the taking tab: the taking tab logs in', async () => {
      const [one, two] = await oneOnline(harness, 2, { latencyMs: 20 });
      two!.session.send({ type: 'RELOGIN' });
      await pass(() => one!.logouts().length === 1);
      one!.close();
      await pass(() => two!.status() === 'online');
      expect(two!.userID()).toBe('alice');
    });

    it('the holder closes while it lets go for the taking tab (its login still in flight): the taker logs in', async () => {
      const [one, two] = await harness.open(2, { latencyMs: 150 });
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.logins().length === 1);
      two!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => two!.status() === 'kicked');
      two!.session.send({ type: 'RELOGIN' });
      // Displaced before its login settled, it cannot log out yet: it lets go once that login settles.
      await pass(() => one!.status() === 'kicked');
      expect(one!.logins()[0]!.settledStep).toBeUndefined();
      one!.close();
      await pass(() => two!.status() === 'online');
      expect(two!.userID()).toBe('alice');
    });

    it('two tabs that say “use here” at once: one ends online, and no two logins overlap', async () => {
      const opened = await oneOnline(harness, 3);
      opened[1]!.session.send({ type: 'RELOGIN' });
      opened[2]!.session.send({ type: 'RELOGIN' });
      await pass(() => online(opened).length === 1 && opened.every((tab) => tab.status() !== 'connecting'));
      expect(statuses(opened).sort()).toEqual(['kicked', 'kicked', 'online']);
      for (const tab of opened.filter((tab) => tab.status() === 'kicked'))
        expect([tab.kickReason(), tab.userID()]).toEqual(['otherTab', 'alice']);
      expect(harness.browser.violations).toEqual([]);
    });

    it.each([
      ['after it logged in', () => true],
      ['before it logged in', () => false],
    ])(
      'the displaced tab stands by, and takes the login back by itself when the taker closes %s',
      async (_when, late) => {
        const [one, two] = await oneOnline(harness, 2);
        two!.session.send({ type: 'RELOGIN' });
        await pass(() => one!.status() === 'kicked' && (!late() || two!.status() === 'online'));
        expect(one!.substate()).toBe('kicked.standingBy');
        two!.close();
        await pass(() => one!.status() === 'online');
        expect(one!.userID()).toBe('alice');
        expect(one!.asked).toEqual(['alice:login', 'alice:relogin']);
        expect(harness.browser.violations).toEqual([]);
      },
    );
  });

  describe('T5: log out everywhere', () => {
    it.each([
      ['the holding tab', 0],
      ['a tab standing by', 2],
    ])('LOGOUT in %s logs every tab out; no tab logs in', async (_where, at) => {
      const opened = await oneOnline(harness, 3);
      opened[at]!.session.send({ type: 'LOGOUT' });
      await pass(() => opened.every((tab) => tab.status() === 'loggedOut'));
      expect(opened[0]!.logouts()).toHaveLength(1);
      expect(opened[0]!.emitted).toEqual(['online', 'loggedOut']);
      expect(opened[1]!.emitted).toEqual(['kicked:otherTab', 'loggedOut']);
      expect(opened[2]!.logouts()).toEqual([]);
      expect(logins()).toHaveLength(1);
    });

    it('a tab that logs in while the holder’s sdk.logout is in flight logs in once that settled, not later', async () => {
      const [one, two] = await oneOnline(harness, 2, { latencyMs: 50, takeoverTimeoutMs: 3000 });
      one!.session.send({ type: 'LOGOUT' });
      await pass(() => two!.status() === 'loggedOut');
      expect(one!.logouts()[0]!.settledStep).toBeUndefined();
      two!.session.send({ type: 'LOGIN', userID: 'bob' });
      // Within `pass`'s bound (a second): long before takeoverTimeoutMs.
      await pass(() => two!.status() === 'online');
      expect(one!.logouts()[0]!.settledStep).toBeLessThan(two!.logins()[0]!.startedStep);
      expect(harness.browser.violations).toEqual([]);
    });

    it('LOGOUT in the holder before it heard another tab say “use here”: every tab ends logged out', async () => {
      const [one, two] = await oneOnline(harness, 2);
      two!.session.send({ type: 'RELOGIN' });
      one!.session.send({ type: 'LOGOUT' });
      await pass(() => statuses([one!, two!]).every((status) => status === 'loggedOut'));
      expect(two!.emitted).toEqual(['kicked:otherTab', 'loggedOut']);
      expect(logins()).toHaveLength(1);
    });

    it('a tab that never asked to log in ignores LOGOUT, as before: it cannot log the other tabs out', async () => {
      const [one, two] = await harness.open(2);
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.status() === 'online');
      expect(two!.session.getSnapshot().can({ type: 'LOGOUT' })).toBe(false);
      two!.session.send({ type: 'LOGOUT' });
      await pass();
      expect(one!.status()).toBe('online');
    });
  });

  describe('T6: hand-over when the holding tab goes away', () => {
    const endings: [string, (tab: Tab) => void][] = [['closes', (tab) => tab.close()]];
    if (harness.crash) endings.push(['crashes (no goodbye)', harness.crash]);

    it.each(endings)(
      'the holder %s while logged in: exactly one tab standing by takes over, as the same user, and again',
      async (_how, end) => {
        const [one, two, three] = await oneOnline(harness, 3);
        end(one!);
        await pass(() => online([two!, three!]).length > 0);
        const [taker, ...others] = online([two!, three!]);
        expect(others).toEqual([]);
        expect(taker!.userID()).toBe('alice');
        expect(taker!.asked).toEqual(['alice:relogin']);
        const other = taker === two ? three! : two!;
        expect(other.status()).toBe('kicked');
        expect(other.logins()).toEqual([]);
        expect(harness.browser.violations).toEqual([]);
        taker!.close();
        await pass(() => other.status() === 'online');
      },
    );

    it('the holder closes and, right behind it, the tab next in line: the last tab standing by takes over', async () => {
      const [one, two, three] = await oneOnline(harness, 3);
      one!.close();
      // Long enough for a grant in a microtask, too short for a message in a later task (Node's).
      await settle();
      two!.close();
      await pass(() => three!.status() === 'online');
      expect(three!.asked).toEqual(['alice:relogin']);
      expect(harness.browser.violations).toEqual([]);
    });

    it('a tab that never asked to log in does not take over', async () => {
      const [one, two] = await harness.open(2);
      one!.session.send({ type: 'LOGIN', userID: 'alice' });
      await pass(() => one!.status() === 'online');
      one!.close();
      await pass();
      expect(two!.status()).toBe('loggedOut');
      expect(two!.logins()).toEqual([]);
    });

    it.each([
      ['without getUserSig', { provider: false }],
      ['with autoTakeOver: false', { autoTakeOver: false }],
    ])('%s no tab logs in by itself; “use here” still works', async (_name, options) => {
      const [one, two] = await harness.open(2, options);
      const userSig = harness.browser.issue('alice');
      one!.session.send({ type: 'LOGIN', userID: 'alice', userSig });
      await pass(() => one!.status() === 'online');
      two!.session.send({ type: 'LOGIN', userID: 'alice', userSig });
      await pass(() => two!.status() === 'kicked');
      expect(two!.substate()).toBe('kicked.resting');
      one!.close();
      await pass();
      expect(two!.status()).toBe('kicked');
      expect(two!.logins()).toEqual([]);
      two!.session.send({ type: 'RELOGIN' });
      await pass(() => two!.status() === 'online');
    });
  });

  describe('T7: no ping-pong', () => {
    it('a server kick of the holding tab shows in every tab, and no tab logs in by itself, not even when it closes', async () => {
      const opened = await oneOnline(harness, 3);
      harness.browser.server.kick('alice');
      await pass(() => opened.every((tab) => tab.kickReason() === 'restApi'));
      expect(statuses(opened)).toEqual(['kicked', 'kicked', 'kicked']);
      expect(opened[1]!.emitted).toEqual(['kicked:otherTab', 'kicked:restApi']);
      opened[0]!.close();
      await pass();
      expect(statuses(opened.slice(1))).toEqual(['kicked', 'kicked']);
      expect(logins()).toHaveLength(1);
    });
  });

  describe('T8: no credentials between tabs', () => {
    it('nothing posted on the channel carries a UserSig', async () => {
      const [one, two] = await oneOnline(harness, 2);
      two!.session.send({ type: 'RELOGIN' });
      await pass(() => two!.status() === 'online');
      one!.session.send({ type: 'LOGIN', userID: 'alice', userSig: harness.browser.issue('alice') });
      await pass(() => one!.status() === 'online');
      two!.session.send({ type: 'LOGOUT' });
      await pass(() => statuses([one!, two!]).every((status) => status === 'loggedOut'));
      expect(harness.wire().length).toBeGreaterThan(5);
      expect(harness.browser.issued.length).toBeGreaterThan(2);
      const wire = JSON.stringify(harness.wire());
      for (const userSig of harness.browser.issued) expect(wire).not.toContain(userSig);
      expect(wire).not.toMatch(/sig/i);
    });
  });

  describe('T10: a hung holder', () => {
    it.each([
      ['whose logout hangs', hangLogout, 0],
      // Told its lock was stolen (it never heard the "use here"), it ends its own login too (T2).
      ['frozen (it hears and says nothing)', (tab: Tab) => harness.freeze(tab), 1],
    ])(
      'a holder %s loses the lock after takeoverTimeoutMs, and never logs in by itself again',
      async (_how, hang, settledLogouts) => {
        const [one, two] = await oneOnline(harness, 2, { takeoverTimeoutMs: 100 });
        hang(one!);
        const asked = Date.now();
        two!.session.send({ type: 'RELOGIN' });
        await pass(() => two!.status() === 'online');
        expect(Date.now() - asked).toBeGreaterThanOrEqual(99);
        expect([one!.substate(), one!.kickReason()]).toEqual(['kicked.resting', 'otherTab']);
        await pass(
          () => one!.logouts().filter((call) => call.settledStep !== undefined).length >= settledLogouts,
        );
        expect(one!.logouts().filter((call) => call.settledStep !== undefined)).toHaveLength(settledLogouts);
        two!.close();
        await pass();
        expect(one!.logins()).toHaveLength(1);
      },
    );
  });

  describe('T11: one page', () => {
    it('sessions sharing one coordinator coordinate as two tabs do', async () => {
      await harness.open(0);
      const { server } = harness.browser;
      const tabs = harness.browser.coordinator();
      const start = () =>
        createSession({
          sdk: server.createClient({ platform: 'web' }),
          sdkAppID: SDK_APP_ID,
          getUserSig: async (userID) => server.issueUserSig(userID, 600),
          tabs,
        }).start();
      const sessions: SessionActor[] = [start(), start()];
      const status = (at: number) => selectStatus(sessions[at]!.getSnapshot());
      try {
        await pass();
        sessions[0]!.send({ type: 'LOGIN', userID: 'alice' });
        await pass(() => status(0) === 'online');
        sessions[1]!.send({ type: 'LOGIN', userID: 'alice' });
        await pass(() => status(1) === 'kicked');
        expect(sessions[1]!.getSnapshot().value).toEqual({ kicked: 'standingBy' });
        sessions[1]!.send({ type: 'RELOGIN' });
        await pass(() => status(1) === 'online');
        expect(sessions[0]!.getSnapshot().value).toEqual({ kicked: 'standingBy' });
      } finally {
        for (const session of sessions) session.stop();
      }
    });
  });
}
