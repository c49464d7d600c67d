import { readdirSync, readFileSync } from 'node:fs';
import { format } from 'node:util';
import { createSession } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { codeBlocks } from '@imstate/test-support/markdown';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type * as MemorySdk from './examples/memory-sdk';

/**
 * Docs stay honest: every TypeScript block of the core docs is an example file, byte for byte, and every
 * example file is compiled by the typecheck (tsconfig includes test/) and run here.
 */
const DOCS = {
  'docs/core.md': new URL('../../../docs/core.md', import.meta.url),
  'packages/core/README.md': new URL('../README.md', import.meta.url),
};
const EXAMPLES = new URL('./examples/', import.meta.url);
const MARKER = /^<!-- example: (test\/examples\/[\w.-]+\.ts) -->$/;
const OUTPUT_MARKER = /^<!-- output: (test\/examples\/[\w.-]+\.ts) -->$/;
const TS_FENCE = /^```(ts|tsx|typescript|js|javascript)\s*$/;
const TEXT_FENCE = /^```text\s*$/;

// Records what the examples' stand-ins hand out, so the output can be checked for UserSigs.
const seen = vi.hoisted(() => ({
  userSigs: [] as string[],
  sdks: [] as ReturnType<typeof MemorySdk.createMemorySdk>[],
}));
vi.mock('./examples/memory-sdk', async (importOriginal) => {
  const actual = await importOriginal<typeof MemorySdk>();
  return {
    ...actual,
    createMemorySdk: () => {
      const created = actual.createMemorySdk();
      seen.sdks.push(created);
      return created;
    },
    fetchUserSig: async (userID: string) => {
      const userSig = await actual.fetchUserSig(userID);
      seen.userSigs.push(userSig);
      return userSig;
    },
  };
});

/** The TypeScript blocks of a page, each with the example file its marker names, if any. */
const typeScriptBlocks = (markdown: string) =>
  codeBlocks(markdown)
    .filter((block) => TS_FENCE.test(block.info))
    .map((block) => ({ ...block, example: MARKER.exec(block.above)?.[1] }));

/** The blocks marked `<!-- output: test/examples/NAME.ts -->` (```text, checked below), as lines, by example file. */
const outputBlocks = (markdown: string) =>
  codeBlocks(markdown).flatMap((block) => {
    const example = OUTPUT_MARKER.exec(block.above)?.[1];
    return example ? [{ example, lines: block.code.split('\n').slice(0, -1) }] : [];
  });

const read = (url: URL) => readFileSync(url, 'utf8');
const allOutputBlocks = () => Object.values(DOCS).flatMap((url) => outputBlocks(read(url)));
const checkedOutputs = new Set<string>();
const exampleFiles = readdirSync(EXAMPLES).filter((name) => name.endsWith('.ts'));

describe.each(Object.entries(DOCS))('%s', (_name, url) => {
  const markdown = read(url);

  test('has TypeScript examples', () => {
    expect(typeScriptBlocks(markdown).length).toBeGreaterThan(0);
  });

  test('every TypeScript block is marked as an example file and matches it byte for byte', () => {
    for (const block of typeScriptBlocks(markdown)) {
      expect(block.example, `block at line ${block.line} has no <!-- example: … --> marker`).toBeDefined();
      const file = new URL(`../${block.example}`, import.meta.url);
      expect(block.code, `block at line ${block.line} differs from ${block.example}`).toBe(read(file));
    }
  });

  test('every example marker stands right above a TypeScript block, every output marker above a text block', () => {
    const lines = markdown.split('\n');
    lines.forEach((line, index) => {
      if (line.includes('<!-- example:')) {
        expect(line, `malformed marker at line ${index + 1}`).toMatch(MARKER);
        expect(lines[index + 1], `marker at line ${index + 1}`).toMatch(TS_FENCE);
      }
      if (line.includes('<!-- output:')) {
        expect(line, `malformed marker at line ${index + 1}`).toMatch(OUTPUT_MARKER);
        expect(lines[index + 1], `marker at line ${index + 1}`).toMatch(TEXT_FENCE);
      }
    });
  });
});

beforeEach(() => {
  seen.userSigs.length = 0;
  seen.sdks.length = 0;
});

/** Runs an example module and returns what it printed (console.*), one entry per call. */
async function run(name: string): Promise<string[]> {
  const printed: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
  }
  await import(`./examples/${name}.ts`);
  for (const userSig of seen.userSigs) {
    expect(printed.join('\n')).not.toContain(userSig);
  }
  // What the docs say the example prints is what it printed.
  for (const block of allOutputBlocks().filter(
    (candidate) => candidate.example === `test/examples/${name}.ts`,
  )) {
    expect(printed, `the output shown for ${name}.ts`).toEqual(block.lines);
    checkedOutputs.add(block.example);
  }
  return printed;
}

/** How each example file is exercised; a new example must be added here. */
const RUNS: Record<string, () => Promise<void>> = {
  'memory-sdk.ts': async () => {
    // Exercised by every example below; here on its own: a session over it goes online and back.
    const { createMemorySdk, fetchUserSig } = await import('./examples/memory-sdk');
    const { sdk, calls } = createMemorySdk();
    const session = createSession({ sdk, sdkAppID: 1400000001, getUserSig: fetchUserSig }).start();
    session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.waitFor(() => expect(session.getSnapshot().value).toBe('online'));
    session.stop();
    expect(calls).toEqual({ initSDK: 1, login: 1, logout: 0, unInitSDK: 1 });
  },

  'minimal.ts': async () => {
    expect(await run('minimal')).toEqual(['online', 'logged in as alice']);
    expect(seen.userSigs).toHaveLength(1);
    expect(seen.sdks[0]?.calls).toEqual({ initSDK: 1, login: 1, logout: 0, unInitSDK: 1 });
  },

  'lifecycle.ts': async () => {
    expect(await run('lifecycle')).toEqual([
      'init.initializing',
      'connecting.loggingIn',
      'online',
      'connecting.reconnecting',
      '  error 2801 (sdk)',
      'connecting.offline',
      'connecting.reconnecting',
      'online',
      'kicked.resting',
      'connecting.loggingIn',
      'online',
      'sigExpired.refreshing',
      'online',
      'loggedOut.loggingOut',
      'sdk.login calls: 3',
    ]);
    // LOGIN and the refresh asked getUserSig; RELOGIN reused the UserSig it held (not known to be expired).
    expect(seen.userSigs).toHaveLength(2);
    expect(seen.sdks[0]?.calls).toEqual({ initSDK: 1, login: 3, logout: 1, unInitSDK: 1 });
  },

  'options.ts': async () => {
    const { session } = await import('./examples/options');
    const { sdk } = seen.sdks[0]!;
    const defaults = createSession({ sdk, sdkAppID: 1400000001 }).getSnapshot().context.policy;
    // The values the example spells out are the defaults.
    expect(session.getSnapshot().context.policy).toEqual(defaults);
    expect(defaults).toEqual({
      loginTimeoutMs: 15_000,
      retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 },
      sigRetry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 },
    });
  },

  'inspect.ts': async () => {
    expect(await run('inspect')).toEqual(['{"type":"LOGIN","userID":"alice","userSig":"[redacted]"}']);
    expect(seen.userSigs).toHaveLength(1);
  },

  'logging.ts': async () => {
    expect(await run('logging')).toEqual([
      'info login {"userID":"alice","reason":"login"}',
      'info login succeeded {"userID":"alice"}',
      'info logout {}',
    ]);
    expect(seen.userSigs).toHaveLength(1);
  },

  'errors.ts': async () => {
    expect(await run('errors')).toEqual([
      'INVALID_USER_ID',
      'undefined',
      'The chat service refused this account (70009).',
      'loggedOut sdk',
    ]);
    expect(seen.sdks[0]?.calls.login).toBe(1);
  },

  'selectors.ts': async () => {
    const { statusLine } = await import('./examples/selectors');
    const { createMemorySdk } = await import('./examples/memory-sdk');
    const { sdk, service } = createMemorySdk();
    const session = createSession({ sdk, sdkAppID: 1400000001 }).start();
    const line = () => statusLine(session.getSnapshot());
    expect(line()).toBe('Starting…');
    await vi.waitFor(() => expect(line()).toBe('Logged out'));
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'doc-test-user-sig' });
    expect(line()).toBe('Connecting…');
    await vi.waitFor(() => expect(line()).toBe('Online as alice'));
    service.dropNetwork();
    expect(line()).toBe('Offline, reconnecting…');
    service.restoreNetwork();
    service.kick('multipleDevice');
    expect(line()).toBe('You logged in on another device');
    session.send({ type: 'RELOGIN' });
    await vi.waitFor(() => expect(line()).toBe('Online as alice'));
    service.expireUserSig();
    expect(line()).toBe('Your session expired');
    session.stop();

    const broken = createSession({ sdk, sdkAppID: 0 }).start();
    expect(statusLine(broken.getSnapshot())).toMatch(/^Chat is unavailable: /);
    broken.stop();
  },

  'recorder.ts': async () => {
    const printed = await run('recorder');
    expect(printed).toEqual([
      'init.initializing',
      // The LOGIN came before initSDK had finished: kept, and replayed when it did.
      'connecting.loggingIn ← done: initSdk [hasPendingLogin], always, always [hasUserSigProvider]',
      'online ← done: login',
      'kicked.resting ← SDK.KICKED',
    ]);
  },

  'diagram.ts': async () => {
    const printed = await run('diagram');
    const { sessionMachine } = await import('@imstate/core');
    const { states, transitions } = describeMachine(sessionMachine);
    expect(printed).toEqual([
      `${states.length} states, ${transitions.length} transitions`,
      'init',
      'loggedOut',
      'connecting',
      'online',
      'kicked',
      'sigExpired',
      'stateDiagram-v2',
    ]);
  },
};

describe('example files', () => {
  test('each one is shown in the docs', () => {
    const shown = Object.values(DOCS).flatMap((url) =>
      typeScriptBlocks(read(url)).map((block) => block.example),
    );
    for (const file of exampleFiles) {
      expect(shown, `${file} is not shown in any doc`).toContain(`test/examples/${file}`);
    }
  });

  test('each one is exercised by this suite', () => {
    expect(Object.keys(RUNS).sort()).toEqual([...exampleFiles].sort());
  });

  test.each(Object.keys(RUNS))('%s runs as the docs say', async (file) => {
    await RUNS[file]!();
  });

  test('every output shown in the docs was compared with a run', () => {
    const shown = allOutputBlocks().map((block) => block.example);
    expect(shown.length).toBeGreaterThan(0);
    expect([...checkedOutputs].sort()).toEqual([...new Set(shown)].sort());
  });
});
