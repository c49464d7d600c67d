import { fc, test } from '@fast-check/vitest';
import { type SessionAppEvent, selectStatus } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, vi } from 'vitest';
import { createBrowser, type Tab } from './support/browser';

/**
 * Three tabs of one browser, driven at random: LOGIN (two users), RELOGIN, LOGOUT, RETRY, server kicks, tabs that
 * close, crash and open again, and time passing. Lock grants and messages arrive after random delays (in an order the
 * standards allow: grants of one lock in request order, each tab's messages in the order they were posted).
 * After every step:
 *  (a) no tab called sdk.login while another tab had a login (in flight or standing), the service never kicked a
 *      tab for a second login, and at most one tab is `active` (T2);
 *  (b) every session is in one of the six states and never in XState's `error` status;
 * and at the end (c) nothing posted between the tabs carries a UserSig (T8). Then, should a tab hold the login online,
 * (d) LOGOUT there ends every tab in `loggedOut` with no login after it (T5), or (e) closing it hands the login to
 * exactly one tab standing by, which logs in by itself (T6); or (f) a new tab that logs in gets the login, unless
 * a tab holds it (then it stands by): the lock is never left with a tab that does not use it.
 */

const NUM_RUNS = 1000;
const SLOTS = 3;
const STATUSES = ['init', 'loggedOut', 'connecting', 'online', 'kicked', 'sigExpired'];

type Step =
  | { kind: 'app'; slot: number; event: SessionAppEvent }
  | { kind: 'serverKick'; user: string }
  | { kind: 'close' | 'crash' | 'open'; slot: number }
  | { kind: 'wait'; ms: number };

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const user = fc.constantFrom('alice', 'bob');

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('app' as const),
      slot,
      event: user.map((userID) => ({ type: 'LOGIN' as const, userID })),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('app' as const),
      slot,
      event: fc.constantFrom<SessionAppEvent>({ type: 'RELOGIN' }, { type: 'LOGOUT' }, { type: 'RETRY' }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('serverKick' as const), user }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('close' as const, 'crash' as const, 'open' as const),
      slot,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400 }) }),
  },
);

const scenario = fc.record({
  seed: fc.integer(),
  latencyMs: fc.integer({ min: 0, max: 60 }),
  autoTakeOver: fc.boolean(),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
  ending: fc.constantFrom('logout' as const, 'close' as const, 'fresh' as const),
});

/** A small seeded generator, so that a failing run replays exactly. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Runs one scenario and checks (a) to (f). */
async function run({ seed, latencyMs, autoTakeOver, steps, ending }: Scenario) {
  const next = random(seed);
  const later = (run: () => void) => setTimeout(run, Math.floor(next() * 30));
  const browser = createBrowser({ latencyMs, autoTakeOver, grants: later, messages: later });
  const slots: (Tab | undefined)[] = Array.from({ length: SLOTS }, () => browser.open());
  const check = (where: string) => {
    expect(browser.violations, where).toEqual([]);
    expect(slots.filter((tab) => tab?.role() === 'active').length, where).toBeLessThanOrEqual(1);
    for (const tab of slots) {
      if (!tab) continue;
      expect(tab.session.getSnapshot().status, where).toBe('active');
      expect(STATUSES, where).toContain(selectStatus(tab.session.getSnapshot()));
    }
  };
  try {
    await vi.advanceTimersByTimeAsync(100);
    for (const [index, current] of steps.entries()) {
      const where = `step ${index}: ${JSON.stringify(current)}`;
      if (current.kind === 'app') slots[current.slot]?.session.send(current.event);
      if (current.kind === 'serverKick') browser.server.kick(current.user);
      if (current.kind === 'close' || current.kind === 'crash') {
        slots[current.slot]?.[current.kind]();
        slots[current.slot] = undefined;
      }
      if (current.kind === 'open') slots[current.slot] ??= browser.open();
      await vi.advanceTimersByTimeAsync(current.kind === 'wait' ? current.ms : Math.floor(next() * 40));
      check(where);
    }
    // Let every hand-over and timeout play out.
    await vi.advanceTimersByTimeAsync(20_000);
    check('at the end');
    const wire = JSON.stringify(browser.posted);
    for (const userSig of browser.issued) expect(wire).not.toContain(userSig);

    if (ending === 'fresh') {
      const held = slots.some((tab) => tab?.role() === 'active');
      const fresh = browser.open();
      slots.push(fresh);
      await vi.advanceTimersByTimeAsync(100);
      fresh.session.send({ type: 'LOGIN', userID: 'carol' });
      await vi.advanceTimersByTimeAsync(20_000);
      check('a new tab logged in');
      expect(fresh.status()).toBe(held ? 'kicked' : 'online');
      return;
    }
    const holder = slots.find((tab) => tab?.role() === 'active' && tab.status() === 'online');
    if (!holder) return;
    const others = slots.filter((tab): tab is Tab => !!tab && tab !== holder);
    const logins = browser.calls.filter((call) => call.method === 'login').length;
    if (ending === 'logout') {
      holder.session.send({ type: 'LOGOUT' });
      await vi.advanceTimersByTimeAsync(20_000);
      expect([holder, ...others].map((tab) => tab.status())).toEqual(
        [holder, ...others].map(() => 'loggedOut'),
      );
      expect(browser.calls.filter((call) => call.method === 'login')).toHaveLength(logins);
      return;
    }
    const standingBy = others.filter((tab) => tab.substate() === 'kicked.standingBy');
    holder.close();
    slots[slots.indexOf(holder)] = undefined;
    await vi.advanceTimersByTimeAsync(20_000);
    check('after the holder closed');
    const online = others.filter((tab) => tab.status() === 'online');
    expect(online.length).toBe(standingBy.length > 0 ? 1 : 0);
    if (online[0]) expect(standingBy).toContain(online[0]);
  } finally {
    browser.closeAll();
    await vi.advanceTimersByTimeAsync(1000);
  }
}

describe('tabs of one browser, at random', () => {
  test.prop([scenario], { numRuns: NUM_RUNS })(
    'never two logins at once, always one of the six states, no UserSig between tabs',
    run,
    60_000,
  );

  // Runs the property once found failing. A tab that claimed the free lock (ifAvailable) logged in at once, and then
  // heard a `yield` posted before its grant (to a tab that had closed since): taking it for news, it forgot that it
  // held the login, ignored "use here", and was robbed at the taker's deadline, its SDK still logged in.
  test('the counterexample of a stale hand-over: a claim syncs before it logs in', () =>
    run({
      seed: -1610608587,
      latencyMs: 16,
      autoTakeOver: false,
      steps: [
        { kind: 'app', slot: 1, event: { type: 'LOGIN', userID: 'alice' } },
        { kind: 'app', slot: 2, event: { type: 'LOGIN', userID: 'alice' } },
        { kind: 'app', slot: 2, event: { type: 'LOGIN', userID: 'alice' } },
        { kind: 'close', slot: 2 },
        { kind: 'app', slot: 0, event: { type: 'RELOGIN' } },
        { kind: 'app', slot: 0, event: { type: 'LOGIN', userID: 'alice' } },
        { kind: 'app', slot: 1, event: { type: 'LOGIN', userID: 'alice' } },
      ],
      ending: 'logout',
    }));
});

/**
 * Four tabs, takeover timeouts of 50–500 ms (so steals race ordinary hand-overs) and messages up to 80 ms late, all
 * asking for the login first: no tab calls sdk.login while another one is online or logging in (a holder robbed at
 * a deadline, its logout in flight, does not count: T10), and no tab is left claiming or taking over for good.
 */
const slot4 = fc.integer({ min: 0, max: 3 });
const appEvent = (event: fc.Arbitrary<SessionAppEvent>): fc.Arbitrary<Step> =>
  fc.record({ kind: fc.constant('app' as const), slot: slot4, event });

const crowded = fc.record({
  seed: fc.integer(),
  latencyMs: fc.integer({ min: 0, max: 150 }),
  takeoverTimeoutMs: fc.integer({ min: 50, max: 500 }),
  messageMs: fc.integer({ min: 1, max: 80 }),
  steps: fc.array(
    fc.oneof(
      { weight: 2, arbitrary: appEvent(user.map((userID) => ({ type: 'LOGIN' as const, userID }))) },
      { weight: 4, arbitrary: appEvent(fc.constant({ type: 'RELOGIN' as const })) },
      { weight: 1, arbitrary: appEvent(fc.constant({ type: 'LOGOUT' as const })) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constantFrom('close' as const, 'crash' as const, 'open' as const),
          slot: slot4,
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 600 }) }),
      },
    ),
    { minLength: 1, maxLength: 25 },
  ),
});

describe('four tabs asking for the login, at random, with short takeover timeouts', () => {
  test.prop([crowded], { numRuns: 500 })(
    'nobody logs in beside a login, and nobody waits for good',
    async ({ seed, latencyMs, takeoverTimeoutMs, messageMs, steps }) => {
      const next = random(seed);
      const later = (run: () => void) => setTimeout(run, Math.floor(next() * messageMs));
      const browser = createBrowser({ latencyMs, takeoverTimeoutMs, grants: later, messages: later });
      const problems: string[] = [];
      const live = new Set<Tab>();
      const open = () => {
        const tab = browser.open();
        live.add(tab);
        const login = tab.sdk.login.bind(tab.sdk);
        vi.spyOn(tab.sdk, 'login').mockImplementation((params) => {
          for (const other of live)
            if (other !== tab && (other.status() === 'online' || other.substate() === 'connecting.loggingIn'))
              problems.push(`${tab.name} called sdk.login while ${other.name} was ${other.substate()}`);
          return login(params);
        });
        return tab;
      };
      const slots: (Tab | undefined)[] = Array.from({ length: 4 }, open);
      try {
        await vi.advanceTimersByTimeAsync(100);
        slots[0]!.session.send({ type: 'LOGIN', userID: 'alice' });
        await vi.advanceTimersByTimeAsync(1000);
        for (const tab of slots.slice(1)) tab!.session.send({ type: 'LOGIN', userID: 'alice' });
        await vi.advanceTimersByTimeAsync(1000);
        for (const current of steps) {
          if (current.kind === 'app') slots[current.slot]?.session.send(current.event);
          if (current.kind === 'close' || current.kind === 'crash') {
            const tab = slots[current.slot];
            tab?.[current.kind]();
            if (tab) live.delete(tab);
            slots[current.slot] = undefined;
          }
          if (current.kind === 'open') slots[current.slot] ??= open();
          await vi.advanceTimersByTimeAsync(current.kind === 'wait' ? current.ms : Math.floor(next() * 40));
          expect(problems).toEqual([]);
        }
        await vi.advanceTimersByTimeAsync(20_000);
        expect(problems).toEqual([]);
        for (const tab of live)
          expect(tab.substate(), tab.name).not.toMatch(/^connecting\.(claiming|takingOver)$/);
      } finally {
        browser.closeAll();
        await vi.advanceTimersByTimeAsync(1000);
      }
    },
    60_000,
  );
});
