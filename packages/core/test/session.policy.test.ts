import { ErrorCode, EXPIRED_SIG_CODES, PERMANENT_LOGIN_CODES } from '@imstate/core';
import { looseResult, result, times } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, classifyLoginFailure } from '../src/session.policy';
import { loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const PERMANENT = [70003, 70009, 70013, 70014, 70016, 70020, 70051, 70107, 2002, 2003];

const TRANSIENT = [2800, 2801, 2805, 2025, 3000, 70050];

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };

const transient = result(2801, 'network unreachable');

describe('R10 transient login failures are retried', () => {
  it.each([...TRANSIENT, 12345, -1])(
    'code %i: sdk.login is called exactly retry.maxAttempts times, then loggedOut with that error',
    async (code) => {
      const h = await loggedOutSession({ retry: fastRetry });
      h.fake.script.login.push(...times(10, result(code, 'failed')));
      h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
      await vi.advanceTimersByTimeAsync(HOUR);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
      expect(h.status()).toBe('loggedOut');
      expect(h.context().error).toMatchObject({ code, source: 'sdk' });
      expect(h.emittedOf('error')).toHaveLength(3);
      expect(h.emittedOf('loggedOut')).toHaveLength(1);
    },
  );

  it.each([
    ['rejections', { reject: new Error('network') }],
    ['synchronous throws', { throw: new Error('boom') }],
  ] as const)('%s are retried the same way', async (_, answer) => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(10, answer));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
  });

  it('every retry uses the same userID and UserSig', async () => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(2, result(2801, 'timeout')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login.mock.calls.map(([params]) => params)).toEqual(
      times(3, { userID: 'alice', userSig: 'sig-alice-1' } as never),
    );
    expect(h.status()).toBe('online');
  });

  it('stays connecting between retries and goes online once one succeeds', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 1000 } });
    h.fake.script.login.push(result(2801, 'timeout'), result(2801, 'timeout'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
    expect(h.context().error).toBeUndefined();
    expect(h.emittedOf('online')).toHaveLength(1);
  });

  it('context.attempt counts the sdk.login calls of the episode', async () => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push('hold', 'hold', 'hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    for (let n = 1; n <= 3; n++) {
      await vi.advanceTimersByTimeAsync(100);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(n);
      expect(h.context().attempt).toBe(n);
      h.fake.logins[n - 1]?.resolve({ code: 2801, desc: 'timeout' });
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(h.status()).toBe('loggedOut');
  });

  it('a new LOGIN after the retries ran out starts a new episode with the attempt count reset', async () => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(3, result(2801, 'timeout')), 'hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(4);
    expect(h.context().attempt).toBe(1);
  });

  it('allows 5 logins per episode by default', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(...times(10, result(2801, 'timeout')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(5);
    expect(h.status()).toBe('loggedOut');
  });

  it('waits a backoff that doubles from baseDelayMs up to maxDelayMs (full jitter at its top)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const h = await loggedOutSession({ retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 3000 } });
    h.fake.script.login.push(...times(10, result(2801, 'timeout')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    // caps: 1000, 2000, 3000 (capped from 4000), 3000 (capped from 8000)
    for (const [n, cap] of [
      [2, 1000],
      [3, 2000],
      [4, 3000],
      [5, 3000],
    ] as const) {
      await vi.advanceTimersByTimeAsync(cap / 2);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(n - 1);
      await vi.advanceTimersByTimeAsync(cap / 2);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(n);
    }
  });

  it('with full jitter a retry may come at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    h.fake.script.login.push(result(2801, 'timeout'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
  });

  it('a failing getUserSig at LOGIN never calls sdk.login with a blank UserSig and does not loop', async () => {
    const getUserSig = vi.fn(async () => '');
    const h = await loggedOutSession({ getUserSig, retry: fastRetry });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expect(getUserSig.mock.calls.length).toBeLessThanOrEqual(3);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_PROVIDER_FAILED', source: 'provider' });
  });
});

describe('R10 permanent login failures are not retried', () => {
  it.each(PERMANENT)('code %i: one sdk.login, then loggedOut with that error', async (code) => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(10, result(code, 'refused')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code, source: 'sdk' });
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
  });

  it('a rejection carrying a permanent code is not retried either', async () => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(3, { reject: Object.assign(new Error('bad sig'), { code: 70009 }) }));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.context().error).toMatchObject({ code: 70009 });
  });

  it('a permanent failure after transient ones stops the retries', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push(result(2801, 'timeout'), result(70013, 'wrong user'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.context().error?.code).toBe(70013);
  });
});

describe('a login code is success only when it is 0; a numeric string is read as its number', () => {
  it.each([
    ['70009', 'loggedOut', 1],
    ['70001', 'sigExpired', 1],
    ['2801', 'loggedOut', 3],
    [' 70013 ', 'loggedOut', 1],
  ] as const)('code %j fails like its number: %s after %i login(s)', async (code, status, logins) => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(10, looseResult(code)));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(logins);
    expect(h.status()).toBe(status);
    expect(h.context().error).toMatchObject({ code: Number(code), source: 'sdk' });
  });

  it.each([['ok'], [''], [null], [Number.NaN], [true], [{}]])(
    'code %o is no success: a transient SDK_EXCEPTION',
    async (code) => {
      const h = await loggedOutSession({ retry: fastRetry });
      h.fake.script.login.push(...times(10, looseResult(code)));
      h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
      await vi.advanceTimersByTimeAsync(HOUR);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
      expect(h.status()).toBe('loggedOut');
      expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
    },
  );

  it("code '0' is a success", async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(looseResult('0'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('online');
  });

  it('a rejection whose code is a numeric string keeps its number', async () => {
    const h = await loggedOutSession({ retry: fastRetry });
    h.fake.script.login.push(...times(3, { reject: { code: '70009', message: 'bad signature' } }));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.context().error).toMatchObject({ code: 70009, message: 'bad signature', source: 'sdk' });
  });
});

describe('sigRetry defaults', () => {
  it('allows 3 refreshes per expiry episode by default', async () => {
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({ getUserSig });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.status()).toBe('sigExpired');
  });
});

describe('classifyLoginFailure', () => {
  it.each([70001, 6206, 3004])('%i means the UserSig expired', (code) => {
    expect(classifyLoginFailure(code)).toBe('expired');
  });
  it.each(PERMANENT)('%i is permanent', (code) => {
    expect(classifyLoginFailure(code)).toBe('permanent');
  });
  it.each([...TRANSIENT, 1, 9999, 'LOGIN_TIMEOUT', 'SDK_EXCEPTION'])('%s is transient', (code) => {
    expect(classifyLoginFailure(code)).toBe('transient');
  });

  it('exports the code lists the contract names', () => {
    expect([...EXPIRED_SIG_CODES].sort()).toEqual([3004, 6206, 70001].sort());
    expect([...PERMANENT_LOGIN_CODES].sort()).toEqual([...PERMANENT].sort());
  });

  it('exports every session error code by name', () => {
    expect(ErrorCode).toEqual({
      INVALID_SDK_APP_ID: 'INVALID_SDK_APP_ID',
      INVALID_USER_ID: 'INVALID_USER_ID',
      INVALID_USER_SIG: 'INVALID_USER_SIG',
      SDK_EXCEPTION: 'SDK_EXCEPTION',
      LOGIN_TIMEOUT: 'LOGIN_TIMEOUT',
      USER_SIG_PROVIDER_FAILED: 'USER_SIG_PROVIDER_FAILED',
      USER_SIG_REFRESH_FAILED: 'USER_SIG_REFRESH_FAILED',
    });
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000 };

  it('picks a delay between 0 and the cap (full jitter)', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(500);
    expect(backoffDelay(policy, 1, () => 0.9999)).toBeLessThan(1000);
  });

  it('doubles the cap with each attempt, up to maxDelayMs', () => {
    const top = (attempt: number) => backoffDelay(policy, attempt, () => 0.9999);
    expect([1, 2, 3, 4, 5].map(top)).toEqual([999, 1999, 3999, 4999, 4999]);
  });

  it('never exceeds maxDelayMs, whatever the attempt', () => {
    for (const attempt of [10, 50, 1000]) {
      expect(backoffDelay(policy, attempt, () => 0.9999)).toBeLessThanOrEqual(5000);
    }
  });
});

describe('a delay longer than a platform timer can run (2^31−1 ms)', () => {
  it('as loginTimeoutMs is capped there, so logins are not timed out at once', async () => {
    const h = await loggedOutSession({ loginTimeoutMs: 1e12 });
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('connecting.loggingIn');
    h.fake.logins[0]!.resolve({ code: 0, desc: 'ok' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('as a retry delay is capped there, so retries do not come back to back', async () => {
    const h = await loggedOutSession({ retry: { baseDelayMs: 1e12, maxDelayMs: 1e12 } });
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    h.fake.script.login.push(transient);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('connecting.retrying');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.context().retryDelayMs).toBe(Math.floor(0.99 * (2 ** 31 - 1)));
  });
});

describe('an out-of-range retry.maxAttempts', () => {
  it.each([0, -3, 0.5])('%s falls back to the default of 5 logins per episode', async (maxAttempts) => {
    const h = await loggedOutSession({ retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push(...Array.from({ length: 10 }, () => transient));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(5);
    expect(h.status()).toBe('loggedOut');
  });
});
