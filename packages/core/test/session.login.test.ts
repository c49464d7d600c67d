import { selectStatus } from '@imstate/core';
import { result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const anySignal = expect.any(AbortSignal);

describe('R3 LOGIN validation', () => {
  it.each([
    ['empty', ''],
    ['33 bytes long', 'a'.repeat(33)],
    ['with a space', 'a b'],
    ['with an @', 'alice@example'],
    ['with a dot', 'alice.smith'],
    ['with a slash', 'a/b'],
    ['with a newline', 'alice\n'],
    ['with an accented letter', 'josé'],
    ['in Chinese', '用户'],
    ['with a full-width letter', 'ａlice'],
    ['not a string', 42],
  ])('a userID %s stays loggedOut with INVALID_USER_ID and no sdk.login', async (_, userID) => {
    const { fake, status, context, session, emittedOf } = await loggedOutSession();
    session.send({ type: 'LOGIN', userID: userID as string, userSig: 'sig-x' });
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toMatchObject({ code: 'INVALID_USER_ID', source: 'validation' });
    expect(emittedOf('error')).toHaveLength(1);
    expect(emittedOf('loggedOut')).toHaveLength(0);
    expect(fake.sdk.login).not.toHaveBeenCalled();
  });

  it('accepts a 32-byte userID of letters, digits, "_" and "-"', async () => {
    const { fake, status, session } = await loggedOutSession();
    const userID = `Ab-_09${'z'.repeat(26)}`;
    session.send({ type: 'LOGIN', userID, userSig: 'sig-x' });
    await settle();
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID, userSig: 'sig-x' });
    expect(status()).toBe('online');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('a %s UserSig without getUserSig stays loggedOut with INVALID_USER_SIG', async (_, userSig) => {
    const { fake, status, context, session, emittedOf } = await loggedOutSession();
    const seen: string[] = [];
    session.subscribe((snapshot) => seen.push(selectStatus(snapshot)));
    session.send({ type: 'LOGIN', userID: 'alice', ...(userSig === undefined ? {} : { userSig }) });
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toMatchObject({ code: 'INVALID_USER_SIG', source: 'validation' });
    expect(fake.sdk.login).not.toHaveBeenCalled();
    // Refused before it started: no attempt, no pass through connecting, no second loggedOut.
    expect(context().attempt).toBe(0);
    expect(seen).not.toContain('connecting');
    expect(emittedOf('loggedOut')).toHaveLength(0);
  });

  it('a session that rejected a LOGIN still logs in with a valid one', async () => {
    const { fake, status, context, session } = await loggedOutSession();
    session.send({ type: 'LOGIN', userID: 'not valid', userSig: 'sig-x' });
    session.send({ type: 'LOGIN', userID: 'alice' });
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(status()).toBe('online');
    expect(context()).toMatchObject({ userID: 'alice', error: undefined });
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});

describe('R4 login', () => {
  it('LOGIN with a UserSig goes connecting, calls sdk.login once with it, and goes online', async () => {
    const { fake, status, context, session, emittedOf } = await loggedOutSession();
    fake.script.login.push('hold');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(status()).toBe('connecting');
    expect(emittedOf('online')).toHaveLength(0);
    fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(status()).toBe('online');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(context().userID).toBe('alice');
    expect(emittedOf('online')).toEqual([{ type: 'online' }]);
  });

  it('LOGIN without a UserSig asks getUserSig(userID, { reason: "login" }) and logs in with its answer', async () => {
    const getUserSig = vi.fn(async () => 'sig-from-server');
    const { fake, status, session } = await loggedOutSession({ getUserSig });
    session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(getUserSig).toHaveBeenCalledTimes(1);
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'login', signal: anySignal });
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-from-server' });
    expect(status()).toBe('online');
  });

  it('LOGIN with a blank UserSig asks getUserSig instead of using the blank one', async () => {
    const getUserSig = vi.fn(async () => 'sig-from-server');
    const { fake, session } = await loggedOutSession({ getUserSig });
    session.send({ type: 'LOGIN', userID: 'alice', userSig: '  ' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'login', signal: anySignal });
    expect(fake.loginSigs).toEqual(['sig-from-server']);
  });

  it('LOGIN with a UserSig does not ask getUserSig', async () => {
    const getUserSig = vi.fn(async () => 'sig-from-server');
    const { fake } = await onlineSession({ getUserSig });
    expect(getUserSig).not.toHaveBeenCalled();
    expect(fake.loginSigs).toEqual(['sig-alice-1']);
  });
});

describe('R13 one login', () => {
  it('LOGIN while a login is in flight is ignored', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.context().userID).toBe('alice');
    h.fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.context().userID).toBe('alice');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('LOGIN while waiting to retry is ignored', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 1000 } });
    h.fake.script.login.push(result(2801, 'timeout'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login.mock.calls.map(([p]) => p.userID)).toEqual(['alice', 'alice']);
    expect(h.context().userID).toBe('alice');
  });

  it('LOGIN while reconnecting is ignored', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnecting();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.context().userID).toBe('alice');
  });

  it('LOGIN with the current userID while online makes no SDK call', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-other' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.emittedOf('online')).toHaveLength(1);
  });

  it('LOGIN with another userID while online logs out, then logs in as the new user', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    h.fake.script.logout.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logouts[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
    const [logoutOrder] = h.fake.sdk.logout.mock.invocationCallOrder;
    expect(h.fake.sdk.login.mock.invocationCallOrder[1]).toBeGreaterThan(logoutOrder ?? Infinity);
    expect(h.status()).toBe('online');
    expect(h.context().userID).toBe('bob');
    expect(h.context().selfInfo).toBeUndefined();
  });

  it('LOGIN with an invalid other userID while online stays online as the current user', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGIN', userID: 'bad id', userSig: 'sig-x' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.context().userID).toBe('alice');
    expect(h.context().error).toMatchObject({ code: 'INVALID_USER_ID' });
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});

describe('R11 timeout', () => {
  it('a login that does not settle within loginTimeoutMs fails with source "timeout" and is retried', async () => {
    const h = await loggedOutSession({
      loginTimeoutMs: 5000,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push('never');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(4999);
    expect(h.context().error).toBeUndefined();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.context().error).toMatchObject({ code: 'LOGIN_TIMEOUT', source: 'timeout' });
    expect(h.emittedOf('error')).toHaveLength(1);
    expect(h.status()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(10);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    await settle();
    expect(h.status()).toBe('online');
  });

  it('times a login out after 15 s by default', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push('never');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(h.status()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'LOGIN_TIMEOUT', source: 'timeout' });
  });

  it('logins that time out every time end in loggedOut with LOGIN_TIMEOUT after retry.maxAttempts', async () => {
    const h = await loggedOutSession({
      loginTimeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push('never', 'never', 'never', 'never');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'LOGIN_TIMEOUT', source: 'timeout' });
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
  });

  it('a getUserSig that does not answer within loginTimeoutMs fails the login attempt', async () => {
    const getUserSig = vi.fn(() => new Promise<string>(() => {}));
    const h = await loggedOutSession({ getUserSig, loginTimeoutMs: 1000, retry: { maxAttempts: 2 } });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_PROVIDER_FAILED', source: 'provider' });
    expect(getUserSig.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
