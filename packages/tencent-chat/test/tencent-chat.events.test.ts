import type { KickReason } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  callbackCount,
  fake,
  initialised,
  listener,
  loggedIn,
  resetAdapterHarness,
  SDK_APP_ID,
} from './adapter-harness';
import { EVENT, TYPES } from './fake-tencent-chat';

beforeEach(resetAdapterHarness);

describe('SDK events → listener', () => {
  it.each([
    [TYPES.NET_STATE_CONNECTING, 'onConnecting', []],
    [TYPES.NET_STATE_CONNECTED, 'onConnectSuccess', []],
    [TYPES.NET_STATE_DISCONNECTED, 'onConnectFailed', [2800, 'disconnected']],
  ] as const)('NET_STATE_CHANGE %s → %s', async (state, callback, args) => {
    await initialised();
    fake.netState(state);
    expect(listener[callback]).toHaveBeenCalledExactlyOnceWith(...args);
    expect(callbackCount(listener)).toBe(1);
  });

  it('initialised without a listener (plain JS), passes SDK events to nobody and throws nothing', async () => {
    const sdk = createTencentChatSdk(fake.module);
    // @ts-expect-error: no listener, as plain JS may pass
    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn' });
    fake.autoReady();
    await expect(sdk.login({ userID: 'alice', userSig: 'sig' })).resolves.toEqual({ code: 0, desc: '' });

    const states = [
      TYPES.NET_STATE_CONNECTING,
      TYPES.NET_STATE_CONNECTED,
      TYPES.NET_STATE_DISCONNECTED,
    ] as const;
    for (const state of states) {
      expect(() => fake.netState(state)).not.toThrow();
    }
    expect(() => fake.profiles([{ userID: 'alice', nick: 'Alice' }])).not.toThrow();
    expect(() => fake.kick(TYPES.KICKED_OUT_USERSIG_EXPIRED)).not.toThrow();
    expect(() => fake.kick(TYPES.KICKED_OUT_MULT_DEVICE)).not.toThrow();
  });

  it('ignores a NET_STATE_CHANGE state it does not know', async () => {
    await initialised();
    fake.netState('dozing');
    expect(callbackCount(listener)).toBe(0);
  });

  it.each([
    [TYPES.KICKED_OUT_MULT_DEVICE, 'multipleDevice'],
    [TYPES.KICKED_OUT_MULT_ACCOUNT, 'multipleAccount'],
    [TYPES.KICKED_OUT_REST_API, 'restApi'],
    ['somethingNew', 'unknown'],
  ] as [string, KickReason][])(
    'KICKED_OUT %s → onKickedOffline(%s) once, the SDK_NOT_READY after it adds nothing',
    async (type, reason) => {
      await loggedIn();
      fake.kick(type);
      expect(listener.onKickedOffline).toHaveBeenCalledExactlyOnceWith(reason);
      expect(callbackCount(listener)).toBe(1);
    },
  );

  it('KICKED_OUT userSigExpired → onUserSigExpired once', async () => {
    await loggedIn();
    fake.kick(TYPES.KICKED_OUT_USERSIG_EXPIRED);
    expect(listener.onUserSigExpired).toHaveBeenCalledOnce();
    expect(callbackCount(listener)).toBe(1);
  });

  it("PROFILE_UPDATED reports only the logged-in user's profile, nick → nickName and avatar → faceUrl", async () => {
    await loggedIn('alice');
    fake.profiles([
      { userID: 'bob', nick: 'Bob', avatar: 'https://example.com/bob.png' },
      {
        userID: 'alice',
        nick: 'Alice',
        avatar: 'https://example.com/alice.png',
        selfSignature: 'hi',
        level: 2,
      },
    ]);
    expect(listener.onSelfInfoUpdated).toHaveBeenCalledExactlyOnceWith({
      userID: 'alice',
      nickName: 'Alice',
      faceUrl: 'https://example.com/alice.png',
      selfSignature: 'hi',
      level: 2,
    });
  });

  it('PROFILE_UPDATED before any login and after logout reports nothing', async () => {
    const sdk = await initialised();
    fake.profiles([{ userID: 'alice', nick: 'Alice' }, { nick: 'Nobody' }]);
    fake.autoReady();
    await sdk.login({ userID: 'alice', userSig: 'sig' });
    await sdk.logout();
    fake.profiles([{ userID: 'alice', nick: 'Alice' }, { nick: 'Nobody' }]);
    expect(listener.onSelfInfoUpdated).not.toHaveBeenCalled();
  });
});

describe('SDK events with a payload the adapter did not expect', () => {
  const odd = [
    ['no data', { name: 'x' }],
    ['data null', { name: 'x', data: null }],
    ['data a string', { name: 'x', data: 'connected' }],
    ['data an empty object', { name: 'x', data: {} }],
    ['no event at all', undefined],
    ['null for an event', null],
  ] as const;

  it.each(odd)(
    'NET_STATE_CHANGE with %s is ignored, and nothing is thrown into the SDK',
    async (_, event) => {
      await loggedIn();
      expect(() => fake.emitRaw(EVENT.NET_STATE_CHANGE, event)).not.toThrow();
      expect(callbackCount(listener)).toBe(0);
    },
  );

  it.each(odd)('KICKED_OUT with %s is a kick for an unknown reason, not a throw', async (_, event) => {
    await loggedIn();
    expect(() => fake.emitRaw(EVENT.KICKED_OUT, event)).not.toThrow();
    expect(listener.onKickedOffline).toHaveBeenCalledExactlyOnceWith('unknown');
    expect(callbackCount(listener)).toBe(1);
  });

  it.each([
    ...odd,
    ['data [null]', { name: 'x', data: [null] }],
    ['data of things that are no profiles', { name: 'x', data: [1, 'alice', [], null] }],
    ['data an object', { name: 'x', data: { userID: 'alice', nick: 'Alice' } }],
  ] as const)('PROFILE_UPDATED with %s tells nothing and throws nothing', async (_, event) => {
    await loggedIn();
    expect(() => fake.emitRaw(EVENT.PROFILE_UPDATED, event)).not.toThrow();
    expect(callbackCount(listener)).toBe(0);
  });

  it('PROFILE_UPDATED still tells the good profile in a list with broken entries', async () => {
    await loggedIn();
    fake.emitRaw(EVENT.PROFILE_UPDATED, { data: [null, 7, { userID: 'alice', nick: 'Alice' }] });
    expect(listener.onSelfInfoUpdated).toHaveBeenCalledExactlyOnceWith({
      userID: 'alice',
      nickName: 'Alice',
    });
  });
});

describe('the profile the listener is given', () => {
  it('is a plain copy of what JSON holds: no cycles, BigInts or functions', async () => {
    await loggedIn();
    const custom: Record<string, unknown> = { level: 3 };
    custom.self = custom;
    const shared = { key: 'Tag_Profile_Custom_A', value: 'x' };
    const profile = {
      userID: 'alice',
      nick: 'Alice',
      avatar: 'https://example.com/a.png',
      custom,
      coins: 10n,
      greet: () => 'hi',
      profileCustomField: [shared, shared, 2n],
      nothing: undefined,
    };
    fake.emit(EVENT.PROFILE_UPDATED, [profile]);

    const expected = {
      userID: 'alice',
      custom: { level: 3 },
      profileCustomField: [shared, shared, null],
      nickName: 'Alice',
      faceUrl: 'https://example.com/a.png',
    };
    expect(listener.onSelfInfoUpdated).toHaveBeenCalledExactlyOnceWith(expected);
    const info = listener.onSelfInfoUpdated.mock.calls[0]![0];
    expect(JSON.parse(JSON.stringify(info))).toStrictEqual(expected);
    expect(info.profileCustomField[0]).not.toBe(shared);
  });

  it('keeps a __proto__ field as a field, never as the prototype', async () => {
    await loggedIn();
    fake.emit(EVENT.PROFILE_UPDATED, [JSON.parse('{"userID":"alice","__proto__":{"admin":true}}')]);

    const info = listener.onSelfInfoUpdated.mock.calls[0]![0];
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
    expect(info.admin).toBeUndefined();
  });

  it('is not told for a profile that cannot be read, and nothing is thrown into the SDK', async () => {
    await loggedIn();
    const hostile = {
      userID: 'alice',
      get nick(): string {
        throw new Error('no access');
      },
    };
    expect(() =>
      fake.emit(EVENT.PROFILE_UPDATED, [hostile, { userID: 'alice', nick: 'Alice' }]),
    ).not.toThrow();
    expect(listener.onSelfInfoUpdated).toHaveBeenCalledExactlyOnceWith({
      userID: 'alice',
      nickName: 'Alice',
    });
  });
});
