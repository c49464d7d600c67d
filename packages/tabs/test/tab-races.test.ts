import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tab } from './support/browser';
import { memory } from './support/memory';
import { oneOnline, statuses } from './support/rules';

/**
 * Races between "use here", hand-overs and crashes, over the in-memory stand-ins with fake timers and messages that
 * take a while. Each case is one that once ended with two logins at once, a tab stuck, or a login as the wrong user.
 */

afterEach(() => {
  memory.browser?.closeAll();
  vi.useRealTimers();
});

/** Three tabs, alice online in the first, the others standing by; messages take `messageMs`. */
async function threeTabs(messageMs: number, latencyMs = 200) {
  vi.useFakeTimers();
  return oneOnline(memory, 3, {
    takeoverTimeoutMs: 3000,
    latencyMs,
    messages: (run) => setTimeout(run, messageMs),
  });
}

const hangLogout = (tab: Tab) => vi.spyOn(tab.sdk, 'logout').mockImplementation(() => new Promise(() => {}));

/** `taker` says "use here" while `holder` hangs in its logout, and `holder`'s page crashes `crashAt` ms later. */
async function crashDuringUseHere(holder: Tab, taker: Tab, crashAt: number) {
  hangLogout(holder);
  taker.session.send({ type: 'RELOGIN' });
  await vi.advanceTimersByTimeAsync(crashAt);
  holder.crash();
}

/** The tab's logout settles `ms` later than it would. */
const slowLogout = (tab: Tab, ms: number) => {
  const logout = tab.sdk.logout.bind(tab.sdk);
  vi.spyOn(tab.sdk, 'logout').mockImplementation(() =>
    new Promise((resolve) => setTimeout(resolve, ms)).then(logout),
  );
};

describe('T2, T10: two tabs say "use here" a moment apart, while the holder is slow to let go', () => {
  // Once, the first taker got the lock when the holder let go, or stole it at its deadline, and with 50 ms messages
  // its `holds` reached the second taker only as the second one's own deadline fell: the second stole the lock from
  // the first mid-login. Now the first steps aside as soon as it hears the later ask.
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
      const [one, two, three] = await threeTabs(messageMs, 500);
      slowLogout(one!, logoutMs);
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
      const [one, two, three] = await threeTabs(messageMs);
      expect(two!.substate()).toBe('kicked.standingBy');
      await crashDuringUseHere(one!, three!, crashAt);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(memory.browser.violations).toEqual([]);
      expect([two!.status(), three!.status()]).toEqual(['kicked', 'online']);
      expect(two!.logins()).toEqual([]);
      expect(three!.logins()).toHaveLength(1);
    },
  );
});

describe('T2, T6: every "use here" gets its turn, however many came before', () => {
  // A tab standing by gave way to a taker only once in its life: after one ordinary hand-over, the race above
  // came back (two logins), and with four tabs two "use here" in a row never ended (tabs logging in and out).
  it.each([
    [5, 2990],
    [20, 2960],
    [50, 2900],
  ])(
    'messages taking %i ms: a second round, the holder crashing at %i ms, gives no second login',
    async (messageMs, crashAt) => {
      const [one, two, three] = await threeTabs(messageMs);
      three!.session.send({ type: 'RELOGIN' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'online']);
      await crashDuringUseHere(three!, one!, crashAt);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(memory.browser.violations).toEqual([]);
      expect([one!.status(), two!.status()]).toEqual(['online', 'kicked']);
      expect(two!.logins()).toEqual([]);
    },
  );

  it('four tabs, two "use here" in a row: the second one ends online after three logins in all', async () => {
    vi.useFakeTimers();
    const tabs = await oneOnline(memory, 4, { messages: (run) => setTimeout(run, 5) });
    tabs[2]!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(20);
    tabs[1]!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses(tabs)).toEqual(['kicked', 'online', 'kicked', 'kicked']);
    expect(tabs.flatMap((tab) => tab.logins())).toHaveLength(3);
    expect(memory.browser.violations).toEqual([]);
  });

  it('two "use here" in the same millisecond (two sessions of a program): one wins, none is left taking over', async () => {
    const [one, two, three] = await threeTabs(50, 500);
    slowLogout(one!, 2450);
    two!.session.send({ type: 'RELOGIN' });
    three!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(memory.browser.violations).toEqual([]);
    expect(statuses([two!, three!]).sort()).toEqual(['kicked', 'online']);
    expect([two!.substate(), three!.substate()]).not.toContain('connecting.takingOver');
    expect([...two!.logins(), ...three!.logins()]).toHaveLength(1);
  });

  it.each([
    [20, 2985],
    [50, 2960],
    [50, 2990],
  ])(
    'messages taking %i ms, the holder crashing at %i ms: a tab standing by robbed of its grant still takes over later (T6)',
    async (messageMs, crashAt) => {
      const [one, two, three] = await threeTabs(messageMs);
      await crashDuringUseHere(one!, three!, crashAt);
      await vi.advanceTimersByTimeAsync(5000);
      expect([two!.substate(), three!.status()]).toEqual(['kicked.standingBy', 'online']);
      three!.close();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(two!.status()).toBe('online');
      expect(memory.browser.violations).toEqual([]);
    },
  );
});

describe('T4, T6: the user a tab takes over as', () => {
  it('after a later "use here" as another user won, the tab standing by takes over as the user last logged in', async () => {
    const [one, two, three] = await threeTabs(20);
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await vi.advanceTimersByTimeAsync(100);
    three!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect([three!.status(), three!.userID()]).toEqual(['online', 'alice']);
    two!.close();
    await vi.advanceTimersByTimeAsync(2000);
    three!.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect([one!.status(), one!.userID()]).toEqual(['online', 'alice']);
    expect(one!.asked.at(-1)).toBe('alice:relogin');
  });

  it('after the holding tab switched users, the tab standing by takes over as the new user', async () => {
    vi.useFakeTimers();
    const [one, two] = await oneOnline(memory, 2, { latencyMs: 50, messages: (run) => setTimeout(run, 5) });
    one!.session.send({ type: 'LOGIN', userID: 'carol' });
    await vi.advanceTimersByTimeAsync(2000);
    expect([one!.status(), one!.userID()]).toEqual(['online', 'carol']);
    one!.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect([two!.status(), two!.userID()]).toEqual(['online', 'carol']);
    expect(two!.asked).toEqual(['carol:relogin']);
  });
});

describe('T2, T4: news that arrives late', () => {
  it('a `holds` from a tab that has closed since does not make the new holder ignore "use here"', async () => {
    vi.useFakeTimers();
    const [one, two, three] = await memory.open(3, {
      takeoverTimeoutMs: 3000,
      messages: (run) => setTimeout(run, 20),
    });
    three!.session.send({ type: 'LOGIN', userID: 'alice' });
    for (let ms = 0; ms < 20 && three!.status() !== 'online'; ms++) await vi.advanceTimersByTimeAsync(1);
    expect(three!.status()).toBe('online');
    // Its lock is let go at once; its `holds` is still on its way, and tab one claims the free lock meanwhile.
    three!.close();
    await vi.advanceTimersByTimeAsync(1);
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    for (let ms = 0; ms < 20 && one!.status() !== 'online'; ms++) await vi.advanceTimersByTimeAsync(1);
    expect(one!.status()).toBe('online');
    await vi.advanceTimersByTimeAsync(100);
    two!.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(100);
    expect([two!.status(), two!.kickReason()]).toEqual(['kicked', 'otherTab']);
    two!.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(10_000);
    // T4: the holder logs out for the taking tab, which logs in after that.
    expect(one!.logouts()).toHaveLength(1);
    expect(statuses([one!, two!])).toEqual(['kicked', 'online']);
    expect(memory.browser.violations).toEqual([]);
  });
});

describe('T5, T6: what a tab knows after a logout everywhere, a crash or a frozen holder', () => {
  // The holder used to post its hand-over ("yield") after the logout everywhere: every tab then took a logged-out
  // tab for the holder, and a tab that lost a later claim named that old user instead of the one logged in.
  it.each([false, true])(
    'LOGOUT in a third tab while the holder logs out for a taker (the holder asks back first: %s): a later claim names the user logged in',
    async (asksBack) => {
      vi.useFakeTimers();
      const [one, two, three] = await oneOnline(memory, 3, {
        latencyMs: 300,
        messages: (run) => setTimeout(run, 5),
      });
      three!.session.send({ type: 'RELOGIN' });
      await vi.advanceTimersByTimeAsync(50);
      if (asksBack) {
        one!.session.send({ type: 'RELOGIN' });
        await vi.advanceTimersByTimeAsync(50);
      }
      two!.session.send({ type: 'LOGOUT' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(statuses([one!, two!, three!])).toEqual(['loggedOut', 'loggedOut', 'loggedOut']);
      two!.session.send({ type: 'LOGIN', userID: 'bob' });
      three!.session.send({ type: 'LOGIN', userID: 'carol' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(memory.browser.violations).toEqual([]);
      const online = [two!, three!].filter((tab) => tab.status() === 'online');
      const kicked = [two!, three!].filter((tab) => tab.status() === 'kicked');
      expect([online.length, kicked.length]).toEqual([1, 1]);
      expect(kicked[0]!.userID()).toBe(online[0]!.userID());
    },
  );

  it('a tab standing by that never heard the holder’s user says whom it logs in as, for the next hand-over', async () => {
    vi.useFakeTimers();
    const [one] = await memory.open(1, { takeoverTimeoutMs: 3000 });
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(1000);
    one!.freeze();
    const two = memory.browser.open();
    const three = memory.browser.open();
    await vi.advanceTimersByTimeAsync(100);
    two.session.send({ type: 'LOGIN', userID: 'bob' });
    three.session.send({ type: 'LOGIN', userID: 'carol' });
    await vi.advanceTimersByTimeAsync(5000);
    one!.crash();
    await vi.advanceTimersByTimeAsync(5000);
    expect([two.status(), two.userID()]).toEqual(['online', 'bob']);
    two.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect([three.status(), three.userID()]).toEqual(['online', 'bob']);
  });

  it('a grant stolen before its callback ran (a busy page): the tab standing by waits again, and takes over later', async () => {
    vi.useFakeTimers();
    // Grants reach the pages 30 ms after the lock manager made them.
    const [one, two, three] = await oneOnline(memory, 3, {
      takeoverTimeoutMs: 3000,
      grants: (run) => setTimeout(run, 30),
      messages: (run) => setTimeout(run, 5),
    });
    // Tab two, first in the queue, is granted the lock as one crashes at 2990 ms; its callback is 30 ms away, and
    // three steals at 3000.
    await crashDuringUseHere(one!, three!, 2990);
    await vi.advanceTimersByTimeAsync(5000);
    expect(three!.status()).toBe('online');
    expect(memory.browser.violations).toEqual([]);
    three!.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(two!.status()).toBe('online');
  });
});

describe('T2, T10: a holder that hears the "use here" only after its lock was stolen (a busy or frozen page)', () => {
  it.each([
    ['RELOGIN', { type: 'RELOGIN' }],
    ['LOGIN as another user', { type: 'LOGIN', userID: 'carol' }],
  ] as const)('%s: the robbed holder logs out, so the taker has the only login', async (_, event) => {
    vi.useFakeTimers();
    const [one, two] = await oneOnline(memory, 2, {
      takeoverTimeoutMs: 200,
      messages: (run) => setTimeout(run, 600),
    });
    two!.session.send(event);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses([one!, two!])).toEqual(['kicked', 'online']);
    expect([one!.substate(), one!.kickReason()]).toEqual(['kicked.resting', 'otherTab']);
    expect(one!.sdk.userID).toBeUndefined();
    expect(memory.browser.violations).toEqual([]);
  });
});
