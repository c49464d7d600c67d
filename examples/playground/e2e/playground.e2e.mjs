// End-to-end test of the playground: builds it, serves the build with `vite preview` on 127.0.0.1 (a free
// port), and drives it in Debian's Chromium through the roles and labels of CONTRACT §8.
// Prints PASS/FAIL per step and exits non-zero on any failure. Without Chromium it skips (exit 0), except in CI.
// `--dev` drives the Vite dev server instead (React's development build: StrictMode's double effects, warnings).
// `--screenshot` also refreshes the pictures in docs/images/ (the README's, the kick sequence, the page at 390 px);
// without it the run writes nothing into the working tree (the pictures go to the system's temp folder).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as vite from 'vite';
import { expect, runE2E, STEP_TIMEOUT_MS, waitFor, waitForText } from '../../../.ci/e2e-support.mjs';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const pictures = process.argv.includes('--screenshot')
  ? join(appRoot, '..', '..', 'docs', 'images')
  : join(tmpdir(), 'imstate-playground-e2e');
const saved = [];
let inspectorAsked = false;

await runE2E(
  {
    app: 'playground',
    appRoot,
    vite,
    chromium,
    dev,
    viewport: { width: 1440, height: 1000 },
    // Stately's inspector lives on the internet; the test only checks that the page opens it when asked.
    standIn: (url) =>
      inspectorAsked && url.hostname === 'stately.ai'
        ? { contentType: 'text/html', body: '<title>inspector stand-in</title>' }
        : undefined,
    summary: () => (saved.length > 0 ? `screenshots in ${pictures}: ${saved.join(', ')}` : ''),
  },
  drive,
);

/** The playground's steps, in a browser page showing it. */
async function drive({ page, context, url, step, problems, foreignRequests }) {
  const device = (id) =>
    page.getByRole('region', { name: id === 'A2' ? 'Device A, tab 2' : `Device ${id}`, exact: true });
  const status = (id) => device(id).getByRole('status');
  const button = (id, name) => device(id).getByRole('button', { name, exact: true });
  const prompt = (id) => device(id).getByRole('alertdialog');
  const userID = (id) => device(id).getByLabel('User ID', { exact: true });
  const logEntries = (id, text) =>
    page.locator(`[role="log"] .source-${id.toLowerCase()}`).filter({ hasText: text });
  const focusedIs = (locator) => locator.evaluate((element) => element === document.activeElement);
  const chart = page.getByRole('img', { name: /^State diagram/ });
  const state = (path) => chart.locator(`[data-state="${path}"]`);
  const transition = (from, to, event) =>
    chart.locator(`[data-from="${from}"][data-to="${to}"][data-event="${event}"]`);
  const activeIn = (path) => state(path).getAttribute('data-active');
  /** Saves a picture of the page, or of a part of it (production build only): into docs/images with --screenshot. */
  const picture = async (name, { of = page, ...options } = {}) => {
    if (dev) return;
    mkdirSync(pictures, { recursive: true });
    // No hover tooltip in the picture.
    await page.mouse.move(0, 0);
    await of.screenshot({ path: join(pictures, name), ...options });
    saved.push(name);
  };
  const devices = page.locator('.stage');

  /** Presses Tab from the top of the page until `target` has focus: what a keyboard-only user does. */
  async function tabTo(target, maxPresses = 40) {
    // A click on the page's title moves the point Tab starts from back to the top (a blur alone does not).
    await page.getByRole('heading', { level: 1 }).click();
    for (let presses = 0; presses < maxPresses; presses += 1) {
      await page.keyboard.press('Tab');
      if (await focusedIs(target)) return presses + 1;
    }
    throw new Error(`Tab never reached the target in ${maxPresses} presses`);
  }

  await page.goto(url);

  await step('right after start, "Log out" and "Log in again" are disabled and say why', async () => {
    for (const id of ['A', 'B']) {
      for (const name of ['Log out', 'Log in again']) {
        expect(await button(id, name).isDisabled(), `${id}: "${name}" is disabled`);
      }
      expect(await button(id, 'Log in').isEnabled(), `${id}: "Log in" is enabled`);
    }
    await button('A', 'Log out').hover({ force: true });
    await waitForText(device('A').getByRole('tooltip').first(), /nobody is logged in/);
  });

  await step(
    'the page shows Device A and Device B with the contract labels, buttons and status',
    async () => {
      for (const id of ['A', 'B']) {
        expect((await device(id).count()) === 1, `one section named Device ${id}`);
        expect((await userID(id).count()) === 1, `${id}: User ID input`);
        const platforms = await device(id)
          .getByLabel('Platform', { exact: true })
          .locator('option')
          .allTextContents();
        expect(platforms.join() === 'web,ios,android,mac,windows,ipad', `${id}: platforms ${platforms}`);
        for (const name of ['Log in', 'Log out', 'Log in again', 'Drop network', 'Restore network']) {
          expect((await button(id, name).count()) === 1, `${id}: one "${name}" button`);
        }
        await waitForText(status(id), /loggedOut/);
      }
      for (const name of ['Expire UserSigs', 'Kick via REST API']) {
        expect((await page.getByRole('button', { name, exact: true }).count()) === 1, `one "${name}" button`);
      }
      expect((await page.getByRole('region', { name: 'State diagram' }).count()) === 1, 'a state diagram');
      expect((await page.getByRole('log').count()) === 1, 'an event log');
    },
  );

  await step(
    'the diagram is a drawn SVG: every state and transition an element with its data-* marks',
    async () => {
      expect((await chart.count()) === 1, 'one svg with role img named "State diagram…"');
      expect((await chart.evaluate((element) => element.tagName)) === 'svg', 'it is an svg');
      const paths = await chart
        .locator('[data-state]')
        .evaluateAll((found) => found.map((e) => e.dataset.state));
      for (const path of [
        'init',
        'loggedOut.idle',
        'connecting.loggingIn',
        'connecting.offline',
        'online',
        'kicked',
      ]) {
        expect(paths.includes(path), `a state ${path}`);
      }
      const arrows = await chart.locator('[data-event]').count();
      expect(arrows > 30, `${arrows} transitions`);
      expect(
        (await transition('kicked', 'connecting', 'RELOGIN').count()) === 1,
        'kicked → connecting on RELOGIN',
      );
      expect(
        (
          await transition('connecting.loggingIn', 'connecting.retrying', 'error: login').textContent()
        ).includes('[hasAttemptsLeft]'),
        'guards on the arrows',
      );
      await waitFor(
        async () => (await activeIn('loggedOut.idle')) === 'A A2 B',
        'every panel in loggedOut.idle',
      );
      expect((await state('loggedOut.idle').locator('.sc-badge').count()) === 3, 'three badges side by side');
    },
  );

  await step('Device A logs in → connecting · loggingIn → online', async () => {
    await button('A', 'Log in').click();
    await waitForText(status('A'), /^connecting · loggingIn$/);
    await waitForText(status('A'), /^online$/);
    expect(await button('A', 'Log in').isDisabled(), '"Log in" as the user already online is disabled');
  });

  await step('Device B logs in as the same user on the same platform → B online, A kicked', async () => {
    await picture('kick-1-a-online.png', { of: devices });
    await button('B', 'Log in').click();
    await waitForText(status('B'), /^online$/);
    await waitForText(status('A'), /^kicked · multipleAccount$/);
  });

  await step(
    'Device A shows the "log in again?" prompt with the kick reason, and it has the focus',
    async () => {
      await waitForText(prompt('A'), /multipleAccount/);
      await waitFor(() => focusedIs(prompt('A').getByRole('button', { name: 'Yes' })), 'focus on "Yes"');
    },
  );

  await step('the diagram marks where each panel is and animates the transition each took last', async () => {
    await waitFor(
      async () => (await activeIn('kicked')) === 'A' && (await activeIn('online')) === 'B',
      'A kicked, B online',
    );
    const kick = transition('online', 'kicked', 'SDK.KICKED');
    expect(
      (await kick.getAttribute('data-last')) === 'A',
      `data-last ${await kick.getAttribute('data-last')}`,
    );
    expect(
      (await transition('connecting.loggingIn', 'online', 'done: login').getAttribute('data-last')) === 'B',
      "B's last transition",
    );
    const running = await kick.locator('.sc-last-line').evaluate((line) => line.getAnimations().length);
    expect(running > 0, 'the last transition is animated');
    // The README's picture: the classic demo, the drawn diagram and both panels, from the production build.
    await picture('playground.png', { fullPage: true });
    await picture('kick-2-a-kicked.png', { of: devices });
  });

  await step('Device A logs in again → A online, B kicked', async () => {
    await button('A', 'Log in again').click();
    await waitForText(status('A'), /^online$/);
    await waitForText(status('B'), /^kicked · multipleAccount$/);
    await waitForText(prompt('B'), /multipleAccount/);
    expect((await prompt('A').count()) === 0, 'A no longer shows its prompt');
    await picture('kick-3-b-kicked.png', { of: devices });
  });

  await step(
    'time travel: a state row shows the diagram at that moment; "Back to live" returns',
    async () => {
      const row = page
        .getByRole('log')
        .getByRole('button', { name: /Device A.*connecting\.loggingIn/ })
        .first();
      await row.click();
      await waitFor(
        async () => (await activeIn('connecting.loggingIn'))?.includes('A'),
        'A in connecting.loggingIn',
      );
      expect(!(await activeIn('kicked')), 'nobody kicked yet at that moment');
      const back = page.getByRole('button', { name: 'Back to live', exact: true });
      await back.click();
      await waitFor(
        async () => (await activeIn('online')) === 'A' && (await activeIn('kicked')) === 'B',
        'the present',
      );
      expect((await back.count()) === 0, '"Back to live" is gone');
    },
  );

  await step('validation at the field: the rule broken, aria-invalid, aria-describedby', async () => {
    const field = userID('B');
    for (const [value, rule] of [
      ['a'.repeat(33), '33 bytes; at most 32'],
      ['bo b', 'space is not allowed'],
      ['zoë', 'ASCII letters only'],
    ]) {
      await field.fill(value);
      expect((await field.getAttribute('aria-invalid')) === 'true', `${value}: aria-invalid`);
      const described = await field.getAttribute('aria-describedby');
      const text = await page.locator(`[id="${described}"]`).textContent();
      expect(text.includes(rule), `${value}: "${text}"`);
    }
    await field.fill('alice');
    expect((await field.getAttribute('aria-invalid')) === null, 'valid again');
  });

  await step('Drop network on Device A → connecting · offline', async () => {
    await button('A', 'Drop network').click();
    await waitForText(status('A'), /^connecting · offline$/);
  });

  await step('Restore network on Device A → online, without a new login', async () => {
    const logins = await logEntries('A', 'LOGIN').count();
    await button('A', 'Restore network').click();
    await waitForText(status('A'), /^online$/);
    expect((await logEntries('A', 'LOGIN').count()) === logins, 'no LOGIN was sent');
  });

  await step(
    'Expire UserSigs → A: sigExpired · refreshing, fetches a new UserSig, online again',
    async () => {
      const expiries = await logEntries('A', /emitted\s*sigExpired$/).count();
      await page.getByRole('button', { name: 'Expire UserSigs', exact: true }).click();
      await waitForText(status('A'), /^sigExpired · refreshing$/);
      await waitFor(
        async () => (await logEntries('A', /emitted\s*sigExpired$/).count()) > expiries,
        'sigExpired',
      );
      await waitFor(
        async () => (await logEntries('A', 'getUserSig(alice, expired)').count()) > 0,
        'a refresh',
      );
      await waitForText(status('A'), /^online$/);
      const serverRow = page.locator('[role="log"] .source-server').last();
      await waitForText(serverRow.locator('.server-clock'), /^server \d\d:\d\d:\d\d\.\d{3}$/);
    },
  );

  await step('Kick via REST API → Device A kicked, prompt shows restApi', async () => {
    await page.getByRole('button', { name: 'Kick via REST API', exact: true }).click();
    await waitForText(status('A'), /^kicked · restApi$/);
    await waitForText(prompt('A'), /restApi/);
    expect((await page.getByRole('alertdialog').count()) === 1, 'one prompt on the page: the newest kick');
  });

  await step('keyboard only: Tab to Device B\'s User ID, type, Tab to "Log in", Space → online', async () => {
    await tabTo(userID('B'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('bob');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedIs(button('B', 'Log in')), 'focus is on "Log in"');
    await page.keyboard.press('Space');
    await waitForText(status('B'), /^online$/);
    await waitForText(device('B').locator('.facts'), /Logged in as\s*bob/);
  });

  await step("keyboard only: Enter in Device A's User ID field logs A in again", async () => {
    await tabTo(userID('A'));
    await page.keyboard.press('Enter');
    await waitForText(status('A'), /^online$/);
  });

  await step(
    'a new Platform re-creates the device; alice on ios and alice on web stay online together',
    async () => {
      const platform = device('B').getByLabel('Platform', { exact: true });
      await platform.selectOption('ios');
      await waitForText(status('B'), /loggedOut/);
      expect(await focusedIs(platform), 'focus stays on the Platform select');
      await userID('B').fill('alice');
      await button('B', 'Log in').click();
      await waitForText(status('B'), /^online$/);
      // Half a second later A is still online: different platforms coexist.
      await page.waitForTimeout(500);
      const a = await status('A').textContent();
      expect(a === 'online', `Device A is "${a}"`);
    },
  );

  await step('profile update on the server reaches Device A', async () => {
    await page.getByLabel('Nickname', { exact: true }).fill('Alice L.');
    await page.getByRole('button', { name: 'Update profile', exact: true }).click();
    await waitForText(device('A').locator('.facts'), /Nickname\s*Alice L\./);
  });

  await step('two panels in one state: both marks side by side on "online"', async () => {
    await waitFor(async () => (await activeIn('online')) === 'A B', 'both on online');
    expect((await state('online').locator('.sc-badge').count()) === 2, 'two badges');
  });

  await step(
    'Device A, tab 2: User ID, the three commands, Close tab, a status; "Coordinate tabs" checked',
    async () => {
      expect((await device('A2').count()) === 1, 'one section named "Device A, tab 2"');
      expect((await userID('A2').count()) === 1, 'a User ID input');
      for (const name of ['Log in', 'Log out', 'Log in again', 'Close tab']) {
        expect((await button('A2', name).count()) === 1, `one "${name}" button`);
      }
      await waitForText(status('A2'), /^loggedOut/);
      expect(
        await page.getByRole('checkbox', { name: 'Coordinate tabs' }).isChecked(),
        'coordinated by default',
      );
    },
  );

  await step('tab 2 logs in while tab 1 holds the login → kicked · otherTab, no second login', async () => {
    await waitForText(status('A'), /^online$/);
    await button('A2', 'Log in').click();
    await waitForText(status('A2'), /^kicked · otherTab$/);
    await page.waitForTimeout(300);
    expect((await status('A').textContent()) === 'online', 'tab 1 is still online');
    expect((await page.getByText(/^alice on web/).count()) === 1, 'one web session on the server');
    await picture('handover-1-tab2-stands-by.png', { of: devices });
  });

  await step(
    '"Log in again" in tab 2 takes the login over: tab 2 online, tab 1 kicked · otherTab',
    async () => {
      await button('A2', 'Log in again').click();
      await waitForText(status('A2'), /^online$/);
      await waitForText(status('A'), /^kicked · otherTab$/);
      await waitFor(async () => (await activeIn('online'))?.includes('A2'), 'A2 on online in the diagram');
      expect(
        (await chart.locator('[data-to="online"][data-last~="A2"]').count()) === 1,
        "A2's last transition led online",
      );
      await picture('handover-2-tab2-took-over.png', { of: devices });
    },
  );

  await step('Close tab: tab 1 takes the login back by itself; Open tab brings tab 2 back', async () => {
    await button('A2', 'Close tab').click();
    await waitForText(status('A2'), 'tab closed');
    await waitForText(status('A'), /^online$/);
    await picture('handover-3-tab1-back.png', { of: devices });
    await button('A2', 'Open tab').click();
    await waitForText(status('A2'), /^loggedOut/);
  });

  await step(
    '"Coordinate tabs" unchecked: two web instances, the service kicks with multipleAccount',
    async () => {
      const coordinate = page.getByRole('checkbox', { name: 'Coordinate tabs' });
      await coordinate.uncheck();
      await waitForText(status('A'), /^loggedOut/);
      await button('A', 'Log in').click();
      await waitForText(status('A'), /^online$/);
      await button('A2', 'Log in').click();
      await waitForText(status('A2'), /^online$/);
      await waitForText(status('A'), /^kicked · multipleAccount$/);
      await coordinate.check();
      await waitForText(status('A'), /^loggedOut/);
      await waitForText(status('A2'), /^loggedOut/);
      await button('A', 'Log in').click();
      await waitForText(status('A'), /^online$/);
    },
  );

  await step('"Clear log" leaves "No events yet"', async () => {
    await page.getByRole('button', { name: 'Clear log', exact: true }).click();
    await waitForText(page.getByRole('log'), 'No events yet');
  });

  await step(
    'at 390 px: no sideways scroll, devices before the server, messages wrap between words',
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await button('A', 'Drop network').click();
      await waitForText(status('A'), /^connecting · offline$/);
      await button('A', 'Restore network').click();
      await waitForText(status('A'), /^online$/);
      const [scrollWidth, clientWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(scrollWidth <= clientWidth, `page is ${scrollWidth} px wide in a ${clientWidth} px window`);
      const top = async (locator) => (await locator.boundingBox()).y;
      const server = page.getByRole('region', { name: 'Simulated server' });
      expect((await top(device('A'))) < (await top(server)), 'Device A before the server panel');
      expect((await top(device('B'))) < (await top(server)), 'Device B before the server panel');
      const wrapping = await page
        .locator('[role="log"] .text')
        .first()
        .evaluate((text) => {
          const style = getComputedStyle(text);
          return `${style.wordBreak} ${style.overflowWrap}`;
        });
      expect(wrapping === 'normal normal', `log messages wrap as "${wrapping}"`);
      const overflowing = await page
        .locator('[role="log"] .text')
        .evaluateAll((texts) =>
          texts.filter((text) => text.scrollWidth > text.clientWidth + 1).map((text) => text.textContent),
        );
      expect(overflowing.length === 0, `messages wider than their line: ${overflowing.join(' | ')}`);
      await picture('playground-390.png', { fullPage: true });
      await page.setViewportSize({ width: 1440, height: 1000 });
    },
  );

  await step(
    '"Open in XState inspector" loads the inspector only when asked and opens its window',
    async () => {
      const before = await scriptsLoaded(page);
      inspectorAsked = true;
      const popup = context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
      await page.getByRole('switch', { name: 'Open in XState inspector' }).check();
      const inspectorWindow = await popup;
      expect(
        inspectorWindow.url().startsWith('https://stately.ai/inspect'),
        `opened ${inspectorWindow.url()}`,
      );
      expect((await scriptsLoaded(page)) > before, 'a script chunk was loaded on demand');
      await page.getByRole('switch', { name: 'Open in XState inspector' }).uncheck();
      await inspectorWindow.close();
      await button('A', 'Log out').click();
      await waitForText(status('A'), /loggedOut/);
    },
  );

  await step('no uncaught page errors, no console errors', async () => {
    expect(problems.length === 0, problems.join(' | '));
  });

  await step('the page asked for nothing outside 127.0.0.1', async () => {
    expect(foreignRequests.length === 0, `requests: ${foreignRequests.join(', ')}`);
  });
}

/** How many JavaScript files the page has loaded so far. */
function scriptsLoaded(target) {
  return target.evaluate(
    () =>
      performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .length,
  );
}
