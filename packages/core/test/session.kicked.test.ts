import type { KickReason } from '@imstate/core';
import { result } from '@imstate/test-support/scripted-sdk';
import { mintUserSig } from '@imstate/test-support/user-sig';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const anySignal = expect.any(AbortSignal);

describe('R6 kicked', () => {
  it.each(['multipleDevice', 'multipleAccount', 'restApi', 'unknown'] as const)(
    'a kick (%s) while online → kicked, with kickReason and a kicked event',
    async (reason) => {
      const { fake, status, context, emittedOf } = await onlineSession();
      fake.listener.onKickedOffline(reason);
      expect(status()).toBe('kicked');
      expect(context().kickReason).toBe(reason);
      expect(emittedOf('kicked')).toEqual([{ type: 'kicked', reason }]);
    },
  );

  it('a kick while reconnecting → kicked', async () => {
    const { fake, status, context, emittedOf } = await onlineSession();
    fake.listener.onConnecting();
    fake.listener.onKickedOffline('multipleAccount');
    expect(status()).toBe('kicked');
    expect(context().kickReason).toBe('multipleAccount');
    expect(emittedOf('kicked')).toHaveLength(1);
  });

  it('a kick while offline → kicked', async () => {
    const { fake, status } = await onlineSession();
    fake.listener.onConnectFailed(2801, 'down');
    fake.listener.onKickedOffline('restApi');
    expect(status()).toBe('kicked');
  });

  it('a kick without a (known) reason is reported as "unknown"', async () => {
    const { fake, context, emittedOf } = await onlineSession();
    fake.listener.onKickedOffline();
    expect(context().kickReason).toBe('unknown');
    expect(emittedOf('kicked')).toEqual([{ type: 'kicked', reason: 'unknown' }]);
    const other = await onlineSession();
    other.fake.listener.onKickedOffline('somethingElse' as KickReason);
    expect(other.context().kickReason).toBe('unknown');
  });

  it('a kicked session does not log in by itself', async () => {
    const getUserSig = vi.fn(async () => 'sig-new');
    const { fake, status } = await onlineSession({ getUserSig });
    fake.listener.onKickedOffline('multipleDevice');
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    fake.listener.onConnecting();
    fake.listener.onConnectSuccess();
    fake.listener.onConnectFailed(2801, 'down');
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(status()).toBe('kicked');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(getUserSig).not.toHaveBeenCalled();
  });

  it('RELOGIN logs in again as the same user with the last UserSig → online', async () => {
    const getUserSig = vi.fn(async () => 'sig-new');
    const { fake, status, session, context, emittedOf } = await onlineSession({ getUserSig });
    fake.listener.onKickedOffline('multipleDevice');
    session.send({ type: 'RELOGIN' });
    expect(status()).toBe('connecting');
    await settle();
    expect(status()).toBe('online');
    expect(fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(getUserSig).not.toHaveBeenCalled();
    expect(context().userID).toBe('alice');
    expect(emittedOf('online')).toHaveLength(2);
  });

  it('RELOGIN reuses a UserSig that came from getUserSig', async () => {
    const getUserSig = vi.fn(async () => 'sig-from-provider');
    const { fake, session, status } = await onlineSession({ getUserSig }, { userSig: '' });
    fake.listener.onKickedOffline('multipleDevice');
    session.send({ type: 'RELOGIN' });
    await settle();
    expect(status()).toBe('online');
    expect(getUserSig).toHaveBeenCalledTimes(1);
    expect(fake.loginSigs).toEqual(['sig-from-provider', 'sig-from-provider']);
  });

  it('RELOGIN asks getUserSig (reason "relogin") when the last UserSig is past its decoded expiry', async () => {
    const expiring = mintUserSig('alice', 60);
    const getUserSig = vi.fn(async () => 'sig-fresh');
    const h = await onlineSession({ getUserSig }, { userSig: expiring });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    vi.setSystemTime(Date.now() + 61_000);
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'relogin', signal: anySignal });
    expect(h.fake.loginSigs).toEqual([expiring, 'sig-fresh']);
    expect(h.status()).toBe('online');
  });

  it('RELOGIN without getUserSig never logs in with a UserSig past its decoded expiry', async () => {
    const expiring = mintUserSig('alice', 60);
    const h = await onlineSession({}, { userSig: expiring });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    vi.setSystemTime(Date.now() + 61_000);
    h.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.loginSigs).toEqual([expiring]);
    expect(h.status()).not.toBe('online');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.loginSigs).toEqual([expiring, 'sig-alice-2']);
  });

  it('RELOGIN reuses a decodable UserSig that has not expired yet', async () => {
    const valid = mintUserSig('alice', 3600);
    const getUserSig = vi.fn(async () => 'sig-fresh');
    const h = await onlineSession({ getUserSig }, { userSig: valid });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(getUserSig).not.toHaveBeenCalled();
    expect(h.fake.loginSigs).toEqual([valid, valid]);
  });

  it('RELOGIN asks getUserSig (reason "relogin") when the server said the last UserSig expired', async () => {
    // The server answers 70001 for sig-old; the provider only hands out that same UserSig, so the refresh
    // gives up. The app then logs in with sig-old itself (the server lets it in), and is kicked.
    const getUserSig = vi.fn(async () => 'sig-old');
    const h = await loggedOutSession({ getUserSig, sigRetry: { maxAttempts: 1 } });
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('sigExpired');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await settle();
    expect(h.status()).toBe('online');
    h.fake.listener.onKickedOffline('multipleDevice');
    getUserSig.mockResolvedValue('sig-fresh');
    getUserSig.mockClear();
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'relogin', signal: anySignal });
    expect(h.fake.loginSigs.at(-1)).toBe('sig-fresh');
    expect(h.status()).toBe('online');
  });

  it('LOGIN in kicked logs in like a fresh login, as any user', async () => {
    const { fake, session, status, context } = await onlineSession();
    fake.listener.onKickedOffline('multipleDevice');
    session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    expect(status()).toBe('online');
    expect(context().userID).toBe('bob');
    expect(fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
  });

  it('LOGOUT in kicked → loggedOut, calls sdk.logout and clears the kick reason', async () => {
    const { fake, session, status, context, emittedOf } = await onlineSession();
    fake.listener.onKickedOffline('multipleDevice');
    session.send({ type: 'LOGOUT' });
    await settle();
    expect(status()).toBe('loggedOut');
    expect(fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(context().kickReason).toBeUndefined();
    expect(emittedOf('loggedOut')).toHaveLength(1);
  });

  it('a RELOGIN that fails for good ends in loggedOut, not in a loop', async () => {
    const { fake, session, status } = await onlineSession();
    fake.listener.onKickedOffline('multipleDevice');
    fake.script.login.push(result(70009, 'bad signature'));
    session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(status()).toBe('loggedOut');
    expect(fake.sdk.login).toHaveBeenCalledTimes(2);
  });

  it('RELOGIN while online or loggedOut makes no SDK call', async () => {
    const { fake, session, status } = await onlineSession();
    session.send({ type: 'RELOGIN' });
    await settle();
    expect(status()).toBe('online');
    const idle = await loggedOutSession();
    idle.session.send({ type: 'RELOGIN' });
    await settle();
    expect(idle.status()).toBe('loggedOut');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(idle.fake.sdk.login).not.toHaveBeenCalled();
  });
});

describe('R6 RELOGIN without getUserSig, holding only an expired UserSig', () => {
  // Whole seconds: a TLSSigAPIv2 UserSig counts in seconds, so its expiry falls on this clock's milliseconds.
  beforeEach(() => {
    vi.setSystemTime(new Date('2031-02-03T04:05:06.000Z'));
  });
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
  // Whole seconds: a TLSSigAPIv2 UserSig counts in seconds, so its expiry falls on this clock's milliseconds.
  beforeEach(() => {
    vi.setSystemTime(new Date('2031-02-03T04:05:06.000Z'));
  });
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
