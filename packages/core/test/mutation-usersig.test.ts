import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mintUserSig, onlineSession, settle, stopAllSessions } from './fake-sdk';

beforeEach(() => {
  // Whole seconds: a TLSSigAPIv2 UserSig counts in seconds, so its expiry falls on this clock's milliseconds.
  vi.useFakeTimers({ now: new Date('2031-02-03T04:05:06.000Z') });
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
});

const HOUR = 3_600_000;
const anySignal = expect.any(AbortSignal);

describe('R7 each refresh attempt asks the provider once', () => {
  it('after a refresh login fails transiently, the next attempt asks getUserSig again', async () => {
    const getUserSig = vi.fn().mockResolvedValueOnce('sig-alice-2').mockResolvedValueOnce('sig-alice-3');
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push({ code: 2801, desc: 'network unreachable' });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(2);
    expect(getUserSig).toHaveBeenNthCalledWith(2, 'alice', { reason: 'expired', signal: anySignal });
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2', 'sig-alice-3']);
    expect(h.status()).toBe('online');
  });
});

describe('R6 RELOGIN without getUserSig, holding only an expired UserSig', () => {
  it('goes to sigExpired without calling sdk.login, and logs in on LOGIN with a new UserSig', async () => {
    const expiring = mintUserSig('alice', 60);
    const h = await onlineSession({}, { userSig: expiring });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    vi.setSystemTime(Date.now() + 61_000);
    h.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('sigExpired.waiting');
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual([expiring, 'sig-alice-2']);
  });
});

describe('R6 RELOGIN at the edge of the decoded expiry', () => {
  // The service refuses a UserSig from the second its `TLS.time + TLS.expire` is reached (70001).
  async function kickedHolding(expireSeconds: number) {
    const userSig = mintUserSig('alice', expireSeconds);
    const getUserSig = vi.fn(async () => 'sig-fresh');
    const h = await onlineSession({ getUserSig }, { userSig });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    const expiresAt = h.context().sigExpiresAt as number;
    return { h, userSig, getUserSig, expiresAt };
  }

  it('one millisecond before the expiry, RELOGIN reuses the held UserSig', async () => {
    const { h, userSig, getUserSig, expiresAt } = await kickedHolding(60);
    vi.setSystemTime(expiresAt - 1);
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(getUserSig).not.toHaveBeenCalled();
    expect(h.fake.loginSigs).toEqual([userSig, userSig]);
  });

  it('at the expiry instant, RELOGIN asks getUserSig (reason "relogin") instead', async () => {
    const { h, userSig, getUserSig, expiresAt } = await kickedHolding(60);
    vi.setSystemTime(expiresAt);
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'relogin', signal: anySignal });
    expect(h.fake.loginSigs).toEqual([userSig, 'sig-fresh']);
    expect(h.status()).toBe('online');
  });
});
