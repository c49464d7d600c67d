import type { LogEntry } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, createHarness, settle, stopAllSessions } from './fake-sdk';

// The entries the session logs are listed in docs/core.md ("Logging"); apps filter and alert on them.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
});

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };

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
    h.fake.script.login.push({ code: 2801, desc: 'network unreachable' });
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
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
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
