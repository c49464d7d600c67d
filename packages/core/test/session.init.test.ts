import { createScriptedSdk, looseResult, result } from '@imstate/test-support/scripted-sdk';
import { APP_ID } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

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
    const { status } = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(status()).toBe('init');
  });

  it.each([
    ['a failure code', result(6013, 'SDK not ready'), 6013],
    ['a failure code written as a string', looseResult('6013'), 6013],
    ['a code that is not a number', looseResult('ready'), 'SDK_EXCEPTION'],
    ['a blank code', looseResult(' '), 'SDK_EXCEPTION'],
    ['a rejection with a numeric code', { reject: Object.assign(new Error('no'), { code: 6017 }) }, 6017],
    ['a rejection with a numeric string code', { reject: { code: '6017' } }, 6017],
    ['a rejection without a code', { reject: new Error('boom') }, 'SDK_EXCEPTION'],
    ['a rejection with a non-error value', { reject: 'nope' }, 'SDK_EXCEPTION'],
    ['a synchronous throw', { throw: new Error('boom') }, 'SDK_EXCEPTION'],
  ] as const)('stays in init with an sdk error when initSDK answers with %s', async (_, answer, code) => {
    const fake = createScriptedSdk({ initSDK: [answer] });
    const { status, context, emittedOf, session } = createHarness({ fake });
    await settle();
    expect(status()).toBe('init');
    expect(context().error).toMatchObject({ code, source: 'sdk' });
    expect(emittedOf('error')).toEqual([{ type: 'error', error: context().error }]);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('RETRY after a failed init calls initSDK again and reaches loggedOut', async () => {
    const fake = createScriptedSdk({ initSDK: [result(6013, 'SDK not ready')] });
    const { status, context, session } = createHarness({ fake });
    await settle();
    session.send({ type: 'RETRY' });
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toBeUndefined();
  });

  it('a hung initSDK fails after loginTimeoutMs with source "timeout", and RETRY initialises again', async () => {
    const fake = createScriptedSdk({ initSDK: ['never'] });
    const { status, substate, context, emittedOf, session } = createHarness({ fake, loginTimeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect(substate()).toBe('init.initializing');
    await vi.advanceTimersByTimeAsync(1);
    expect(substate()).toBe('init.failed');
    expect(context().error).toStrictEqual({
      code: 'LOGIN_TIMEOUT',
      message: 'sdk.initSDK timed out',
      source: 'timeout',
    });
    expect(emittedOf('error')).toHaveLength(1);
    session.send({ type: 'RETRY' });
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
    await settle();
    expect(status()).toBe('loggedOut');
  });

  it('a LOGIN sent while initSDK runs is kept, and logs in once initSDK has answered', async () => {
    const fake = createScriptedSdk({ initSDK: ['hold'] });
    const { status, session } = createHarness({ fake });
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    expect(fake.sdk.login).not.toHaveBeenCalled();
    fake.inits[0]!.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(status()).toBe('online');
  });

  it('LOGOUT while initSDK runs drops the LOGIN sent before it: loggedOut, and no sdk.login', async () => {
    const fake = createScriptedSdk({ initSDK: ['hold'] });
    const { status, context, emitted, session } = createHarness({ fake });
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    session.send({ type: 'LOGOUT' });
    expect(context().userID).toBeUndefined();
    fake.inits[0]!.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(status()).toBe('loggedOut');
    expect(context().error).toBeUndefined();
    expect(emitted).toEqual([]);
    expect(fake.sdk.login).not.toHaveBeenCalled();
    expect(fake.sdk.logout).not.toHaveBeenCalled();
  });

  it('RETRY while initSDK is still running does not call it again', async () => {
    const fake = createScriptedSdk({ initSDK: ['hold'] });
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
