import type { SelfInfo } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { Api } from 'tls-sig-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  flush,
  initialisedClient,
  loggedInClient,
  recordingListener,
  SDK_APP_ID,
  SECRET_KEY,
  testServer,
} from './support';

describe('one place per user and platform', () => {
  it('kicks the older client of the same user and platform with multipleDevice and logs it out', async () => {
    const server = testServer();
    const older = await loggedInClient(server, 'alice', 'ios');
    const newer = await loggedInClient(server, 'alice', 'ios');
    await flush();

    expect(older.heard).toEqual(['kicked:multipleDevice']);
    expect(newer.heard).toEqual([]);
    expect(older.sdk.userID).toBeUndefined();
    expect(server.sessions()).toEqual([expect.objectContaining({ userID: 'alice', platform: 'ios' })]);
  });

  it.each([
    ['android', 'multipleDevice'],
    ['web', 'multipleAccount'],
  ] as const)(
    'lets the kicked %s client log in again, which kicks the other one back with %s',
    async (platform, reason) => {
      const server = testServer();
      const a = await loggedInClient(server, 'alice', platform);
      const b = await loggedInClient(server, 'alice', platform);
      await a.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
      await flush();

      expect(a.heard).toEqual([`kicked:${reason}`]);
      expect(b.heard).toEqual([`kicked:${reason}`]);
      expect(a.sdk.userID).toBe('alice');
      expect(b.sdk.userID).toBeUndefined();
    },
  );

  it('lets one user stay logged in on different platforms at once', async () => {
    const server = testServer();
    const clients = [
      await loggedInClient(server, 'alice', 'web'),
      await loggedInClient(server, 'alice', 'ios'),
      await loggedInClient(server, 'alice', 'windows'),
    ];
    await flush();

    expect(clients.flatMap((c) => c.heard)).toEqual([]);
    expect(server.sessions().map((s) => s.platform)).toEqual(['web', 'ios', 'windows']);
  });

  it('lets different users share a platform', async () => {
    const server = testServer();
    const alice = await loggedInClient(server, 'alice');
    await loggedInClient(server, 'bob');
    await flush();

    expect(alice.heard).toEqual([]);
    expect(server.sessions().map((s) => s.userID)).toEqual(['alice', 'bob']);
  });

  it('frees the place on logout and on unInitSDK, so the next login kicks nobody', async () => {
    const server = testServer();
    const loggedOut = await loggedInClient(server, 'alice');
    await loggedOut.sdk.logout();
    const unInitialised = await loggedInClient(server, 'alice');
    unInitialised.sdk.unInitSDK();
    await loggedInClient(server, 'alice');
    await flush();

    expect(loggedOut.heard).toEqual([]);
    expect(unInitialised.heard).toEqual([]);
    expect(server.sessions()).toHaveLength(1);
  });
});

describe('web instances', () => {
  it('kicks the earliest web client of the user with multipleAccount once maxWebInstances are logged in', async () => {
    const server = testServer({ maxWebInstances: 2 });
    const first = await loggedInClient(server, 'alice', 'web');
    const second = await loggedInClient(server, 'alice', 'web');
    await flush();
    expect([first.heard, second.heard]).toEqual([[], []]);

    const third = await loggedInClient(server, 'alice', 'web');
    await flush();
    expect([first.heard, second.heard, third.heard]).toEqual([['kicked:multipleAccount'], [], []]);
    expect([first.sdk.userID, second.sdk.userID, third.sdk.userID]).toEqual([undefined, 'alice', 'alice']);
  });

  it('counts a client that logs in again as the latest, and only web clients of the same user', async () => {
    const server = testServer({ maxWebInstances: 2 });
    const first = await loggedInClient(server, 'alice', 'web');
    const second = await loggedInClient(server, 'alice', 'web');
    const others = [await loggedInClient(server, 'alice', 'mac'), await loggedInClient(server, 'bob', 'web')];
    await first.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await loggedInClient(server, 'alice', 'web');
    await flush();

    expect([first.heard, second.heard]).toEqual([[], ['kicked:multipleAccount']]);
    expect(others.flatMap((client) => client.heard)).toEqual([]);
    expect(server.sessions().map(({ userID, platform }) => `${userID}@${platform}`)).toEqual([
      'alice@mac',
      'bob@web',
      'alice@web',
      'alice@web',
    ]);
  });

  it('keeps one client per user on a native platform, whatever maxWebInstances says', async () => {
    const server = testServer({ maxWebInstances: 5 });
    const older = await loggedInClient(server, 'alice', 'ipad');
    await loggedInClient(server, 'alice', 'ipad');
    await flush();

    expect(older.heard).toEqual(['kicked:multipleDevice']);
  });
});

describe('REST API kick', () => {
  it('kicks every client of the user with restApi and leaves other users alone', async () => {
    const server = testServer();
    const web = await loggedInClient(server, 'alice', 'web');
    const android = await loggedInClient(server, 'alice', 'android');
    const bob = await loggedInClient(server, 'bob', 'web');

    expect(server.kick('alice')).toBe(2);
    await flush();
    expect(web.heard).toEqual(['kicked:restApi']);
    expect(android.heard).toEqual(['kicked:restApi']);
    expect(bob.heard).toEqual([]);
    expect(server.sessions().map((s) => s.userID)).toEqual(['bob']);
    expect(server.kick('alice')).toBe(0);
  });
});

describe('profiles', () => {
  it('tells every logged-in client of the user the merged profile, userID included', async () => {
    const server = testServer();
    const web = await loggedInClient(server, 'alice', 'web');
    const ios = await loggedInClient(server, 'alice', 'ios');
    const bob = await loggedInClient(server, 'bob');

    server.updateProfile('alice', { nickName: 'Alice' });
    // @ts-expect-error: a patch cannot change whose profile it is
    server.updateProfile('alice', { userID: 'mallory' });
    expect(server.updateProfile('alice', { faceUrl: 'https://example.test/a.png' })).toEqual({
      userID: 'alice',
      nickName: 'Alice',
      faceUrl: 'https://example.test/a.png',
    });
    await flush();

    const expected = [
      'selfInfo:{"userID":"alice","nickName":"Alice"}',
      'selfInfo:{"userID":"alice","nickName":"Alice"}',
      'selfInfo:{"userID":"alice","nickName":"Alice","faceUrl":"https://example.test/a.png"}',
    ];
    expect(web.heard).toEqual(expected);
    expect(ios.heard).toEqual(expected);
    expect(bob.heard).toEqual([]);
  });

  it('keeps and sends a plain copy of what JSON holds: no cycles, BigInts or functions', async () => {
    const server = testServer();
    const client = server.createClient();
    const received: SelfInfo[] = [];
    const { listener } = recordingListener();
    await client.initSDK({
      sdkAppID: SDK_APP_ID,
      logLevel: 'warn',
      listener: { ...listener, onSelfInfoUpdated: (info) => received.push(info) },
    });
    await client.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    const nested: Record<string, unknown> = { level: 3 };
    nested.self = nested;
    const shared = { id: 1 };
    const patch = {
      nickName: 'Alice',
      stars: 10n,
      greet() {},
      nested,
      list: [1, 2n, () => {}, shared, shared],
      since: new Date('2030-01-01T00:00:00.000Z'),
    };

    const expected = {
      userID: 'alice',
      nickName: 'Alice',
      nested: { level: 3 },
      list: [1, null, null, { id: 1 }, { id: 1 }],
      since: '2030-01-01T00:00:00.000Z',
    };
    expect(server.updateProfile('alice', patch)).toStrictEqual(expected);
    await flush();
    expect(received).toStrictEqual([expected]);

    // Each client gets its own copy: changing it changes nothing on the server.
    (received[0]!.nested as { level: number }).level = 99;
    server.updateProfile('alice', {});
    await flush();
    expect(received[1]).toStrictEqual(expected);
  });

  it('keeps a __proto__ field as a field, never as the profile prototype', () => {
    const server = testServer();
    const profile = server.updateProfile('alice', JSON.parse('{"__proto__":{"admin":true},"nickName":"A"}'));

    expect(Object.getPrototypeOf(profile)).toBe(Object.prototype);
    expect((profile as { admin?: boolean }).admin).toBeUndefined();
    expect(JSON.stringify(profile)).toBe('{"userID":"alice","__proto__":{"admin":true},"nickName":"A"}');
  });

  it('refuses a patch whose fields cannot be read', () => {
    const server = testServer();
    const patch = {
      get nickName(): string {
        throw new Error('no access');
      },
    };

    expect(() => server.updateProfile('alice', patch)).toThrow(
      new TypeError('updateProfile: patch must be an object of profile fields'),
    );
    expect(server.updateProfile('alice', {})).toEqual({ userID: 'alice' });
  });

  it('tells nothing to clients that are logged out', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    await client.sdk.logout();
    server.updateProfile('alice', { nickName: 'Alice' });
    await flush();

    expect(client.heard).toEqual([]);
  });

  it('refuses a patch that is not an object instead of merging its characters into the profile', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');

    for (const patch of ['str', null, 42, ['Alice']]) {
      // @ts-expect-error: not a patch
      expect(() => server.updateProfile('alice', patch)).toThrow(
        new TypeError('updateProfile: patch must be an object of profile fields'),
      );
    }
    await flush();
    expect(client.heard).toEqual([]);
    expect(server.updateProfile('alice', {})).toEqual({ userID: 'alice' });
  });
});

describe('createImServer', () => {
  it('refuses unusable options without echoing the secret key', () => {
    const attempts = [
      () => createImServer({ sdkAppID: 0, secretKey: SECRET_KEY }),
      () => createImServer({ sdkAppID: 1.5, secretKey: SECRET_KEY }),
      () => createImServer({ sdkAppID: 1400000001, secretKey: '' }),
      () => createImServer({ sdkAppID: 1400000001, secretKey: SECRET_KEY, latencyMs: -1 }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow();
      try {
        attempt();
      } catch (error) {
        expect(String(error)).not.toContain(SECRET_KEY);
      }
    }
  });

  it('names the option that is wrong', () => {
    const sdkAppID = new TypeError('createImServer: sdkAppID must be a positive safe integer');
    const secretKey = new TypeError('createImServer: secretKey must be a non-empty string');

    expect(() => createImServer({ sdkAppID: 0, secretKey: SECRET_KEY })).toThrow(sdkAppID);
    expect(() => createImServer({ sdkAppID: 1400000001, secretKey: '' })).toThrow(secretKey);
    // @ts-expect-error: a key is a string
    expect(() => createImServer({ sdkAppID: 1400000001, secretKey: 42 })).toThrow(secretKey);
  });

  it('without options names the options it needs instead of failing to destructure', () => {
    // @ts-expect-error: options are required
    expect(() => createImServer()).toThrow(
      new TypeError('createImServer: options must be an object with sdkAppID and secretKey'),
    );
    // @ts-expect-error: options are required
    expect(() => createImServer(null)).toThrow(/^createImServer: options must be an object/);
  });

  it.each([
    [0, 'RangeError'],
    [-1, 'RangeError'],
    [1.5, 'RangeError'],
    [Number.NaN, 'RangeError'],
    [2 ** 53, 'RangeError'],
    ['2', 'TypeError'],
    [null, 'TypeError'],
  ] as const)('refuses maxWebInstances %j with a %s that names it', (maxWebInstances, type) => {
    const error = new { RangeError, TypeError }[type](
      'createImServer: maxWebInstances must be a positive safe integer',
    );
    // @ts-expect-error: not always a number
    expect(() => testServer({ maxWebInstances })).toThrow(error);
  });

  it('takes maxWebInstances 1 when it is left out or undefined', async () => {
    for (const server of [testServer(), testServer({ maxWebInstances: undefined })]) {
      const first = await loggedInClient(server, 'alice', 'web');
      await loggedInClient(server, 'alice', 'web');
      await flush();
      expect(first.heard).toEqual(['kicked:multipleAccount']);
    }
  });

  it('refuses a now that is not a function at once, not at the first UserSig', () => {
    // @ts-expect-error: not a clock
    expect(() => testServer({ now: 'x' })).toThrow(
      new TypeError('createImServer: now must be a function that returns ms since the epoch'),
    );
  });

  it.each([NaN, Infinity, 1e300, '1800000000000'])(
    'names the now option when it returns %s, instead of minting UserSigs no login accepts',
    (value) => {
      const server = testServer({ now: () => value as number });
      const error = new TypeError(
        'createImServer: now must return ms since the epoch (a finite number within the range of Date)',
      );
      expect(() => server.issueUserSig('alice', 60)).toThrow(error);
      expect(() => server.now()).toThrow(error);
    },
  );

  it("refuses a latencyMs above setTimeout's limit, which would reply at once", () => {
    expect(() => testServer({ latencyMs: 3e9 })).toThrow(
      new RangeError('createImServer: latencyMs must be a finite number from 0 to 2147483647'),
    );
    expect(() => testServer({ latencyMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('refuses an unknown platform', () => {
    // @ts-expect-error: not a platform
    expect(() => testServer().createClient({ platform: 'fax' })).toThrow(
      new TypeError('createClient: platform must be one of web, ios, android, mac, windows, ipad'),
    );
  });
});

describe('createClient', () => {
  it('makes a web client from null, as from no options', () => {
    // @ts-expect-error: null is not ClientOptions, but plain JS callers pass it
    expect(testServer().createClient(null).platform).toBe('web');
  });
});

describe('issueUserSig', () => {
  it('refuses a userID that is not a string, and an expiry that is not whole seconds, by name', () => {
    const server = testServer();

    // @ts-expect-error: a userID is a string
    expect(() => server.issueUserSig(42, 60)).toThrow(new TypeError('issueUserSig: userID must be a string'));
    expect(() => server.issueUserSig('alice', 0.5)).toThrow(
      new RangeError('issueUserSig: expireSeconds must be a whole number of seconds'),
    );
  });
});

describe('advanceTime and expireAllUserSigs', () => {
  it('takes advanceTime(0) as a step that moves nothing', () => {
    const server = testServer({ now: () => 1_800_000_000_000 });

    server.advanceTime(0);
    expect(server.now()).toBe(1_800_000_000_000);
  });

  it('moves the clock exactly to the latest expiry it issued, even when nobody logged in', () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    server.issueUserSig('alice', 600);
    server.issueUserSig('bob', 60);

    expect(server.expireAllUserSigs()).toBe(600_000);
    expect(server.now()).toBe(1_800_000_600_000);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('also expires a UserSig minted elsewhere with the same key, and is not thrown off by a refused login', async () => {
    // tls-sig-api-v2 stamps its UserSigs with Date.now(): fixed here, so the expiry is known to the millisecond.
    vi.useFakeTimers({ now: new Date('2030-01-02T03:04:05.000Z') });
    const server = testServer();
    server.issueUserSig('alice', 60);
    const client = initialisedClient(server);
    await client.init;
    expect((await client.sdk.login({ userID: 'bob', userSig: 'garbage' })).code).toBe(70003);
    const foreign = new Api(SDK_APP_ID, SECRET_KEY).genUserSig('bob', 7200);
    expect((await client.sdk.login({ userID: 'bob', userSig: foreign })).code).toBe(0);

    expect(server.expireAllUserSigs()).toBe(7_200_000);
    await flush();
    expect(client.heard).toEqual(['userSigExpired']);
    expect(server.sessions()).toEqual([]);
  });
});
