import type { LogEntry, LogLevel } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeSdk,
  createHarness,
  type Harness,
  loggedOutSession,
  onlineSession,
  settle,
  stopAllSessions,
} from './fake-sdk';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
});

const HOUR = 3_600_000;
const ok = { code: 0, desc: 'ok' };

/** The session is alive and well: XState did not stop it with an error. */
function expectHealthy(h: Harness) {
  expect(h.session.getSnapshot().status).toBe('active');
  expect(h.session.getSnapshot().error).toBeUndefined();
}

describe('R9 logout races login', () => {
  it('LOGOUT while a login is in flight → loggedOut at once', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    expect(h.status()).toBe('loggedOut');
    expect(h.context().userID).toBeUndefined();
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
  });

  it('if that login succeeds later, sdk.logout is called and the session stays loggedOut', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.emittedOf('online')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
  });

  it('if that login fails later, sdk.logout is not called and no error shows up', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve({ code: 2801, desc: 'timeout' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toBeUndefined();
  });

  it('a UserSig that arrives from getUserSig after LOGOUT is not used to log in', async () => {
    let resolveSig!: (sig: string) => void;
    const signals: AbortSignal[] = [];
    const getUserSig = vi.fn((_: string, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      return new Promise<string>((resolve) => {
        resolveSig = resolve;
      });
    });
    const h = await loggedOutSession({ getUserSig });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    h.session.send({ type: 'LOGOUT' });
    expect(signals[0]?.aborted).toBe(true);
    resolveSig('sig-late');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expect(h.status()).toBe('loggedOut');
  });

  it('a refresh login that succeeds after LOGOUT is logged out too', async () => {
    const h = await onlineSession({ getUserSig: async () => 'sig-alice-2' });
    h.fake.script.login.push('pending');
    h.fake.listener.onUserSigExpired();
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
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

describe('R12 no escapes', () => {
  it('a login that throws synchronously is a transient failure, not an exception', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push({ throws: new Error('Params validate failed.') });
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
    h.fake.script.login.push({ rejects: reason });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
    expectHealthy(h);
  });

  it('a login rejected with an error carrying a numeric code keeps that code', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ rejects: Object.assign(new Error('busy'), { code: 2025 }) });
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
    for (const answer of [{ throws: new Error('x') }, { rejects: undefined }] as const) {
      const h = await onlineSession();
      h.fake.script.logout.push(answer);
      expect(() => h.session.send({ type: 'LOGOUT' })).not.toThrow();
      await settle();
      expect(h.status()).toBe('loggedOut');
      expectHealthy(h);
    }
  });

  it('unInitSDK that throws or rejects does not throw out of stop()', async () => {
    const throwing = createFakeSdk();
    throwing.sdk.unInitSDK.mockImplementation(() => {
      throw new Error('x');
    });
    const rejecting = createFakeSdk();
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
    h.fake.script.login.push('pending', 'pending');
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
    h.fake.script.login.push('pending', 'pending');
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
    h.fake.script.login.push({ code: 2801, desc: 'timeout' });
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
    h.fake.script.login.push(
      { throws: new Error('a') },
      { rejects: 'b' },
      'never',
      { code: 999, desc: 'c' },
      { throws: undefined },
    );
    h.fake.script.logout.push({ throws: new Error('d') });
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

  it('LOGOUT then LOGIN waits for sdk.logout to settle before sdk.login', async () => {
    const h = await onlineSession();
    h.fake.script.logout.push('pending');
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.status()).toBe('connecting');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    h.fake.logouts[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'bob', userSig: 'sig-bob' });
    expect(h.status()).toBe('online');
    expect(h.fake.overlaps).toEqual([]);
  });

  it('a failing logout also lets the waiting login go ahead', async () => {
    const h = await onlineSession();
    h.fake.script.logout.push('pending');
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    await settle();
    h.fake.logouts[0]?.reject(new Error('logout failed'));
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.overlaps).toEqual([]);
  });

  it('LOGIN, LOGOUT, LOGIN: the second login waits for the first (and its clean-up logout)', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
    h.fake.script.logout.push('pending');
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
    h.fake.script.login.push('pending');
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
    h.fake.script.logout.push('pending');
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
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await settle();
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.logins[0]?.resolve({ code: 70001, desc: 'expired' });
    await settle();
    expect(h.fake.overlaps).toEqual([]);
  });
});

describe('R15 stop', () => {
  it('calls unInitSDK once, also when stopped twice', async () => {
    const h = await onlineSession();
    h.session.stop();
    h.session.stop();
    await settle();
    expect(h.fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('calls unInitSDK when initSDK was called but failed or is still running', async () => {
    for (const init of [{ code: 6013, desc: 'x' }, 'pending'] as const) {
      const h = createHarness({ fake: createFakeSdk({ init: [init] }) });
      await settle();
      h.session.stop();
      await settle();
      expect(h.fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
    }
  });

  it('does not call unInitSDK when initSDK was never called (invalid SDKAppID)', async () => {
    const h = createHarness({ sdkAppID: 0 });
    await settle();
    h.session.stop();
    await settle();
    expect(h.fake.sdk.initSDK).not.toHaveBeenCalled();
    expect(h.fake.sdk.unInitSDK).not.toHaveBeenCalled();
  });

  it('does not call unInitSDK for a session that was never started', async () => {
    const h = createHarness({ start: false });
    h.session.stop();
    await settle();
    expect(h.fake.sdk.unInitSDK).not.toHaveBeenCalled();
  });

  const withTimers: [string, () => Promise<Harness>][] = [
    [
      'waiting to retry a login',
      async () => {
        const h = await loggedOutSession({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
        vi.spyOn(Math, 'random').mockReturnValue(0.5);
        h.fake.script.login.push({ code: 2801, desc: 'timeout' });
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for a login to answer',
      async () => {
        const h = await loggedOutSession();
        h.fake.script.login.push('pending');
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for getUserSig',
      async () => {
        const h = await loggedOutSession({ getUserSig: () => new Promise<string>(() => {}) });
        h.session.send({ type: 'LOGIN', userID: 'alice' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for an earlier logout before logging in',
      async () => {
        const h = await onlineSession();
        h.fake.script.logout.push('pending');
        h.session.send({ type: 'LOGOUT' });
        h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
        await settle();
        return h;
      },
    ],
    [
      'backing off between UserSig refreshes',
      async () => {
        const h = await onlineSession({
          getUserSig: async () => '',
          sigRetry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
        });
        vi.spyOn(Math, 'random').mockReturnValue(0.5);
        h.fake.listener.onUserSigExpired();
        await settle();
        return h;
      },
    ],
  ];

  it.each(withTimers)('stop() while %s clears every timer', async (_, make) => {
    const h = await make();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    h.session.stop();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(withTimers)('nothing reaches the SDK after stop() while %s', async (_, make) => {
    const h = await make();
    h.session.stop();
    const logins = h.fake.sdk.login.mock.calls.length;
    const logouts = h.fake.sdk.logout.mock.calls.length;
    for (const handle of [...h.fake.logins, ...h.fake.logouts]) handle.resolve(ok);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(logins);
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(logouts);
  });

  it('leaves no timer behind in a session that is online', async () => {
    const h = await onlineSession();
    h.session.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('makes later SDK callbacks harmless no-ops', async () => {
    const h = await onlineSession();
    const { listener } = h.fake;
    h.session.stop();
    const before = h.session.getSnapshot();
    expect(() => {
      listener.onConnecting();
      listener.onConnectFailed(2801, 'down');
      listener.onConnectSuccess();
      listener.onKickedOffline('multipleDevice');
      listener.onUserSigExpired();
      listener.onSelfInfoUpdated({ userID: 'alice' });
    }).not.toThrow();
    await settle();
    expect(h.session.getSnapshot()).toBe(before);
    expect(h.emitted.map((e) => e.type)).toEqual(['online']);
  });

  it('an initSDK that answers after stop() changes nothing', async () => {
    const h = createHarness({ fake: createFakeSdk({ init: ['pending'] }) });
    h.session.stop();
    h.fake.inits[0]?.resolve(ok);
    await settle();
    expect(h.status()).toBe('init');
    expect(h.session.getSnapshot().status).toBe('stopped');
  });
});

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
    h.fake.script.login.push({ code: 2801, desc: 'timeout' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(100);
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.script.logout.push({ code: 6014, desc: 'failed' });
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
    h.fake.script.login.push(
      ...Array.from({ length: 3 }, () => ({ code: 2801, desc: 'network unreachable' })),
    );
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
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
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
    h.fake.script.login.push({ code: 70001, desc: 'expired' });
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
