import { type SelfInfo, selectSubstate } from '@imstate/core';
import { createScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import {
  createHarness,
  type Harness,
  loggedOutSession,
  onlineSession,
  settle,
  useSessionClock,
} from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

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

  it('each further onConnectFailed while offline records its error again', async () => {
    const { fake, substate, context, emittedOf } = await onlineSession();
    fake.listener.onConnectFailed(2801, 'network down');
    fake.listener.onConnectFailed(2805, 'still down');
    expect(substate()).toBe('connecting.offline');
    expect(context().error).toStrictEqual({ code: 2805, message: 'still down', source: 'sdk' });
    expect(emittedOf('error').map(({ error }) => error.code)).toEqual([2801, 2805]);
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

describe('R5 onConnectFailed', () => {
  it('passes the SDK text on as the error message', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnectFailed(2801, 'network unreachable');
    expect(h.substate()).toBe('connecting.offline');
    expect(h.context().error).toStrictEqual({ code: 2801, message: 'network unreachable', source: 'sdk' });
  });

  it.each([
    ['no text', undefined],
    ['an empty text', ''],
  ])('with %s from the SDK, the message names the code, as for a failed login', async (_, text) => {
    const h = await onlineSession();
    h.fake.listener.onConnectFailed(2801, text as string);
    expect(h.context().error).toStrictEqual({ code: 2801, message: 'SDK error 2801', source: 'sdk' });
  });
});

describe('an SDK.CONNECT_FAILED event the app sends itself, without an error', () => {
  it('records SDK_EXCEPTION and the session carries on', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'SDK.CONNECT_FAILED' } as never);
    expect(h.session.getSnapshot().status).toBe('active');
    expect(h.substate()).toBe('connecting.offline');
    expect(h.context().error).toMatchObject({ code: 'SDK_EXCEPTION', source: 'sdk' });
    h.fake.listener.onConnectSuccess();
    expect(h.status()).toBe('online');
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

  it('a profile with a throwing getter is ignored: selfInfo stays as it was', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated(alice);
    const hostile = Object.defineProperty({ ...alice, nickName: 'Mallory' }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    h.fake.listener.onSelfInfoUpdated(hostile);
    expect(h.context().selfInfo).toStrictEqual(alice);
    expect(() => JSON.stringify(h.session.getSnapshot())).not.toThrow();
  });

  it('a part the profile holds twice (not a cycle) is kept in both places', async () => {
    const h = await onlineSession();
    const office = { city: 'Shenzhen' };
    h.fake.listener.onSelfInfoUpdated({ ...alice, home: office, work: office });
    expect(h.context().selfInfo).toStrictEqual({ ...alice, home: office, work: office });
  });

  it('counts only objects toward the limit of 1000: a profile of 2000 plain fields is kept whole', async () => {
    const h = await onlineSession();
    const fields = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field${i}`, `value${i}`]));
    h.fake.listener.onSelfInfoUpdated({ ...alice, ...fields });
    expect(h.context().selfInfo).toStrictEqual({ ...alice, ...fields });
  });

  it('keeps 1000 objects, the profile itself included, and leaves out the ones past them', async () => {
    const h = await onlineSession();
    // The profile, its list, and 998 items: 1000 objects.
    const items = Array.from({ length: 999 }, (_, n) => ({ n }));
    h.fake.listener.onSelfInfoUpdated({ ...alice, items });
    expect(h.context().selfInfo?.items).toStrictEqual([...items.slice(0, 998), null]);
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
    const h = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
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
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.fake.listener.onConnecting();
    h.fake.listener.onConnectSuccess();
    await settle();
    expect(h.status()).toBe('connecting');
    expect(h.emittedOf('online')).toHaveLength(0);
  });
});

describe('R12/R14 a malformed profile callback', () => {
  // An adapter may forward whatever its SDK hands out: `context.selfInfo` stays a profile object or nothing.
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'alice'],
    ['a number', 42],
  ])('with %s leaves selfInfo as it was and the session online', async (_, info) => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    h.fake.listener.onSelfInfoUpdated(info as unknown as SelfInfo);
    expect(h.context().selfInfo).toStrictEqual({ userID: 'alice', nickName: 'Alice' });
    expect(h.status()).toBe('online');
    expect(h.session.getSnapshot().status).toBe('active');
  });
});

describe('R14 the profile across a kick', () => {
  // docs/core.md: selfInfo is cleared by LOGOUT and by logging in as another user.
  it('LOGIN as the same user in kicked keeps the profile; LOGIN as another user clears it', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    expect(h.context().selfInfo).toStrictEqual({ userID: 'alice', nickName: 'Alice' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('online');
    expect(h.context().selfInfo).toStrictEqual({ userID: 'alice', nickName: 'Alice' });
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob-1' });
    expect(h.context().selfInfo).toBeUndefined();
  });
});
