import { getEventListeners } from 'node:events';
import { createScriptedSdk, result, type SdkCall } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { TIMED_OUT, within } from '../src/session.calls';
import { type Harness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const ok = { code: 0, desc: 'ok' };

/** The session is alive and well: XState did not stop it with an error. */
function expectHealthy(h: Harness) {
  expect(h.session.getSnapshot().status).toBe('active');
  expect(h.session.getSnapshot().error).toBeUndefined();
}

describe('R12 no escapes', () => {
  it('a login that throws synchronously is a transient failure, not an exception', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push({ throw: new Error('Params validate failed.') });
    expect(() => h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' })).not.toThrow();
    await settle();
    expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
    await vi.advanceTimersByTimeAsync(100);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.status()).toBe('online');
    expectHealthy(h);
  });

  it.each([
    ['an Error', new Error('network')],
    ['a string', 'network'],
    ['undefined', undefined],
    ['null', null],
    ['an object with a string code', { code: 'E_NET', message: 'network' }],
  ])('a login rejected with %s is a transient SDK_EXCEPTION', async (_, reason) => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ reject: reason });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
    expectHealthy(h);
  });

  it('a login rejected with an error carrying a numeric code keeps that code', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ reject: Object.assign(new Error('busy'), { code: 2025 }) });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toMatchObject({ code: 2025, source: 'sdk' });
  });

  it('a getUserSig that throws synchronously does not throw into the app', async () => {
    const getUserSig = vi.fn((): Promise<string> => {
      throw new Error('no token');
    });
    const h = await loggedOutSession({
      getUserSig,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    expect(() => h.session.send({ type: 'LOGIN', userID: 'alice' })).not.toThrow();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_PROVIDER_FAILED', source: 'provider' });
    expect(h.status()).toBe('loggedOut');
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expectHealthy(h);
  });

  it('a logout that rejects or throws does not throw into the app', async () => {
    for (const answer of [{ throw: new Error('x') }, { reject: undefined }] as const) {
      const h = await onlineSession();
      h.fake.script.logout.push(answer);
      expect(() => h.session.send({ type: 'LOGOUT' })).not.toThrow();
      await settle();
      expect(h.status()).toBe('loggedOut');
      expectHealthy(h);
    }
  });

  it('unInitSDK that throws or rejects does not throw out of stop()', async () => {
    const throwing = createScriptedSdk();
    throwing.sdk.unInitSDK.mockImplementation(() => {
      throw new Error('x');
    });
    const rejecting = createScriptedSdk();
    rejecting.sdk.unInitSDK.mockImplementation(() => Promise.reject(new Error('x')) as never);
    for (const fake of [throwing, rejecting]) {
      const h = await loggedOutSession({ fake });
      expect(() => h.session.stop()).not.toThrow();
      await settle();
      expect(fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
    }
  });

  it('a login that answers after it timed out changes nothing and does not log the new session out', async () => {
    const h = await loggedOutSession({
      loginTimeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push('hold', 'hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(1100);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.fake.logins[1]?.resolve(ok);
    await settle();
    expect(h.status()).toBe('online');
    h.fake.logins[0]?.resolve(ok);
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    h.fake.logins[0]?.resolve({ code: 70009, desc: 'late failure' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.status()).toBe('online');
    expect(h.context().error).toBeUndefined();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
  });

  it('a login that fails after it timed out does not disturb the retry in progress', async () => {
    const h = await loggedOutSession({
      loginTimeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push('hold', 'hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(1100);
    h.fake.logins[0]?.resolve({ code: 70009, desc: 'bad signature' });
    await settle();
    expect(h.status()).toBe('connecting');
    h.fake.logins[1]?.resolve(ok);
    await settle();
    expect(h.status()).toBe('online');
  });

  it('callbacks invoked twice, unbound, or with odd arguments never throw into the SDK', async () => {
    const h = await onlineSession();
    const { onConnecting, onConnectSuccess, onConnectFailed, onKickedOffline, onSelfInfoUpdated } =
      h.fake.listener;
    expect(() => {
      onConnecting();
      onConnecting();
      onConnectFailed(Number.NaN, undefined as unknown as string);
      onConnectSuccess();
      onConnectSuccess();
      onSelfInfoUpdated(undefined as never);
      onSelfInfoUpdated(null as never);
      onKickedOffline('bogus' as never);
      onKickedOffline('multipleDevice');
      h.fake.listener.onUserSigExpired();
    }).not.toThrow();
    expect(h.status()).toBe('kicked');
    expect(h.emittedOf('kicked')).toHaveLength(1);
    expect(h.emittedOf('online')).toHaveLength(2);
    expectHealthy(h);
  });

  it('a callback fired from inside sdk.login does not break the login', async () => {
    const h = await loggedOutSession();
    h.fake.sdk.login.mockImplementationOnce(async () => {
      h.fake.listener.onConnecting();
      h.fake.listener.onConnectSuccess();
      h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
      return ok;
    });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('online');
    expectHealthy(h);
  });

  it('a throwing logger does not break the session', async () => {
    const logger = vi.fn(() => {
      throw new Error('logger broke');
    });
    const h = await loggedOutSession({ logger, logLevel: 'debug', retry: { maxAttempts: 1 } });
    h.fake.script.login.push(result(2801, 'timeout'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(logger).toHaveBeenCalled();
    expect(h.status()).toBe('online');
    expectHealthy(h);
  });

  it('a session never reports an error to its subscribers, whatever the SDK does', async () => {
    const errors: unknown[] = [];
    const h = await loggedOutSession({
      loginTimeoutMs: 100,
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.session.subscribe({ error: (error) => errors.push(error) });
    h.fake.script.login.push({ throw: new Error('a') }, { reject: 'b' }, 'never', result(999, 'c'), {
      throw: undefined,
    });
    h.fake.script.logout.push({ throw: new Error('d') });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    h.session.send({ type: 'RETRY' });
    await settle();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(errors).toEqual([]);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(6);
    expectHealthy(h);
  });
});

describe('R13b serial SDK calls', () => {
  it('a straightforward login → logout → login makes no overlapping calls', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.overlaps).toEqual([]);
  });

  it.each([
    ['succeeds', (logout?: SdkCall) => logout?.resolve(ok)],
    ['fails', (logout?: SdkCall) => logout?.reject(new Error('logout failed'))],
  ])(
    'LOGOUT then LOGIN: sdk.login waits until sdk.logout settles, and goes ahead when it %s',
    async (_, settleLogout) => {
      const h = await onlineSession();
      h.fake.script.logout.push('hold');
      h.session.send({ type: 'LOGOUT' });
      h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.status()).toBe('connecting');
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
      settleLogout(h.fake.logouts[0]);
      await settle();
      expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
      expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
      expect(h.status()).toBe('online');
      expect(h.fake.overlaps).toEqual([]);
    },
  );

  it('LOGIN, LOGOUT, LOGIN: the second login waits for the first (and its clean-up logout)', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.fake.script.logout.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logins[0]?.resolve(ok);
    await settle();
    // The first login succeeded after LOGOUT: it is logged out before bob logs in.
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logouts[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
    expect(h.status()).toBe('online');
    expect(h.context().userID).toBe('bob');
    expect(h.fake.overlaps).toEqual([]);
  });

  it('a RELOGIN right after a kick waits for the login still in flight', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    h.fake.listener.onKickedOffline('multipleDevice');
    expect(h.status()).toBe('kicked');
    h.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logins[0]?.resolve({ code: 2801, desc: 'timeout' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.overlaps).toEqual([]);
  });

  it('switching user while online waits for the logout of the previous user', async () => {
    const h = await onlineSession();
    h.fake.script.logout.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logouts[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.overlaps).toEqual([]);
  });

  it('a logout that never settles is abandoned after loginTimeoutMs, and the login goes ahead', async () => {
    const h = await onlineSession({ loginTimeoutMs: 5000 });
    h.fake.script.logout.push('never');
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(4999);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.overlaps.every((overlap) => overlap.ageMs >= 5000)).toBe(true);
    expect(h.status()).toBe('online');
  });

  it('switching user while online abandons a logout that never settles after loginTimeoutMs', async () => {
    const h = await onlineSession({ loginTimeoutMs: 100 });
    h.fake.script.logout.push('never');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(99);
    expect(h.substate()).toBe('connecting.switchingUser');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
    expect(h.fake.overlaps.every((overlap) => overlap.ageMs >= 100)).toBe(true);
    expect(h.status()).toBe('online');
    expect(h.context().userID).toBe('bob');
  });

  it('a login waiting for an earlier call starts as soon as it settles, past calls already abandoned', async () => {
    const h = await onlineSession({ loginTimeoutMs: 1000 });
    h.fake.script.logout.push('never');
    h.fake.script.login.push('hold');
    // bob's login starts in the very millisecond alice's logout is abandoned, and is still running…
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'carol', userSig: 'sig-carol' });
    await settle();
    expect(h.substate()).toBe('connecting.waitingForEarlierCall');
    // …so carol's login waits for it, and only for it (and the logout of its late success): no timer needed.
    h.fake.logins[0]!.resolve(ok);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'carol', userSig: 'sig-carol' });
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(2);
  });

  it('a retry after a timed-out login starts only once the old call is abandoned', async () => {
    const h = await loggedOutSession({
      loginTimeoutMs: 2000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    });
    h.fake.script.login.push('never', 'never');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(3);
    expect(h.fake.overlaps.length).toBeGreaterThan(0);
    expect(h.fake.overlaps.every((overlap) => overlap.ageMs >= 2000)).toBe(true);
    expect(h.status()).toBe('online');
  });

  it('a refresh after a login the server answered "expired" never overlaps it', async () => {
    const h = await loggedOutSession({ getUserSig: async () => 'sig-new' });
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await settle();
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.logins[0]?.resolve({ code: 70001, desc: 'expired' });
    await settle();
    expect(h.fake.overlaps).toEqual([]);
  });
});

describe('within: waiting on a signal that outlives the wait', () => {
  it('leaves no listener on the signal, however the wait ends', async () => {
    const lifetime = new AbortController();
    await within(Promise.resolve('settled'), 1000, lifetime.signal);
    const timedOut = within(new Promise(() => {}), 1000, lifetime.signal);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await timedOut).toBe(TIMED_OUT);
    expect(getEventListeners(lifetime.signal, 'abort')).toHaveLength(0);
  });

  it('ends the wait when the signal aborts', async () => {
    const lifetime = new AbortController();
    const waiting = within(new Promise(() => {}), 1000, lifetime.signal);
    lifetime.abort();
    expect(await waiting).toBe(TIMED_OUT);
  });
});
