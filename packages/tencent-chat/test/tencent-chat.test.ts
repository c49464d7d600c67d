import type { ImResult, ImSdk, LogLevel } from '@imstate/core';
import { createTencentChatSdk, type TencentCloudChatModule } from '@imstate/tencent-chat';
import TencentCloudChat, * as TencentCloudChatNamespace from '@tencentcloud/chat';
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  callbackCount,
  fake,
  flush,
  initialised,
  listener,
  loggedIn,
  resetAdapterHarness,
  SDK_APP_ID,
} from './adapter-harness';
import { TYPES } from './fake-tencent-chat';

beforeEach(resetAdapterHarness);

describe('the real module', () => {
  it('fits the module type the adapter takes', () => {
    expectTypeOf(TencentCloudChat).toExtend<TencentCloudChatModule>();
    expect(typeof TencentCloudChat.create).toBe('function');
    for (const name of [
      'SDK_READY',
      'SDK_NOT_READY',
      'NET_STATE_CHANGE',
      'KICKED_OUT',
      'PROFILE_UPDATED',
    ] as const) {
      expect(TencentCloudChat.EVENT[name]).toEqual(expect.any(String));
    }
  });
});

describe('createTencentChatSdk', () => {
  it('accepts the module namespace of `import * as` (its default is the module), as Node ESM gives it', async () => {
    expectTypeOf(TencentCloudChatNamespace).toExtend<Parameters<typeof createTencentChatSdk>[0]>();
    // What Node hands `import * as` for this CommonJS module: only `default`.
    const nodeNamespace = Object.freeze({ __proto__: null, default: TencentCloudChat });
    expect(() => createTencentChatSdk(nodeNamespace)).not.toThrow();

    const sdk = createTencentChatSdk({ default: fake.module });
    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
    expect(fake.module.create).toHaveBeenCalledExactlyOnceWith({ SDKAppID: SDK_APP_ID });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a module without EVENT and TYPES', { create: vi.fn() }],
    ['a module without create', { EVENT: {}, TYPES: {} }],
    ['a module without EVENT', { create: vi.fn(), TYPES: {} }],
    ['a module without TYPES', { create: vi.fn(), EVENT: {} }],
    ['a module whose EVENT and TYPES are null', { create: vi.fn(), EVENT: null, TYPES: null }],
    ['a namespace whose default is not the module', { default: {} }],
  ])('refuses %s with a TypeError that names the expected default export', (_, value) => {
    // @ts-expect-error: not the @tencentcloud/chat module
    expect(() => createTencentChatSdk(value)).toThrow(
      new TypeError(
        'createTencentChatSdk: TencentCloudChat must be the @tencentcloud/chat default export (with create, EVENT and TYPES)',
      ),
    );
  });
});

describe('initSDK', () => {
  it('creates the SDK instance with the SDKAppID and the given create() options', async () => {
    await initialised({ proxyServer: 'ws://127.0.0.1:9' });
    expect(fake.module.create).toHaveBeenCalledExactlyOnceWith({
      SDKAppID: SDK_APP_ID,
      proxyServer: 'ws://127.0.0.1:9',
    });
  });

  it('fails with code 2000 when create() returns null (an SDKAppID the SDK cannot parse)', async () => {
    fake.module.create.mockReturnValueOnce(null);
    const sdk = createTencentChatSdk(fake.module);
    const result = await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
    expect(result).toEqual({ code: 2000, desc: 'TencentCloudChat.create() returned null' });
    await expect(sdk.login({ userID: 'alice', userSig: 'sig' })).rejects.toThrow(/initSDK/);
  });

  it.each([
    ['debug', 0],
    ['info', 1],
    ['warn', 2],
    ['error', 3],
    ['none', 4],
  ] as [LogLevel, number][])('maps log level %s to setLogLevel(%i)', async (logLevel, level) => {
    await createTencentChatSdk(fake.module).initSDK({ sdkAppID: SDK_APP_ID, logLevel, listener });
    expect(fake.chat.setLogLevel).toHaveBeenCalledExactlyOnceWith(level);
  });
});

describe('login', () => {
  it('resolves success only once SDK_READY has fired', async () => {
    const sdk = await initialised();
    let result: ImResult | undefined;
    void sdk.login({ userID: 'alice', userSig: 'sig' }).then((r) => {
      result = r;
    });
    fake.nextLogin().resolve();
    await flush();
    expect(result).toBeUndefined();
    fake.becomeReady();
    await flush();
    expect(result).toEqual({ code: 0, desc: '' });
  });

  it('resolves success when SDK_READY fired before the login call settled', async () => {
    const sdk = await initialised();
    const login = sdk.login({ userID: 'alice', userSig: 'sig' });
    fake.becomeReady();
    fake.nextLogin().resolve();
    await expect(login).resolves.toEqual({ code: 0, desc: '' });
  });

  it.each([
    ['a logout', (sdk: ImSdk) => sdk.logout()],
    [
      'unInitSDK and a new initSDK',
      async (sdk: ImSdk) => {
        await sdk.unInitSDK();
        await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
      },
    ],
  ])('waits for a new SDK_READY after %s, however ready the SDK was before', async (_, after) => {
    const sdk = await loggedIn();
    await after(sdk);
    // This login resolves without the SDK syncing again (no SDK_READY of its own).
    fake.chat.login.mockResolvedValueOnce({ data: { actionStatus: 'OK' } });
    let result: ImResult | undefined;
    void sdk.login({ userID: 'alice', userSig: 'sig' }).then((r) => {
      result = r;
    });
    await flush();
    expect(result).toBeUndefined();
    fake.becomeReady();
    await flush();
    expect(result).toEqual({ code: 0, desc: '' });
  });

  it('resolves success at once when the SDK is already ready (a repeated login)', async () => {
    const sdk = await loggedIn();
    fake.chat.login.mockResolvedValueOnce({ data: { repeatLogin: true } });
    await expect(sdk.login({ userID: 'alice', userSig: 'sig' })).resolves.toEqual({ code: 0, desc: '' });
  });

  it.each([70001, 70009, 2801, 2025])(
    'passes on a login rejected with SDK code %i as it is (the session reads the code)',
    async (code) => {
      const sdk = await initialised();
      const login = sdk.login({ userID: 'alice', userSig: 'sig' });
      const cause = Object.assign(new Error(''), { code });
      fake.nextLogin().reject(cause);
      await expect(login).rejects.toBe(cause);
    },
  );

  it('rejects when the SDK rejects without a numeric code, so the session reports an exception', async () => {
    const sdk = await initialised();
    const login = sdk.login({ userID: 'alice', userSig: 'sig' });
    const cause = new TypeError('boom');
    fake.nextLogin().reject(cause);
    await expect(login).rejects.toBe(cause);
  });

  it.each([
    { what: 'an empty userID', userID: '', userSig: 'sig', code: 2002 },
    { what: 'a userID that is a number', userID: 42, userSig: 'sig', code: 2002 },
    { what: 'a userID that is an object', userID: { id: 'alice' }, userSig: 'sig', code: 2002 },
    { what: 'a bad userID and an empty userSig', userID: 42, userSig: '', code: 2002 },
    { what: 'an empty userSig', userID: 'alice', userSig: '', code: 2003 },
    { what: 'a userSig that is a number', userID: 'alice', userSig: 7, code: 2003 },
  ])(
    'turns the synchronous "Params validate failed." over $what into code $code',
    async ({ userID, userSig, code }) => {
      const sdk = await initialised();
      // @ts-expect-error: plain JS may pass anything
      await expect(sdk.login({ userID, userSig })).resolves.toEqual({ code, desc: 'invalid login params' });
      expect(fake.chat.login).toHaveBeenCalledOnce();
    },
  );

  it('fails with 2999 when SDK_NOT_READY comes before SDK_READY', async () => {
    const sdk = await initialised();
    const login = sdk.login({ userID: 'alice', userSig: 'sig' });
    fake.nextLogin().resolve();
    await flush();
    fake.kick(TYPES.KICKED_OUT_MULT_DEVICE);
    await expect(login).resolves.toEqual({ code: 2999, desc: 'SDK_NOT_READY before SDK_READY' });
  });
});

describe('logout', () => {
  it('resolves success when the SDK logs out', async () => {
    const sdk = await loggedIn();
    await expect(sdk.logout()).resolves.toEqual({ code: 0, desc: '' });
    expect(fake.chat.logout).toHaveBeenCalledOnce();
  });

  it('resolves success when nobody was logged in (the SDK rejects 2024, e.g. after a kick)', async () => {
    const sdk = await loggedIn();
    fake.kick(TYPES.KICKED_OUT_MULT_DEVICE);
    await expect(sdk.logout()).resolves.toEqual({ code: 0, desc: '' });
  });

  it('resolves success before initSDK and after unInitSDK: there is nobody to log out', async () => {
    const sdk = createTencentChatSdk(fake.module);
    await expect(sdk.logout()).resolves.toEqual({ code: 0, desc: '' });

    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
    await sdk.unInitSDK();
    await expect(sdk.logout()).resolves.toEqual({ code: 0, desc: '' });
    expect(fake.chat.logout).not.toHaveBeenCalled();
  });

  it('passes on a rejection with any other SDK code', async () => {
    const sdk = await loggedIn();
    const cause = Object.assign(new Error(''), { code: 2800 });
    fake.chat.logout.mockRejectedValueOnce(cause);
    await expect(sdk.logout()).rejects.toBe(cause);
    fake.chat.logout.mockRejectedValueOnce(undefined);
    await expect(sdk.logout()).rejects.toBeUndefined();
  });
});

describe('unInitSDK', () => {
  it('unsubscribes, destroys the instance and ignores its 2024 rejection', async () => {
    const sdk = await initialised();
    expect(fake.subscriptionCount()).toBe(5);
    await expect(sdk.unInitSDK()).resolves.toBeUndefined();
    expect(fake.chat.destroy).toHaveBeenCalledOnce();
    expect(fake.chat.off).toHaveBeenCalledTimes(5);
    expect(fake.subscriptionCount()).toBe(0);
  });

  it('is idempotent, and later SDK events reach nobody', async () => {
    const sdk = await loggedIn();
    await sdk.unInitSDK();
    await sdk.unInitSDK();
    expect(fake.chat.destroy).toHaveBeenCalledOnce();
    fake.netState(TYPES.NET_STATE_CONNECTING);
    fake.kick(TYPES.KICKED_OUT_MULT_DEVICE);
    expect(callbackCount(listener)).toBe(0);
  });

  it('lets initSDK create a fresh instance afterwards', async () => {
    const sdk = await initialised();
    await sdk.unInitSDK();
    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
    expect(fake.module.create).toHaveBeenCalledTimes(2);
    fake.netState(TYPES.NET_STATE_CONNECTING);
    expect(listener.onConnecting).toHaveBeenCalledOnce();
  });
});
