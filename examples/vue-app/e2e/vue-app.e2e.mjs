// End-to-end check of the Vue example: builds it, serves the build with `vite preview` on 127.0.0.1, and drives
// it in Debian's Chromium through its roles and labels, the way a user (or a screen reader) finds things.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];
// Its own range, so it can run beside the playground's e2e.
const PORT_RANGE = { from: 47310, to: 47399 };
const STEP_TIMEOUT_MS = 5000;

const chromiumPath = CHROMIUM_PATHS.find((path) => existsSync(path));
if (!chromiumPath) {
  if (process.env.CI) {
    console.error('FAIL: chromium not found (CI is set). Install it with: apt-get install -y chromium');
    process.exit(1);
  }
  console.log('SKIPPED: chromium not found (install it with: apt-get install -y chromium)');
  process.exit(0);
}

const { chromium } = await import('playwright-core');
const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort() {
  for (let port = PORT_RANGE.from; port <= PORT_RANGE.to; port++) {
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE.from}-${PORT_RANGE.to}`);
}

async function waitForServer(url, server) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 15 s`);
}

/** Polls `read()` until `accept(value)` holds; fails with the last value seen. */
async function until(what, read, accept) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
}

const results = [];
async function step(name, run) {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ok: true });
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : error}`);
  }
}

const build = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
  cwd: appRoot,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('FAIL vite build');
  process.exit(1);
}

const port = await freePort();
const url = `http://127.0.0.1:${port}/`;
const server = spawn(
  process.execPath,
  [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: appRoot, stdio: ['ignore', 'ignore', 'inherit'] },
);
const profile = mkdtempSync(join(tmpdir(), 'imstate-vue-app-chromium-'));
let context;

try {
  await waitForServer(url, server);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Vue reports errors thrown in handlers and watchers through console.error, not as page errors.
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });

  const status = page.getByRole('status');
  const statusIs = (what, expected) =>
    until(
      what,
      () => status.textContent(),
      (text) => text?.replace(/\s+/g, ' ').trim() === expected,
    );
  const dialog = page.getByRole('dialog');
  const button = (name) => page.getByRole('button', { name, exact: true });
  const userIdInput = page.getByLabel('User ID', { exact: true });

  await step('page loads logged out, with no banner', async () => {
    await page.goto(url);
    await statusIs('status', 'Status: loggedOut (idle)');
    if ((await page.locator('.banner').count()) !== 0) throw new Error('a banner is shown while logged out');
  });

  await step('log in as alice: connecting banner, then online', async () => {
    await userIdInput.fill('alice');
    await button('Log in').click();
    await page.getByText('Connecting to the chat service…').waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: online · alice');
    await page.getByText('Signed in as alice').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step('second device logs in as alice on web: kicked dialog shows the reason', async () => {
    await button('Log in on another device').click();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: kicked · alice');
    const title = await dialog.getByRole('heading').textContent();
    if (title !== 'You logged in on another device — log in again?')
      throw new Error(`dialog title: ${title}`);
    const text = await dialog.textContent();
    if (!text?.includes('Reason: multipleDevice')) throw new Error(`dialog text: ${text}`);
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    if (focused !== 'Log in again') throw new Error(`focus is on "${focused}", not on "Log in again"`);
  });

  await step('"Log in again": online again, the other device is kicked', async () => {
    await dialog.getByRole('button', { name: 'Log in again', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: online · alice');
    await until(
      'other device',
      () => page.locator('.other-device-status').textContent(),
      (text) => text?.replace(/\s+/g, ' ').trim() === 'Other device: kicked · alice',
    );
  });

  await step('"Drop network": offline banner, status connecting (offline)', async () => {
    await button('Drop network').click();
    await page.getByText('You are offline.').waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: connecting (offline) · alice');
  });

  await step('"Restore network": reconnects by itself, banner gone, online', async () => {
    await button('Restore network').click();
    await statusIs('status', 'Status: online · alice');
    await page.locator('.banner').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  });

  await step('"Expire UserSigs": sigExpired, renewed by itself, online', async () => {
    await button('Expire UserSigs').click();
    await page.locator('.events .event', { hasText: 'sigExpired' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: online · alice');
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
    await statusIs('status', 'Status: loggedOut (idle)');
  });

  await step('keyboard-only login: Tab to "User ID", type, Enter', async () => {
    await page.goto(url);
    await statusIs('status', 'Status: loggedOut (idle)');
    let onInput = false;
    for (let tabs = 0; tabs < 5 && !onInput; tabs++) {
      await page.keyboard.press('Tab');
      onInput = await userIdInput.evaluate((input) => input === document.activeElement);
    }
    if (!onInput) throw new Error('Tab never reached the User ID input');
    await page.keyboard.type('bob');
    await page.keyboard.press('Enter');
    await statusIs('status', 'Status: online · bob');
  });

  await step('keyboard: Escape on the kicked dialog declines, back to the login form', async () => {
    await button('Log in on another device').click();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await statusIs('status', 'Status: loggedOut (idle)');
  });

  await step('no uncaught page errors or console errors', async () => {
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
} catch (error) {
  results.push({ name: 'setup', ok: false });
  console.log(`FAIL setup: ${error instanceof Error ? error.message : error}`);
} finally {
  await context?.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
