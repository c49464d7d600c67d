import { result } from '@imstate/test-support/scripted-sdk';
import { beforeEach, describe, expect, it, test, vi } from 'vitest';
import { loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const anySignal = expect.any(AbortSignal);

describe('R7 sig expired', () => {
  const fastSigRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };

  it('onUserSigExpired while online → sigExpired; with getUserSig it refreshes (reason "expired") → online', async () => {
    const getUserSig = vi.fn(async () => 'sig-alice-2');
    const h = await onlineSession({ getUserSig });
    h.fake.script.login.push('hold');
    h.fake.listener.onUserSigExpired();
    expect(h.status()).toBe('sigExpired');
    expect(h.emittedOf('sigExpired')).toEqual([{ type: 'sigExpired' }]);
    await settle();
    expect(h.substate()).toBe('sigExpired.refreshing');
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'expired', signal: anySignal });
    h.fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
    expect(h.emittedOf('online')).toHaveLength(2);
  });

  it('onUserSigExpired while reconnecting → sigExpired', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnecting();
    h.fake.listener.onUserSigExpired();
    expect(h.status()).toBe('sigExpired');
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
  });

  it.each([70001, 6206, 3004])(
    'a login answered %i → sigExpired, then refreshed through getUserSig',
    async (code) => {
      const getUserSig = vi.fn(async () => 'sig-new');
      const h = await loggedOutSession({ getUserSig });
      h.fake.script.login.push(result(code, 'expired'));
      h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
      await settle();
      expect(h.emittedOf('sigExpired')).toHaveLength(1);
      expect(h.emittedOf('error').map((e) => e.error.code)).toEqual([code]);
      expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'expired', signal: anySignal });
      expect(h.fake.loginSigs).toEqual(['sig-old', 'sig-new']);
      expect(h.status()).toBe('online');
    },
  );

  it('a login answered with an expiry code, rejected, counts as expired too', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push({ reject: Object.assign(new Error('expired'), { code: 70001 }) });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await settle();
    expect(h.status()).toBe('sigExpired');
    expect(h.context().error?.code).toBe(70001);
  });

  it.each([
    ['throws', () => Promise.reject(new Error('auth server down'))],
    [
      'throws synchronously',
      () => {
        throw new Error('auth server down');
      },
    ],
    ['returns an empty string', async () => ''],
    ['returns a blank string', async () => '   '],
    ['returns the UserSig that expired', async () => 'sig-alice-1'],
  ])(
    'a provider that %s uses up sigRetry.maxAttempts, then the session rests with USER_SIG_REFRESH_FAILED',
    async (_, answer) => {
      const getUserSig = vi.fn(answer as () => Promise<string>);
      const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
      h.fake.listener.onUserSigExpired();
      await vi.advanceTimersByTimeAsync(1000);
      expect(getUserSig).toHaveBeenCalledTimes(3);
      expect(h.fake.loginSigs).toEqual(['sig-alice-1']);
      expect(h.status()).toBe('sigExpired');
      expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
      await vi.advanceTimersByTimeAsync(24 * HOUR);
      expect(getUserSig).toHaveBeenCalledTimes(3);
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
      expect(h.emittedOf('sigExpired')).toHaveLength(1);
    },
  );

  it('never logs in again with a UserSig the server answered "expired" for', async () => {
    const getUserSig = vi.fn(async () => 'sig-old');
    const h = await loggedOutSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.fake.loginSigs).toEqual(['sig-old']);
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
  });

  it('never logs in again with a refreshed UserSig the server answered "expired" for', async () => {
    const getUserSig = vi.fn(async () => 'sig-alice-2');
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.script.login.push(result(70001, 'expired'));
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
  });

  it('logs in again with a refreshed UserSig whose login failed for another reason', async () => {
    const getUserSig = vi.fn(async () => 'sig-alice-2');
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.script.login.push(result(2801, 'network unreachable'));
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2', 'sig-alice-2']);
    expect(h.status()).toBe('online');
  });

  it('a server that keeps answering "expired" uses up the attempts; the session rests with its code', async () => {
    let n = 0;
    const getUserSig = vi.fn(async () => `sig-fresh-${++n}`);
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.script.login.push(...Array.from({ length: 10 }, () => result(70001, 'expired')));
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-fresh-1', 'sig-fresh-2', 'sig-fresh-3']);
    expect(h.status()).toBe('sigExpired');
    expect(h.context().error).toMatchObject({ code: 70001, source: 'sdk' });
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
  });

  it('the login that reported the expiry does not count as a refresh attempt', async () => {
    const getUserSig = vi.fn(async () => 'sig-new');
    const h = await loggedOutSession({ getUserSig, sigRetry: { maxAttempts: 1 } });
    h.fake.script.login.push(result(70001, 'expired'), result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.loginSigs).toEqual(['sig-old', 'sig-new']);
    expect(getUserSig).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('sigExpired');
  });

  it('a provider that never answers uses up the attempts too, each one cut at loginTimeoutMs', async () => {
    const signals: AbortSignal[] = [];
    const getUserSig = vi.fn((_: string, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      return new Promise<string>(() => {});
    });
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry, loginTimeoutMs: 1000 });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(999);
    expect(getUserSig).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
  });

  it('spaces refresh attempts with a growing backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 },
    });
    h.fake.listener.onUserSigExpired();
    await settle();
    expect(getUserSig).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(getUserSig).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(getUserSig).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(getUserSig).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(getUserSig).toHaveBeenCalledTimes(3);
  });

  it('RETRY in a resting sigExpired starts a new episode with a full set of attempts', async () => {
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(6);
    expect(getUserSig).toHaveBeenLastCalledWith('alice', { reason: 'expired', signal: anySignal });
    getUserSig.mockResolvedValue('sig-alice-2');
    h.session.send({ type: 'RETRY' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
  });

  it('LOGIN in a resting sigExpired logs in afresh', async () => {
    const getUserSig = vi.fn(async () => '');
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
  });

  it('without getUserSig it rests in sigExpired, ignores RETRY, and logs in on LOGIN with a new UserSig', async () => {
    const h = await onlineSession();
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(h.status()).toBe('sigExpired');
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('sigExpired');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
  });

  it('without getUserSig a login answered 70001 rests in sigExpired with error 70001', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(h.status()).toBe('sigExpired');
    expect(h.context().error).toMatchObject({ code: 70001, source: 'sdk' });
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('a second onUserSigExpired during an episode does not start another one', async () => {
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.listener.onUserSigExpired();
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(5);
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
    expect(getUserSig).toHaveBeenCalledTimes(3);
  });
});

describe('R7 each refresh attempt asks the provider once', () => {
  // Whole seconds: a TLSSigAPIv2 UserSig counts in seconds, so its expiry falls on this clock's milliseconds.
  beforeEach(() => {
    vi.setSystemTime(new Date('2031-02-03T04:05:06.000Z'));
  });
  it('after a refresh login fails transiently, the next attempt asks getUserSig again', async () => {
    const getUserSig = vi.fn().mockResolvedValueOnce('sig-alice-2').mockResolvedValueOnce('sig-alice-3');
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push(result(2801, 'network unreachable'));
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(2);
    expect(getUserSig).toHaveBeenNthCalledWith(2, 'alice', { reason: 'expired', signal: anySignal });
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2', 'sig-alice-3']);
    expect(h.status()).toBe('online');
  });
});

describe('RETRY in a resting sigExpired', () => {
  test('starts a whole new refresh episode: sigRetry.maxAttempts more asks, then rests again', async () => {
    const getUserSig = vi.fn(async (_userID: string, _info: { reason: string }): Promise<string> => {
      throw new Error('auth server down');
    });
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(2);
    expect(h.substate()).toBe('sigExpired.waiting');

    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(4);
    expect(getUserSig.mock.calls.every(([, info]) => (info as { reason: string }).reason === 'expired')).toBe(
      true,
    );
    expect(h.substate()).toBe('sigExpired.waiting');
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  test('a new episode that gets a fresh UserSig goes online', async () => {
    let fail = true;
    const getUserSig = vi.fn(async (): Promise<string> => {
      if (fail) throw new Error('auth server down');
      return 'sig-alice-2';
    });
    const h = await onlineSession({ getUserSig, sigRetry: { maxAttempts: 1 } });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('sigExpired.waiting');
    fail = false;
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2']);
  });
});
