import type { LogEntry, LogLevel } from '@imstate/core';
import { result } from '@imstate/test-support/scripted-sdk';
import { APP_ID } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, loggedOutSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };

describe('R17 logging', () => {
  /** Runs a session through init, a failed login, a login, a refresh and a logout, collecting its log. */
  async function logOf(logLevel?: LogLevel): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    const h = await loggedOutSession({
      logger: (entry) => entries.push(entry),
      ...(logLevel && { logLevel }),
      getUserSig: async () => 'sig-alice-2',
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push(result(2801, 'timeout'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(100);
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.script.logout.push(result(6014, 'failed'));
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'bad id', userSig: 'x' });
    return entries;
  }

  const order = ['debug', 'info', 'warn', 'error'] as const;

  it('DEBUG delivers debug, info and warn entries of a busy session', async () => {
    const levels = new Set((await logOf('debug')).map((entry) => entry.level));
    expect(levels).toEqual(new Set(['debug', 'info', 'warn']));
  });

  it.each(['info', 'warn', 'error'] as const)('%s delivers only entries at or above it', async (level) => {
    const all = await logOf('debug');
    const entries = await logOf(level);
    const allowed = order.slice(order.indexOf(level));
    expect(entries.every((entry) => allowed.includes(entry.level))).toBe(true);
    expect(entries).toEqual(all.filter((entry) => allowed.includes(entry.level)));
  });

  it('NONE delivers nothing', async () => {
    expect(await logOf('none')).toEqual([]);
  });

  it('filters at "warn" when no log level is given', async () => {
    const entries = await logOf();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.level === 'warn' || entry.level === 'error')).toBe(true);
  });

  /** A session whose logger hears only `error` entries. */
  async function errorLog(options: Parameters<typeof loggedOutSession>[0] = {}) {
    const entries: LogEntry[] = [];
    const h = await loggedOutSession({
      logLevel: 'error',
      logger: (entry) => entries.push(entry),
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
      sigRetry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      ...options,
    });
    return { ...h, entries };
  }

  it('logs at "error" when the retries are used up, and only then', async () => {
    const h = await errorLog();
    h.fake.script.login.push(...Array.from({ length: 3 }, () => result(2801, 'network unreachable')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.substate()).toBe('connecting.retrying');
    expect(h.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('loggedOut');
    expect(h.entries).toEqual([
      { level: 'error', message: 'network unreachable', data: { code: 2801, source: 'sdk' } },
    ]);
  });

  it('logs at "error" when a login is refused for good', async () => {
    const h = await errorLog();
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.entries).toEqual([
      { level: 'error', message: 'bad signature', data: { code: 70009, source: 'sdk' } },
    ]);
  });

  it('logs at "error" when a refresh episode is used up, and not for each failed attempt', async () => {
    const h = await errorLog({
      getUserSig: async () => {
        throw new Error('UserSig service down');
      },
    });
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('sigExpired.waiting');
    expect(h.entries).toEqual([
      {
        level: 'error',
        message: expect.stringContaining('UserSig service down'),
        data: { code: 'USER_SIG_REFRESH_FAILED', source: 'provider' },
      },
    ]);
  });

  it('log entries have a level, a message and optional data', async () => {
    for (const entry of await logOf('debug')) {
      expect(order).toContain(entry.level);
      expect(typeof entry.message).toBe('string');
      expect(Object.keys(entry).every((key) => ['level', 'message', 'data'].includes(key))).toBe(true);
    }
  });
});

describe('the logger', () => {
  it('at "debug" hears initSDK, getUserSig, each login, its failure and error, its success and logout, as documented', async () => {
    const entries: LogEntry[] = [];
    const getUserSig = vi.fn(async () => 'sig-from-provider');
    const h = createHarness({
      logLevel: 'debug',
      logger: (entry) => entries.push(entry),
      getUserSig,
      retry: fastRetry,
    });
    await settle();
    h.fake.script.login.push(result(2801, 'network unreachable'));
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    await vi.advanceTimersByTimeAsync(10);
    await settle();
    expect(h.status()).toBe('online');
    h.session.send({ type: 'LOGOUT' });
    await settle();

    expect(entries).toStrictEqual([
      { level: 'debug', message: 'initSDK', data: { sdkAppID: APP_ID, logLevel: 'debug' } },
      { level: 'debug', message: 'getUserSig', data: { userID: 'alice', reason: 'login' } },
      { level: 'info', message: 'login', data: { userID: 'alice', reason: 'login' } },
      { level: 'warn', message: 'login failed', data: { userID: 'alice', code: 2801 } },
      { level: 'warn', message: 'network unreachable', data: { code: 2801, source: 'sdk' } },
      // The retry uses the UserSig the provider gave: it is held, not asked for again.
      { level: 'info', message: 'login', data: { userID: 'alice', reason: 'login' } },
      { level: 'info', message: 'login succeeded', data: { userID: 'alice' } },
      { level: 'info', message: 'logout' },
    ]);
  });

  it('at the default "warn" hears a failed login and the error it gives up with, and nothing routine', async () => {
    const entries: LogEntry[] = [];
    const h = createHarness({ logger: (entry) => entries.push(entry) });
    await settle();
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(entries).toStrictEqual([
      { level: 'warn', message: 'login failed', data: { userID: 'alice', code: 70009 } },
      // Refused for good: the session gives up, so the error is logged at "error".
      { level: 'error', message: 'bad signature', data: { code: 70009, source: 'sdk' } },
    ]);
  });

  it('hears each error the session records, also one that never reached the SDK', async () => {
    const entries: LogEntry[] = [];
    const h = createHarness({ logger: (entry) => entries.push(entry) });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'not a valid id!', userSig: 'sig' });
    expect(entries).toStrictEqual([
      {
        level: 'warn',
        message: h.context().error?.message,
        data: { code: 'INVALID_USER_ID', source: 'validation' },
      },
    ]);
  });
});
