// End-to-end test of the playground: builds it, serves the build with `vite preview` on 127.0.0.1 (a free
// port), and drives it in Debian's Chromium through the roles and labels of CONTRACT §8.
// Prints PASS/FAIL per step and exits non-zero on any failure. Without Chromium it skips (exit 0), except in CI.
// `--dev` drives the Vite dev server instead (React's development build: StrictMode's double effects, warnings).
// `--screenshot` also refreshes the README's picture, docs/images/playground.png; without it the run writes nothing
// into the working tree (the picture goes to the system's temp folder).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as vite from 'vite';
import { expect, runE2E, STEP_TIMEOUT_MS, waitFor, waitForText } from '../../../.ci/e2e-support.mjs';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const screenshotPath = process.argv.includes('--screenshot')
  ? join(appRoot, '..', '..', 'docs', 'images', 'playground.png')
  : join(tmpdir(), 'imstate-playground.png');
let screenshotSaved = false;
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
    summary: () => (screenshotSaved ? `screenshot: ${screenshotPath}` : ''),
  },
  drive,
);

/** The playground's steps, in a browser page showing it. */
async function drive({ page, context, url, step, problems, foreignRequests }) {
  const device = (id) => page.getByRole('region', { name: `Device ${id}`, exact: true });
  const status = (id) => device(id).getByRole('status');
  const button = (id, name) => device(id).getByRole('button', { name, exact: true });
  const prompt = (id) => device(id).getByRole('alertdialog');
  const logEntries = (id, text) =>
    page.locator(`[role="log"] .source-${id.toLowerCase()}`).filter({ hasText: text });
  const focusedIs = (locator) => locator.evaluate((element) => element === document.activeElement);

  /** Presses Tab from the top of the page until `target` has focus: what a keyboard-only user does. */
  async function tabTo(target, maxPresses = 40) {
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    for (let presses = 0; presses < maxPresses; presses += 1) {
      await page.keyboard.press('Tab');
      if (await focusedIs(target)) return presses + 1;
    }
    throw new Error(`Tab never reached the target in ${maxPresses} presses`);
  }

  await page.goto(url);

  await step(
    'the page shows Device A and Device B with the contract labels, buttons and status',
    async () => {
      for (const id of ['A', 'B']) {
        expect((await device(id).count()) === 1, `one section named Device ${id}`);
        expect(
          (await device(id).getByLabel('User ID', { exact: true }).count()) === 1,
          `${id}: User ID input`,
        );
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

  await step('Device A logs in → connecting · loggingIn → online', async () => {
    await button('A', 'Log in').click();
    await waitForText(status('A'), /^connecting · loggingIn$/);
    await waitForText(status('A'), /^online$/);
  });

  await step('Device B logs in as the same user on the same platform → B online, A kicked', async () => {
    await button('B', 'Log in').click();
    await waitForText(status('B'), /^online$/);
    await waitForText(status('A'), /^kicked$/);
  });

  await step('Device A shows the "log in again?" prompt with the kick reason (multipleDevice)', async () => {
    await waitForText(prompt('A'), /multipleDevice/);
    // The README's picture: the classic demo, taken from the production build.
    if (!dev) {
      mkdirSync(dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath });
      screenshotSaved = true;
    }
  });

  await step('Device A logs in again → A online, B kicked', async () => {
    await button('A', 'Log in again').click();
    await waitForText(status('A'), /^online$/);
    await waitForText(status('B'), /^kicked$/);
    await waitForText(prompt('B'), /multipleDevice/);
    expect((await prompt('A').count()) === 0, 'A no longer shows its prompt');
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
      const expiries = await logEntries('A', /^.*emitted\s*sigExpired$/).count();
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
    },
  );

  await step('Kick via REST API → Device A kicked, prompt shows restApi', async () => {
    await page.getByRole('button', { name: 'Kick via REST API', exact: true }).click();
    await waitForText(status('A'), /^kicked$/);
    await waitForText(prompt('A'), /restApi/);
    expect((await page.getByRole('alertdialog').count()) === 1, 'one prompt on the page: the newest kick');
  });

  await step('keyboard only: Tab to Device B\'s User ID, type, Tab to "Log in", Space → online', async () => {
    const userID = device('B').getByLabel('User ID', { exact: true });
    await tabTo(userID);
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
    await tabTo(device('A').getByLabel('User ID', { exact: true }));
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
      await device('B').getByLabel('User ID', { exact: true }).fill('alice');
      await button('B', 'Log in').click();
      await waitForText(status('B'), /^online$/);
      await page.waitForTimeout(500);
      await waitForText(status('A'), /^online$/, 100);
    },
  );

  await step('profile update on the server reaches Device A', async () => {
    await page.getByLabel('Nickname', { exact: true }).fill('Alice L.');
    await page.getByRole('button', { name: 'Update profile', exact: true }).click();
    await waitForText(device('A').locator('.facts'), /Nickname\s*Alice L\./);
  });

  await step("the state diagram highlights each device's active state", async () => {
    const online = page.locator('[data-state="online"]');
    await waitFor(
      async () => (await online.getAttribute('class'))?.includes('active-a active-b'),
      'both on online',
    );
  });

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
