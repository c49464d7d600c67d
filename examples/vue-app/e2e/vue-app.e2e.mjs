// End-to-end check of the Vue example: builds it, serves the build with `vite preview` on 127.0.0.1, and drives
// it in Debian's Chromium through its roles and labels, the way a user (or a screen reader) finds things.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as vite from 'vite';
import { runE2E, STEP_TIMEOUT_MS, waitForText } from '../../../.ci/e2e-support.mjs';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

await runE2E({ app: 'vue-app', appRoot, vite, chromium }, async ({ page, url, step, problems }) => {
  const status = page.getByRole('status');
  const statusIs = (expected) => waitForText(status, expected);
  const dialog = page.getByRole('dialog');
  const button = (name) => page.getByRole('button', { name, exact: true });
  const userIdInput = page.getByLabel('User ID', { exact: true });

  await step('page loads logged out, with no banner', async () => {
    await page.goto(url);
    await statusIs('Status: loggedOut (idle)');
    if ((await page.locator('.banner').count()) !== 0) throw new Error('a banner is shown while logged out');
  });

  await step('log in as alice: connecting banner, then online', async () => {
    await userIdInput.fill('alice');
    await button('Log in').click();
    await page.getByText('Connecting to the chat service…').waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: online · alice');
    await page.getByText('Signed in as alice').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step('second device logs in as alice on web: kicked dialog shows the reason', async () => {
    await button('Log in on another device').click();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: kicked · alice');
    const title = await dialog.getByRole('heading').textContent();
    if (title !== 'You logged in on another device — log in again?')
      throw new Error(`dialog title: ${title}`);
    const text = await dialog.textContent();
    if (!text?.includes('Reason: multipleAccount')) throw new Error(`dialog text: ${text}`);
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    if (focused !== 'Log in again') throw new Error(`focus is on "${focused}", not on "Log in again"`);
  });

  await step('"Log in again": online again, the other device is kicked', async () => {
    await dialog.getByRole('button', { name: 'Log in again', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: online · alice');
    await waitForText(page.locator('.other-device-status'), 'Other device: kicked · alice');
  });

  await step('"Drop network": offline banner, status connecting (offline)', async () => {
    await button('Drop network').click();
    await page.getByText('You are offline.').waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: connecting (offline) · alice');
  });

  await step('"Restore network": reconnects by itself, banner gone, online', async () => {
    await button('Restore network').click();
    await statusIs('Status: online · alice');
    await page.locator('.banner').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  });

  await step('"Expire UserSigs": sigExpired, renewed by itself, online', async () => {
    await button('Expire UserSigs').click();
    await page.locator('.events .event', { hasText: 'sigExpired' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: online · alice');
  });

  await step('"Kick via REST API": dialog names the service; "Log out" returns to the form', async () => {
    await button('Kick via REST API').click();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const text = await dialog.textContent();
    if (!text?.includes('You were signed out by the service') || !text.includes('Reason: restApi')) {
      throw new Error(`dialog text: ${text}`);
    }
    await dialog.getByRole('button', { name: 'Log out', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: loggedOut (idle)');
  });

  await step('keyboard-only login: Tab to "User ID", type, Enter', async () => {
    await page.goto(url);
    await statusIs('Status: loggedOut (idle)');
    let onInput = false;
    for (let tabs = 0; tabs < 5 && !onInput; tabs++) {
      await page.keyboard.press('Tab');
      onInput = await userIdInput.evaluate((input) => input === document.activeElement);
    }
    if (!onInput) throw new Error('Tab never reached the User ID input');
    await page.keyboard.type('bob');
    await page.keyboard.press('Enter');
    await statusIs('Status: online · bob');
  });

  await step('keyboard: Escape on the kicked dialog declines, back to the login form', async () => {
    await button('Log in on another device').click();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await statusIs('Status: loggedOut (idle)');
  });

  await step('no uncaught page errors or console errors', async () => {
    if (problems.length > 0) throw new Error(problems.join(' | '));
  });
});
