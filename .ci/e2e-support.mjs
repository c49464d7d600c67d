// Shared by the examples' end-to-end scripts (examples/*/e2e/*.e2e.mjs): finds Chromium, builds the app and
// serves it on 127.0.0.1, drives it in Chromium with nothing reachable beyond 127.0.0.1, and runs PASS/FAIL steps.
// Each script passes in its own `vite` and `playwright-core`: they are the example's dependencies, not the root's.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable naming a file where a run writes its `{ passed, failed }` step counts. */
export const E2E_REPORT = 'IMSTATE_E2E_REPORT';

/** How long a wait inside a step may take. */
export const STEP_TIMEOUT_MS = 5000;
const RUN_TIMEOUT_MS = 180_000;
const CHROMIUM_PATHS = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
// TOOLING.md: without the background-networking flags Chromium floods the closed network with refused connections.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws `message` unless `condition` holds. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `check()` until it is truthy. */
export async function waitFor(check, description, timeout = STEP_TIMEOUT_MS) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${description}`);
}

/**
 * Waits until the locator's text, with whitespace collapsed, matches `expected` (a RegExp, or a string it must
 * equal); fails with the last text seen.
 */
export async function waitForText(locator, expected, timeout = STEP_TIMEOUT_MS) {
  const matches = (text) => (typeof expected === 'string' ? text === expected : expected.test(text));
  const until = Date.now() + timeout;
  let text = '';
  while (Date.now() < until) {
    const raw = await locator.textContent({ timeout }).catch(() => '');
    text = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (matches(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const wanted = typeof expected === 'string' ? JSON.stringify(expected) : String(expected);
  throw new Error(`expected text ${wanted}, last saw "${text}"`);
}

/** Chromium's path. Without one the run is skipped (exit 0), except in CI, where it fails. */
function chromiumOrExit() {
  const found = CHROMIUM_PATHS.filter(Boolean).find((path) => existsSync(path));
  if (found) return found;
  const inCI = Boolean(process.env.CI) && !['0', 'false'].includes(process.env.CI.toLowerCase());
  if (inCI) {
    console.error('FAIL: chromium not found, and CI needs the e2e run (apt-get install -y chromium).');
    process.exit(1);
  }
  console.log(
    'SKIPPED: chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH); e2e not run.',
  );
  process.exit(0);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Serves the app on a free 127.0.0.1 port: `vite preview` of a fresh build, or the dev server. */
async function serve({ vite, appRoot, app, dev }) {
  const port = await freePort();
  const listen = { host: '127.0.0.1', port, strictPort: true };
  const url = `http://127.0.0.1:${port}/`;
  if (dev) {
    const server = await vite.createServer({ root: appRoot, logLevel: 'warn', server: listen });
    await server.listen();
    return { url, kind: 'vite dev server', close: () => server.close() };
  }
  console.log(`building the ${app}…`);
  await vite.build({ root: appRoot, logLevel: 'warn' });
  const server = await vite.preview({ root: appRoot, logLevel: 'warn', preview: listen });
  const close = () => new Promise((resolve) => server.httpServer.close(resolve));
  return { url, kind: 'vite preview of the build', close };
}

/**
 * Runs the steps against the app in a fresh Chromium profile, then prints the tally and exits: 0 when every
 * step passed. Requests beyond 127.0.0.1 are aborted and listed in `foreignRequests`, unless `standIn(url)`
 * returns a response to fulfil them with. `summary()` may add a note to the tally line.
 */
export async function runE2E(options, steps) {
  const { app, appRoot, vite, chromium, dev = false, viewport, standIn = () => undefined } = options;
  const chromiumPath = chromiumOrExit();
  setTimeout(() => {
    console.error(`FAIL: the e2e run took longer than ${RUN_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, RUN_TIMEOUT_MS).unref();

  const results = [];
  const report = (name, ok, detail) => {
    results.push(ok);
    console.log(ok ? `PASS  ${name}${detail}` : `FAIL  ${name}\n      ${detail}`);
  };
  const step = async (name, action) => {
    const started = Date.now();
    try {
      await action();
      report(name, true, ` (${Date.now() - started} ms)`);
    } catch (error) {
      // Playwright appends a call log to its messages: the first line says what went wrong.
      report(name, false, String(error?.message ?? error).split('\n')[0]);
    }
  };

  const profile = mkdtempSync(join(tmpdir(), `imstate-${app}-e2e-`));
  let server;
  let context;
  try {
    server = await serve({ vite, appRoot, app, dev });
    console.log(`serving ${server.url} (${server.kind}) to ${chromiumPath}`);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      ...(viewport && { viewport }),
      args: CHROMIUM_ARGS,
    });
    const foreignRequests = [];
    await context.route('**/*', (route) => {
      const requested = new URL(route.request().url());
      if (requested.hostname === '127.0.0.1') return route.continue();
      const response = standIn(requested);
      if (response) return route.fulfill(response);
      foreignRequests.push(requested.href);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // Vue reports errors thrown in handlers and watchers through console.error, not as page errors.
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    await steps({ page, context, url: server.url, step, problems, foreignRequests });
  } catch (error) {
    report('setup', false, String(error?.message ?? error).split('\n')[0]);
  } finally {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const passed = results.filter(Boolean).length;
  const note = options.summary?.();
  console.log(`\n${passed}/${results.length} steps passed${note ? `; ${note}` : ''}`);
  // `npm test` adds the counts to its summary.
  if (process.env[E2E_REPORT]) {
    writeFileSync(process.env[E2E_REPORT], JSON.stringify({ passed, failed: results.length - passed }));
  }
  process.exit(passed === results.length ? 0 : 1);
}
