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

describe('tabs of one browser, at random', () => {
  test.prop([scenario], { numRuns: NUM_RUNS })(
    'never two logins at once, always one of the six states, no UserSig between tabs',
    async ({ seed, latencyMs, autoTakeOver, steps, ending }) => {
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
    },
    60_000,
  );
});
