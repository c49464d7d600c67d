import { type KickReason, type SelfInfo, selectSubstate, sessionMachine } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ID,
  createFakeSdk,
  createHarness,
  type Harness,
  loggedOutSession,
  looseAnswer,
  mintUserSig,
  onlineSession,
  onlineThen,
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
const anySignal = expect.any(AbortSignal);

describe('R1 init', () => {
  it('starts in init and calls initSDK once with the SDKAppID, the log level and a listener', async () => {
    const { fake, status } = createHarness({ logLevel: 'info' });
    expect(status()).toBe('init');
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(fake.sdk.initSDK).toHaveBeenCalledWith({
      sdkAppID: APP_ID,
      logLevel: 'info',
      listener: expect.objectContaining({
        onConnecting: expect.any(Function),
        onConnectSuccess: expect.any(Function),
        onConnectFailed: expect.any(Function),
        onKickedOffline: expect.any(Function),
        onUserSigExpired: expect.any(Function),
        onSelfInfoUpdated: expect.any(Function),
      }),
    });
  });

  it('passes log level "warn" to initSDK when none is given', () => {
    const { fake } = createHarness();
    expect(fake.sdk.initSDK.mock.calls[0]?.[0].logLevel).toBe('warn');
  });

  it('passes sdkLogLevel to initSDK, while logLevel alone filters the logger', async () => {
    const entries: string[] = [];
    const { fake } = createHarness({
      logLevel: 'error',
      sdkLogLevel: 'debug',
      logger: ({ level }) => entries.push(level),
    });
    await settle();
    expect(fake.sdk.initSDK).toHaveBeenCalledWith(expect.objectContaining({ logLevel: 'debug' }));
    expect(entries).toEqual([]);
  });

  it('passes logLevel to initSDK when no sdkLogLevel is given', () => {
    const { fake } = createHarness({ logLevel: 'none' });
    expect(fake.sdk.initSDK.mock.calls[0]?.[0].logLevel).toBe('none');
  });

  it('is loggedOut once initSDK answers code 0, and does not announce that first loggedOut', async () => {
    const { fake, status, emitted } = createHarness();
    await settle();
    expect(status()).toBe('loggedOut');
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(emitted).toEqual([]);
  });

  it('stays in init while initSDK has not answered', async () => {
    const { status } = createHarness({ fake: createFakeSdk({ init: ['pending'] }) });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(status()).toBe('init');
  });

  it.each([
    ['a failure code', { code: 6013, desc: 'SDK not ready' }, 6013],
    ['a failure code written as a string', looseAnswer('6013'), 6013],
    ['a code that is not a number', looseAnswer('ready'), 'SDK_EXCEPTION'],
    ['a rejection with a numeric code', { rejects: Object.assign(new Error('no'), { code: 6017 }) }, 6017],
    ['a rejection with a numeric string code', { rejects: { code: '6017' } }, 6017],
    ['a rejection without a code', new Error('boom'), 'SDK_EXCEPTION'],
    ['a rejection with a non-error value', { rejects: 'nope' }, 'SDK_EXCEPTION'],
    ['a synchronous throw', { throws: new Error('boom') }, 'SDK_EXCEPTION'],
  ] as const)('stays in init with an sdk error when initSDK answers with %s', async (_, answer, code) => {
    const fake = createFakeSdk({ init: [answer] });
    const { status, context, emittedOf, session } = createHarness({ fake });
    await settle();
    expect(status()).toBe('init');
    expect(context().error).toMatchObject({ code, source: 'sdk' });
    expect(emittedOf('error')).toEqual([{ type: 'error', error: context().error }]);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('RETRY after a failed init calls initSDK again and reaches loggedOut', async () => {
    const fake = createFakeSdk({ init: [{ code: 6013, desc: 'SDK not ready' }] });
    const { status, context, session } = createHarness({ fake });
    await settle();
    session.send({ type: 'RETRY' });
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toBeUndefined();
  });

  it('a hung initSDK fails after loginTimeoutMs with source "timeout", and RETRY initialises again', async () => {
    const fake = createFakeSdk({ init: ['never'] });
    const { status, substate, context, emittedOf, session } = createHarness({ fake, loginTimeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect(substate()).toBe('init.initializing');
    await vi.advanceTimersByTimeAsync(1);
    expect(substate()).toBe('init.failed');
    expect(context().error).toMatchObject({ code: 'LOGIN_TIMEOUT', source: 'timeout' });
    expect(emittedOf('error')).toHaveLength(1);
    session.send({ type: 'RETRY' });
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
    await settle();
    expect(status()).toBe('loggedOut');
  });

  it('RETRY while initSDK is still running does not call it again', async () => {
    const fake = createFakeSdk({ init: ['pending'] });
    const { session } = createHarness({ fake });
    session.send({ type: 'RETRY' });
    await settle();
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
  });
});

describe('R2 SDKAppID', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '123', undefined])(
    'an sdkAppID of %s stays in init with INVALID_SDK_APP_ID and never calls initSDK',
    async (sdkAppID) => {
      const { fake, status, context, session, emittedOf } = createHarness({
        sdkAppID: sdkAppID as unknown as number,
      });
      await settle();
      expect(status()).toBe('init');
      expect(context().error).toMatchObject({ code: 'INVALID_SDK_APP_ID', source: 'validation' });
      expect(emittedOf('error')).toHaveLength(1);
      session.send({ type: 'RETRY' });
      await settle();
      expect(status()).toBe('init');
      expect(context().error).toMatchObject({ code: 'INVALID_SDK_APP_ID' });
      expect(fake.sdk.initSDK).not.toHaveBeenCalled();
    },
  );

  it('accepts the largest safe integer', async () => {
    const { fake, status } = createHarness({ sdkAppID: Number.MAX_SAFE_INTEGER });
    await settle();
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(status()).toBe('loggedOut');
  });
});

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
    const { fake, status, context, session } = await loggedOutSession();
    session.send({ type: 'LOGIN', userID: 'alice', ...(userSig === undefined ? {} : { userSig }) });
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toMatchObject({ code: 'INVALID_USER_SIG', source: 'validation' });
    expect(fake.sdk.login).not.toHaveBeenCalled();
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
    fake.script.login.push('pending');
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

describe('R5 reconnect', () => {
  it('onConnecting while online → connecting; onConnectSuccess → online, without sdk.login', async () => {
    const { fake, status, emittedOf } = await onlineSession();
    fake.listener.onConnecting();
    expect(status()).toBe('connecting');
    fake.listener.onConnectSuccess();
    expect(status()).toBe('online');
    expect(emittedOf('online')).toHaveLength(2);
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('onConnectFailed keeps the session connecting (offline) with the SDK code as error', async () => {
    const { fake, status, substate, context, emittedOf } = await onlineSession();
    fake.listener.onConnecting();
    fake.listener.onConnectFailed(2801, 'network down');
    expect(status()).toBe('connecting');
    expect(substate()).toBe('connecting.offline');
    expect(context().error).toMatchObject({ code: 2801, source: 'sdk' });
    expect(emittedOf('error')).toHaveLength(1);
    fake.listener.onConnecting();
    expect(status()).toBe('connecting');
    fake.listener.onConnectSuccess();
    expect(status()).toBe('online');
  });

  it('onConnectFailed with a numeric string code records its number', async () => {
    const { fake, substate, context } = await onlineSession();
    fake.listener.onConnectFailed('2801' as never, 'network down');
    expect(substate()).toBe('connecting.offline');
    expect(context().error).toMatchObject({ code: 2801, source: 'sdk' });
  });

  it('onConnectFailed straight from online → connecting (offline)', async () => {
    const { fake, status, substate, context } = await onlineSession();
    fake.listener.onConnectFailed(2800, 'no network');
    expect(status()).toBe('connecting');
    expect(substate()).toBe('connecting.offline');
    expect(context().error?.code).toBe(2800);
  });

  it('a long outage never calls sdk.login: the SDK reconnects by itself', async () => {
    const { fake, status, context } = await onlineSession();
    fake.listener.onConnecting();
    for (let i = 0; i < 10; i++) {
      fake.listener.onConnectFailed(2801, 'network down');
      await vi.advanceTimersByTimeAsync(HOUR);
      fake.listener.onConnecting();
    }
    expect(status()).toBe('connecting');
    expect(context().userID).toBe('alice');
    fake.listener.onConnectSuccess();
    expect(status()).toBe('online');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});

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
    h.fake.script.login.push({ code: 70001, desc: 'expired' });
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
    fake.script.login.push({ code: 70009, desc: 'bad signature' });
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

describe('R7 sig expired', () => {
  const fastSigRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 };

  it('onUserSigExpired while online → sigExpired; with getUserSig it refreshes (reason "expired") → online', async () => {
    const getUserSig = vi.fn(async () => 'sig-alice-2');
    const h = await onlineSession({ getUserSig });
    h.fake.script.login.push('pending');
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
      h.fake.script.login.push({ code, desc: 'expired' });
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
    h.fake.script.login.push({ rejects: Object.assign(new Error('expired'), { code: 70001 }) });
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
    h.fake.script.login.push({ code: 70001, desc: 'expired' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-old' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.fake.loginSigs).toEqual(['sig-old']);
    expect(h.context().error).toMatchObject({ code: 'USER_SIG_REFRESH_FAILED' });
  });

  it('a server that keeps answering "expired" uses up the attempts; the session rests with its code', async () => {
    let n = 0;
    const getUserSig = vi.fn(async () => `sig-fresh-${++n}`);
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.script.login.push(...Array.from({ length: 10 }, () => ({ code: 70001, desc: 'expired' })));
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
    h.fake.script.login.push({ code: 70001, desc: 'expired' }, { code: 70001, desc: 'expired' });
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
    h.fake.script.login.push({ code: 70001, desc: 'expired' });
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

describe('R8 logout', () => {
  const states: [string, () => Promise<Harness>][] = [
    ['online', () => onlineSession()],
    ['connecting (reconnecting)', onlineThen((h) => h.fake.listener.onConnecting())],
    ['connecting (offline)', onlineThen((h) => h.fake.listener.onConnectFailed(2801, 'down'))],
    ['kicked', onlineThen((h) => h.fake.listener.onKickedOffline('multipleDevice'))],
    ['sigExpired', onlineThen((h) => h.fake.listener.onUserSigExpired())],
  ];

  it.each(states)(
    'LOGOUT from %s calls sdk.logout and ends loggedOut with the user cleared',
    async (_, make) => {
      const h = await make();
      h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
      h.session.send({ type: 'LOGOUT' });
      expect(h.status()).toBe('loggedOut');
      await settle();
      expect(h.status()).toBe('loggedOut');
      expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
      expect(h.context()).toMatchObject({ userID: undefined, selfInfo: undefined, kickReason: undefined });
      expect(h.emittedOf('loggedOut')).toEqual([{ type: 'loggedOut' }]);
    },
  );

  it.each([
    ['a failure code', { code: 6014, desc: 'not logged in' }, 6014],
    ['a failure code written as a string', looseAnswer('6014'), 6014],
    ['a rejection', new Error('boom'), 'SDK_EXCEPTION'],
    ['a synchronous throw', { throws: new Error('boom') }, 'SDK_EXCEPTION'],
  ] as const)(
    'a logout answered with %s still ends loggedOut, with the error recorded',
    async (_, answer, code) => {
      const h = await onlineSession();
      h.fake.script.logout.push(answer);
      h.session.send({ type: 'LOGOUT' });
      await settle();
      expect(h.status()).toBe('loggedOut');
      expect(h.context().error).toMatchObject({ code, source: 'sdk' });
      expect(h.emittedOf('error').map((e) => e.error.code)).toEqual([code]);
      expect(h.emittedOf('loggedOut')).toHaveLength(1);
      expect(h.session.getSnapshot().status).toBe('active');
    },
  );

  it('RETRY after LOGOUT does not log back in, even after a failed logout', async () => {
    const h = await onlineSession();
    h.fake.script.logout.push({ code: 6014, desc: 'failed' });
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(h.context().error?.code).toBe(6014);
    // Not even a login attempt that fails for want of a user: the session never leaves loggedOut.
    const seen: string[] = [];
    h.session.subscribe((snapshot) => seen.push(JSON.stringify(snapshot.value)));
    h.session.send({ type: 'RETRY' });
    h.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(seen.every((value) => value.includes('loggedOut'))).toBe(true);
    expect(h.context().error?.code).toBe(6014);
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('LOGOUT while loggedOut calls nothing and announces nothing', async () => {
    const h = await loggedOutSession();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.emitted).toEqual([]);
  });

  it('announces loggedOut on every entry: each LOGOUT and each login that ends there', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-bad' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(h.emittedOf('loggedOut')).toHaveLength(2);
  });
});

describe('R13 one login', () => {
  it('LOGIN while a login is in flight is ignored', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
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
    h.fake.script.login.push({ code: 2801, desc: 'timeout' });
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
    h.fake.script.logout.push('pending');
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

describe('R14 profile and stray callbacks', () => {
  const alice: SelfInfo = { userID: 'alice', nickName: 'Alice', faceUrl: 'https://example.com/a.png' };

  it('onSelfInfoUpdated while online sets selfInfo and leaves the status alone', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated(alice);
    expect(h.context().selfInfo).toEqual(alice);
    expect(h.status()).toBe('online');
    h.fake.listener.onSelfInfoUpdated({ ...alice, nickName: 'Al' });
    expect(h.context().selfInfo?.nickName).toBe('Al');
    expect(h.emittedOf('online')).toHaveLength(1);
  });

  it('keeps a plain copy of the profile: JSON-safe extras stay, later edits to the original do not reach it', async () => {
    const h = await onlineSession();
    const info = {
      ...alice,
      level: 3,
      vip: true,
      tags: ['a', 'b'],
      custom: { city: 'Shenzhen', note: null },
    };
    h.fake.listener.onSelfInfoUpdated(info);
    expect(h.context().selfInfo).toEqual(info);
    info.tags.push('c');
    info.custom.city = 'Beijing';
    expect(h.context().selfInfo).toMatchObject({ tags: ['a', 'b'], custom: { city: 'Shenzhen' } });
  });

  it.each([
    [
      'a cycle',
      () => {
        const info: SelfInfo = { ...alice, friend: { userID: 'bob' } };
        info.self = info;
        (info.friend as SelfInfo).back = info;
        return info;
      },
    ],
    ['a BigInt', () => ({ ...alice, balance: 10n, nested: { points: 2n } })],
    [
      'a function and a symbol',
      () => ({ ...alice, greet: () => 'hi', [Symbol('s')]: 1, nested: { fn() {} } }),
    ],
    ['a value JSON cannot write', () => ({ ...alice, score: Number.NaN, ratio: Number.POSITIVE_INFINITY })],
  ])(
    'a profile with %s is stored without it: the snapshot and persisted snapshot stay serialisable',
    async (_, make) => {
      const h = await onlineSession();
      h.fake.listener.onSelfInfoUpdated(make() as SelfInfo);
      const { selfInfo } = h.context();
      expect(selfInfo).toMatchObject(alice);
      expect(() => JSON.stringify(h.session.getSnapshot())).not.toThrow();
      expect(() => JSON.stringify(h.session.getPersistedSnapshot())).not.toThrow();
      expect(JSON.parse(JSON.stringify(selfInfo))).toEqual(selfInfo);
    },
  );

  it('values JSON cannot write become null inside arrays, as JSON.stringify writes them', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ ...alice, list: ['x', 1, Number.NaN, () => 1, 2n, undefined] });
    expect(h.context().selfInfo?.list).toEqual(['x', 1, null, null, null, null]);
  });

  it('a profile nested without end, or with a throwing getter, never throws into the SDK', async () => {
    const h = await onlineSession();
    let deep: Record<string, unknown> = { ...alice };
    for (let i = 0; i < 100_000; i++) deep = { ...alice, inner: deep };
    expect(() => h.fake.listener.onSelfInfoUpdated(deep as SelfInfo)).not.toThrow();
    expect(() => JSON.stringify(h.session.getPersistedSnapshot())).not.toThrow();
    const hostile = Object.defineProperty({ ...alice }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => h.fake.listener.onSelfInfoUpdated(hostile)).not.toThrow();
    expect(h.status()).toBe('online');
    expect(h.session.getSnapshot().status).toBe('active');
  });

  it('a profile wide and deep with shared parts is copied at once, not once per path', async () => {
    const h = await onlineSession();
    let shared: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 30; i++)
      shared = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`k${k}`, shared]));
    const started = performance.now();
    h.fake.listener.onSelfInfoUpdated({ ...alice, shared });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(h.context().selfInfo).toMatchObject(alice);
  });

  it('onSelfInfoUpdated while reconnecting sets selfInfo', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnecting();
    h.fake.listener.onSelfInfoUpdated(alice);
    expect(h.context().selfInfo).toEqual(alice);
    expect(h.status()).toBe('connecting');
  });

  const strays: [string, (h: Harness) => void][] = [
    ['onConnecting', (h) => h.fake.listener.onConnecting()],
    ['onConnectSuccess', (h) => h.fake.listener.onConnectSuccess()],
    ['onConnectFailed', (h) => h.fake.listener.onConnectFailed(2801, 'down')],
    ['onKickedOffline', (h) => h.fake.listener.onKickedOffline('multipleDevice')],
    ['onUserSigExpired', (h) => h.fake.listener.onUserSigExpired()],
    ['onSelfInfoUpdated', (h) => h.fake.listener.onSelfInfoUpdated(alice)],
  ];

  it.each(strays)('%s while loggedOut changes nothing', async (_, callback) => {
    const h = await loggedOutSession();
    const before = h.session.getSnapshot();
    callback(h);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe(selectSubstate(before));
    expect(h.context()).toEqual(before.context);
    expect(h.emitted).toEqual([]);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
  });

  it.each(strays)('%s while initSDK is still running changes nothing', async (_, callback) => {
    const h = createHarness({ fake: createFakeSdk({ init: ['pending'] }) });
    const before = h.session.getSnapshot();
    callback(h);
    await settle();
    expect(h.status()).toBe('init');
    expect(h.context()).toEqual(before.context);
    expect(h.emitted).toEqual([]);
  });

  it.each(strays.filter(([name]) => name !== 'onKickedOffline'))(
    '%s while kicked changes nothing',
    async (_, callback) => {
      const h = await onlineSession();
      h.fake.listener.onKickedOffline('multipleDevice');
      const before = h.session.getSnapshot();
      callback(h);
      await settle();
      expect(h.status()).toBe('kicked');
      expect(h.context()).toEqual(before.context);
      expect(h.emitted.map((e) => e.type)).toEqual(['online', 'kicked']);
    },
  );

  it.each(strays.filter(([name]) => name !== 'onUserSigExpired'))(
    '%s while resting in sigExpired changes nothing',
    async (_, callback) => {
      const h = await onlineSession();
      h.fake.listener.onUserSigExpired();
      const before = h.session.getSnapshot();
      callback(h);
      await settle();
      expect(h.substate()).toBe(selectSubstate(before));
      expect(h.context()).toEqual(before.context);
      expect(h.emitted.map((e) => e.type)).toEqual(['online', 'sigExpired']);
    },
  );

  it('onConnectSuccess while online is a no-op (no second online event)', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnectSuccess();
    h.fake.listener.onConnectSuccess();
    expect(h.status()).toBe('online');
    expect(h.emittedOf('online')).toHaveLength(1);
  });

  it('onConnectSuccess while a login is in flight does not put the session online', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.fake.listener.onConnecting();
    h.fake.listener.onConnectSuccess();
    await settle();
    expect(h.status()).toBe('connecting');
    expect(h.emittedOf('online')).toHaveLength(0);
  });
});

describe('R15b RETRY', () => {
  it('in loggedOut after a login failed for good, RETRY repeats it with the same userID and UserSig', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    h.session.send({ type: 'RETRY' });
    expect(h.status()).toBe('connecting');
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login.mock.calls.map(([p]) => p)).toEqual([
      { userID: 'alice', userSig: 'sig-alice-1' },
      { userID: 'alice', userSig: 'sig-alice-1' },
    ]);
  });

  it('in loggedOut after the retries ran out, RETRY starts a new episode with a full set of attempts', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push(...Array.from({ length: 4 }, () => ({ code: 2801, desc: 'timeout' })));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(4);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(h.status()).toBe('loggedOut');
  });

  it('in loggedOut after a failed login through getUserSig, RETRY logs in as the same user', async () => {
    let n = 0;
    const getUserSig = vi.fn(async () => `sig-p${++n}`);
    const h = await loggedOutSession({ getUserSig });
    h.fake.script.login.push({ code: 70009, desc: 'bad signature' });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    h.session.send({ type: 'RETRY' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login.mock.calls[1]?.[0]).toEqual({
      userID: 'alice',
      userSig: expect.stringMatching(/^sig-p[12]$/),
    });
  });

  const ignoredIn: [string, () => Promise<Harness>][] = [
    ['a fresh loggedOut', () => loggedOutSession()],
    ['online', () => onlineSession()],
    [
      'connecting (login in flight)',
      async () => {
        const h = await loggedOutSession();
        h.fake.script.login.push('pending');
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        return h;
      },
    ],
    ['connecting (reconnecting)', onlineThen((h) => h.fake.listener.onConnecting())],
    ['kicked', onlineThen((h) => h.fake.listener.onKickedOffline('multipleDevice'))],
    ['loggedOut after LOGOUT', onlineThen((h) => h.session.send({ type: 'LOGOUT' }))],
  ];

  it.each(ignoredIn)('RETRY in %s is ignored', async (_, make) => {
    const h = await make();
    await settle();
    const before = h.session.getSnapshot();
    const logins = h.fake.sdk.login.mock.calls.length;
    h.session.send({ type: 'RETRY' });
    await settle();
    expect(h.substate()).toBe(selectSubstate(before));
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(logins);
    expect(h.fake.sdk.initSDK).toHaveBeenCalledTimes(1);
  });

  it('RETRY while a refresh episode is still backing off does not add attempts', async () => {
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000 },
    });
    h.fake.listener.onUserSigExpired();
    await settle();
    for (let i = 0; i < 5; i++) h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
  });
});

describe('R18 visualisable', () => {
  type Config = Record<string, unknown>;
  const isObject = (value: unknown): value is Config => typeof value === 'object' && value !== null;

  /** Every function in the config, by path, except the ones the contract allows. */
  function inlineFunctions(node: unknown, path: string[] = []): string[] {
    if (typeof node === 'function') {
      const key = path.at(-1);
      const allowed = (path.length === 1 && key === 'context') || key === 'input' || key === 'params';
      return allowed ? [] : [path.join('.')];
    }
    if (Array.isArray(node)) return node.flatMap((item, i) => inlineFunctions(item, [...path, String(i)]));
    if (!isObject(node)) return [];
    return Object.entries(node).flatMap(([key, value]) => inlineFunctions(value, [...path, key]));
  }

  function names(node: unknown, kind: 'actions' | 'guards' | 'actors' | 'delays'): string[] {
    const nameOf = (ref: unknown) => (typeof ref === 'string' ? [ref] : isObject(ref) ? [ref.type] : []);
    if (Array.isArray(node)) return node.flatMap((item) => names(item, kind));
    if (!isObject(node)) return [];
    return Object.entries(node).flatMap(([k, value]): string[] => {
      if (kind === 'actions' && ['entry', 'exit', 'actions'].includes(k)) {
        return [value].flat().flatMap(nameOf) as string[];
      }
      if (kind === 'guards' && k === 'guard') return nameOf(value) as string[];
      if (kind === 'actors' && k === 'src') return nameOf(value) as string[];
      if (kind === 'delays' && k === 'after' && isObject(value)) {
        return Object.keys(value).filter((delay) => Number.isNaN(Number(delay)));
      }
      return names(value, kind);
    });
  }

  it('holds no inline function except the context factory and input/params mappers', () => {
    expect(typeof sessionMachine.config.context).toBe('function');
    expect(inlineFunctions(sessionMachine.config)).toEqual([]);
  });

  it.each(['actions', 'guards', 'actors', 'delays'] as const)(
    'names only %s that setup() implements',
    (kind) => {
      const used = [...new Set(names(sessionMachine.config, kind))];
      const implemented = Object.keys(sessionMachine.implementations[kind]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((name) => !implemented.includes(name))).toEqual([]);
    },
  );

  it('has exactly the six statuses as top-level states', () => {
    expect(Object.keys(sessionMachine.config.states ?? {}).sort()).toEqual(
      ['connecting', 'init', 'kicked', 'loggedOut', 'online', 'sigExpired'].sort(),
    );
  });

  it('the walker finds inline functions and unknown names (self-check)', () => {
    const config = { on: { X: { actions: [() => {}, 'nope'], guard: { type: 'g', params: () => 1 } } } };
    expect(inlineFunctions(config)).toEqual(['on.X.actions.0']);
    expect(names(config, 'actions')).toEqual(['nope']);
    expect(names(config, 'guards')).toEqual(['g']);
  });
});
