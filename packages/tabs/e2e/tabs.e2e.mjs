// End-to-end test of @imstate/tabs in real Chromium: two pages of one origin (one browser context, two tabs), each
// with a session over its own simulated service, coordinating through the browser's Web Locks and BroadcastChannel.
// Builds e2e/app with vite, serves it on 127.0.0.1, prints PASS/FAIL per step, exits non-zero on any failure.
// Without Chromium it skips (exit 0), except in CI.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as vite from 'vite';
import { expect, runE2E, waitFor } from '../../../.ci/e2e-support.mjs';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), 'app');

await runE2E({ app: 'tabs-e2e', appRoot, vite, chromium }, async ({ page, context, url, step, problems }) => {
  const view = (tab) => tab.evaluate(() => window.imstate.view());
  const send = (tab, event) => tab.evaluate((sent) => window.imstate.send(sent), event);
  /** Waits until the tab's session view satisfies `check`; fails with the last view seen. */
  const until = async (tab, check, description) => {
    let last;
    const seen = async () => {
      last = await view(tab);
      return check(last);
    };
    try {
      await waitFor(seen, description);
    } catch (error) {
      throw new Error(`${error.message}; last: ${JSON.stringify({ ...last, calls: undefined })}`);
    }
  };
  const logins = (seen) => seen.calls.filter((call) => call.method === 'login');
  const open = async () => {
    const tab = await context.newPage();
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await tab.goto(url);
    await until(tab, (seen) => seen.state === 'loggedOut.idle', 'the new tab to start');
    return tab;
  };

  const one = page;
  let two;
  /** Each page's login windows: from a sdk.login call to the end of that login. */
  const windows = [];

  await step('tab 1 logs in: online, holding the login (active)', async () => {
    await one.goto(url);
    await until(one, (seen) => seen.state === 'loggedOut.idle', 'tab 1 to start');
    expect((await view(one)).hasLocks, 'the page has navigator.locks');
    await send(one, { type: 'LOGIN', userID: 'alice' });
    await until(one, (seen) => seen.state === 'online' && seen.tab === 'active', 'tab 1 online and active');
  });

  await step(
    'tab 2 starts and logs in: it stands by (kicked · otherTab) without calling sdk.login',
    async () => {
      two = await open();
      await send(two, { type: 'LOGIN', userID: 'alice' });
      await until(
        two,
        (seen) =>
          seen.state === 'kicked.standingBy' && seen.kickReason === 'otherTab' && seen.tab === 'standby',
        'tab 2 kicked · otherTab, standing by',
      );
      expect(logins(await view(two)).length === 0, 'tab 2 called sdk.login');
      expect((await view(one)).state === 'online', 'tab 1 is still online');
    },
  );

  await step('"use here" in tab 2: tab 1 logs out (kicked · otherTab), then tab 2 logs in', async () => {
    await send(two, { type: 'RELOGIN' });
    await until(two, (seen) => seen.state === 'online' && seen.tab === 'active', 'tab 2 online and active');
    await until(
      one,
      (seen) => seen.state.startsWith('kicked') && seen.kickReason === 'otherTab',
      'tab 1 kicked',
    );
    const first = await view(one);
    const logout = first.calls.find((call) => call.method === 'logout');
    expect(logout?.settledAt, 'tab 1 called sdk.logout and it settled');
    windows.push({ tab: 'tab 1', from: logins(first)[0].startedAt, to: logout.settledAt });
  });

  await step('closing tab 2 hands the login back to tab 1 by itself (getUserSig, relogin)', async () => {
    const second = await view(two);
    // Tab 2's login ends with its page: the browser lets its lock go as the page closes (no goodbye is sent), which
    // may be before close() returns here. Its window ends when the test starts closing it.
    const closing = Date.now();
    await two.close();
    windows.push({ tab: 'tab 2', from: logins(second)[0].startedAt, to: closing });
    await until(one, (seen) => seen.state === 'online' && seen.tab === 'active', 'tab 1 online again');
    const first = await view(one);
    expect(first.asked.at(-1) === 'alice:relogin', `tab 1 asked getUserSig: ${first.asked.join(', ')}`);
    expect(logins(first).length === 2, `tab 1 made ${logins(first).length} logins`);
  });

  await step('LOGOUT in one tab logs out both; no tab logs in', async () => {
    const three = await open();
    await send(three, { type: 'LOGIN', userID: 'alice' });
    await until(three, (seen) => seen.state === 'kicked.standingBy', 'the new tab standing by');
    await send(three, { type: 'LOGOUT' });
    // loggedOut.idle: its sdk.logout has settled.
    await until(one, (seen) => seen.state === 'loggedOut.idle' && seen.tab === 'standby', 'tab 1 logged out');
    await until(three, (seen) => seen.state === 'loggedOut.idle', 'the new tab logged out');
    const first = await view(one);
    const logout = first.calls.filter((call) => call.method === 'logout').at(-1);
    windows.push({ tab: 'tab 1', from: logins(first)[1].startedAt, to: logout.settledAt });
    expect(logins(await view(three)).length === 0, 'the new tab called sdk.login');
  });

  await step('the login windows of the tabs never overlap', async () => {
    const sorted = [...windows].sort((a, b) => a.from - b.from);
    expect(sorted.length === 3, `${sorted.length} login windows`);
    for (const { tab, from, to } of sorted) expect(from <= to, `${tab}'s window ${from}–${to}`);
    for (let index = 1; index < sorted.length; index += 1) {
      const [before, after] = [sorted[index - 1], sorted[index]];
      expect(
        after.from >= before.to,
        `${after.tab} logged in at ${after.from}, before ${before.tab}'s login ended at ${before.to}`,
      );
    }
    console.log(
      `      windows: ${sorted.map((w) => `${w.tab} ${w.from % 100000}–${w.to % 100000}`).join(', ')} (ms)`,
    );
  });

  await step('no page errors', async () => {
    expect(problems.length === 0, problems.join('; '));
  });
});
