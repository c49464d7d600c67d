import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Simulator from '@imstate/simulator';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runWalkthrough, type WalkthroughOptions } from '../src/walkthrough-steps';

// Records every server the walkthrough creates and every UserSig it issues, to check none is printed.
const seen = vi.hoisted(() => ({ servers: [] as Simulator.ImServer[], userSigs: [] as string[] }));
vi.mock('@imstate/simulator', async (importOriginal) => {
  const actual = await importOriginal<typeof Simulator>();
  return {
    ...actual,
    createImServer: (options: Simulator.ImServerOptions) => {
      const server = actual.createImServer(options);
      const issue = server.issueUserSig.bind(server);
      server.issueUserSig = (...args) => {
        const userSig = issue(...args);
        seen.userSigs.push(userSig);
        return userSig;
      };
      seen.servers.push(server);
      return server;
    },
  };
});

beforeEach(() => {
  seen.servers.length = 0;
  seen.userSigs.length = 0;
});

const LINE = /^\+(\d+\.\d{3})s {2}(Device [AB]) {2}(.+)$/;

interface Told {
  seconds: number;
  device: string;
  what: string;
}

async function walkthrough(options: WalkthroughOptions = {}) {
  const output: string[] = [];
  await runWalkthrough((line) => output.push(line), options);
  const told = output.flatMap((line): Told[] => {
    const match = LINE.exec(line);
    return match ? [{ seconds: Number(match[1]), device: match[2]!, what: match[3]! }] : [];
  });
  /** What one device told, lines matching `pattern`, mapped through its first group. */
  const of = (device: string, pattern: RegExp) =>
    told.flatMap((entry) => {
      const match = entry.device === device ? pattern.exec(entry.what) : null;
      return match ? [match[1]!] : [];
    });
  return {
    output,
    told,
    states: (device: string) => of(device, /^(?:starts in|\S+ →) (\S+)$/),
    emitted: (device: string) => of(device, /^ {2}emits (.+)$/),
    userSigRequests: (device: string) => of(device, /^ {2}getUserSig\((\w+, \w+)\)/),
  };
}

const DEVICE_A_STATES = [
  'init.initializing',
  'loggedOut.idle',
  'connecting.loggingIn',
  'online',
  'kicked.resting',
  'connecting.loggingIn',
  'online',
  'connecting.reconnecting',
  'connecting.offline',
  'connecting.reconnecting',
  'online',
  'sigExpired.refreshing',
  'online',
  'loggedOut.loggingOut',
  'loggedOut.idle',
];
const DEVICE_B_STATES = [
  'init.initializing',
  'loggedOut.idle',
  'connecting.loggingIn',
  'online',
  'kicked.resting',
  'connecting.loggingIn',
  'online',
  'sigExpired.refreshing',
  'online',
  'loggedOut.loggingOut',
  'loggedOut.idle',
];

describe.each([20, 0])('the walkthrough at %i ms latency', (latencyMs) => {
  let run: Awaited<ReturnType<typeof walkthrough>>;
  let server: Simulator.ImServer;
  let userSigs: string[];
  beforeAll(async () => {
    run = await walkthrough({ latencyMs });
    server = seen.servers[0]!;
    userSigs = [...seen.userSigs];
  });

  it('takes Device A through login, kicked, log in again, offline, recovery, expiry and logout', () => {
    expect(run.states('Device A')).toEqual(DEVICE_A_STATES);
  });

  it('takes Device B through login (kicking A), kicked, another user, expiry and logout', () => {
    expect(run.states('Device B')).toEqual(DEVICE_B_STATES);
  });

  it('prints the events each device emits', () => {
    expect(run.emitted('Device A')).toEqual([
      'online',
      'kicked (reason multipleDevice)',
      'online',
      'error (code 2801, source sdk)',
      'online',
      'sigExpired',
      'online',
      'loggedOut',
    ]);
    expect(run.emitted('Device B')).toEqual([
      'online',
      'kicked (reason multipleDevice)',
      'online',
      'sigExpired',
      'online',
      'loggedOut',
    ]);
  });

  it('prints each event right after the state change it belongs to', () => {
    const statusOf = { online: 'online', kicked: 'kicked', sigExpired: 'sigExpired', loggedOut: 'loggedOut' };
    const current = new Map<string, string>();
    for (const { device, what } of run.told) {
      const entered = /^(?:starts in|\S+ →) (\S+)$/.exec(what)?.[1];
      if (entered) current.set(device, entered);
      const emitted = /^ {2}emits (\w+)/.exec(what)?.[1] as keyof typeof statusOf | 'error' | undefined;
      if (emitted && emitted !== 'error') {
        expect(current.get(device)?.split('.')[0], `${device} emits ${emitted}`).toBe(statusOf[emitted]);
      }
    }
  });

  it('asks getUserSig to log in and after expiry, while "log in again" reuses the UserSig it holds', () => {
    expect(run.userSigRequests('Device A')).toEqual(['alice, login', 'alice, expired']);
    expect(run.userSigRequests('Device B')).toEqual(['alice, login', 'bob, login', 'bob, expired']);
  });

  it('never prints a UserSig', () => {
    expect(userSigs).toHaveLength(5);
    const text = run.output.join('\n');
    for (const userSig of userSigs) expect(text).not.toContain(userSig);
  });

  it('stamps every device line with the time since the start, in order', () => {
    const seconds = run.told.map((entry) => entry.seconds);
    expect(seconds.length).toBeGreaterThan(40);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    expect(run.output.every((line) => line === '' || !line.startsWith('+') || LINE.test(line))).toBe(true);
  });

  it('numbers its nine steps and ends with both sessions stopped and none left on the server', () => {
    expect(run.output.filter((line) => line.startsWith('\n── ')).map((line) => line.slice(4, 6))).toEqual([
      '1.',
      '2.',
      '3.',
      '4.',
      '5.',
      '6.',
      '7.',
      '8.',
      '9.',
    ]);
    expect(run.output.at(-1)).toBe('\nDone: sessions stopped, 0 left on the server.');
    expect(server.sessions()).toEqual([]);
  });
});

it('names the device, the state it waited for and its path when a step takes too long', async () => {
  // The service answers initSDK after 50 ms, but the step allows only 5.
  await expect(walkthrough({ latencyMs: 50, stepTimeoutMs: 5 })).rejects.toThrow(
    'Device A did not reach loggedOut.idle within 5 ms (path: init.initializing)',
  );
});

it('the start script prints the walkthrough and exits by itself with code 0', () => {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const [command, ...args] = String(scripts.start).split(' ');
  expect(command).toBe('node');

  // A timer left behind would keep the process alive until the timeout kills it.
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });

  expect(result.stderr).toBe('');
  expect(result.signal).toBeNull();
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Device A  online → kicked.resting');
  expect(result.stdout).toContain('Device A  connecting.offline → connecting.reconnecting');
  expect(result.stdout.trimEnd().endsWith('Done: sessions stopped, 0 left on the server.')).toBe(true);
}, 30_000);
