import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { loggedOutSession, onlineSession, stopAllSessions } from './fake-sdk';

const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
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

describe('RETRY where nothing failed', () => {
  test('is ignored in a loggedOut session that never tried to log in, and after a clean logout', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGOUT' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('loggedOut');
    const seen: string[] = [];
    h.session.subscribe((snapshot) => seen.push(JSON.stringify(snapshot.value)));
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('loggedOut.idle');
    expect(seen.every((value) => value.includes('loggedOut'))).toBe(true);
    expect(h.context().error).toBeUndefined();
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  test('after a LOGIN refused by validation does not log in the user of an earlier failed login', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.context().error?.code).toBe(70009);
    h.session.send({ type: 'LOGIN', userID: 'bob!', userSig: 'sig-bob-1' });
    expect(h.context().error?.code).toBe('INVALID_USER_ID');
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('loggedOut.idle');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});
