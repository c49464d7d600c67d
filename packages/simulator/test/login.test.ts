import { ImErrorCode } from '@imstate/simulator';
import { Api } from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import {
  flush,
  initialisedClient,
  loggedInClient,
  readLikeTencent,
  recordingListener,
  SDK_APP_ID,
  SECRET_KEY,
  tencentSignature,
  testServer,
  type UserSigDoc,
  writeLikeTencent,
} from './support';

const OTHER_APP_ID = 1400000002;
const OTHER_KEY = 'another-application-secret-key';

/**
 * A UserSig document signed with SECRET_KEY over the text of its fields, as tls-sig-api-v2 signs: whatever types the
 * fields have, the signature verifies, so only the service's field checks can refuse it.
 */
function signedDoc(fields: UserSigDoc): UserSigDoc {
  const doc: UserSigDoc = {
    'TLS.ver': '2.0',
    'TLS.identifier': 'alice',
    'TLS.sdkappid': SDK_APP_ID,
    'TLS.time': Math.floor(Date.now() / 1000),
    'TLS.expire': 3600,
    ...fields,
  };
  return { ...doc, 'TLS.sig': tencentSignature(SECRET_KEY, doc) };
}

async function loginWith(userSig: string, userID = 'alice', server = testServer()) {
  const client = initialisedClient(server);
  await client.init;
  return { result: await client.sdk.login({ userID, userSig }), client, server };
}

describe('login checks the UserSig like the service', () => {
  it('accepts a UserSig minted by tls-sig-api-v2 with the same key', async () => {
    const { result, client } = await loginWith(new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 3600));

    expect(result).toEqual({ code: 0, desc: 'ok' });
    expect(client.sdk.userID).toBe('alice');
  });

  it('refuses an unparsable UserSig with 70003', async () => {
    const valid = readLikeTencent(testServer().issueUserSig('alice', 60));
    const { 'TLS.sig': _dropped, ...unsigned } = valid;

    for (const userSig of [
      '',
      'not-a-usersig',
      '*-_',
      writeLikeTencent(unsigned),
      writeLikeTencent({ ...valid, 'TLS.ver': '1.0' }),
      writeLikeTencent([1]),
      // A String object is not a string, even if it holds a valid UserSig.
      new String(testServer().issueUserSig('alice', 60)) as unknown as string,
    ])
      expect((await loginWith(userSig)).result.code).toBe(ImErrorCode.USER_SIG_UNPARSABLE);
    expect((await loginWith(writeLikeTencent(valid))).result.code).toBe(0);
  });

  it('refuses with 70003 a correctly signed UserSig whose fields have the wrong types or version', async () => {
    // A string time would otherwise make the expiry ("1800000000" + 3600) * 1000: a UserSig that never expires.
    const wrong = [
      { 'TLS.ver': '1.0' },
      { 'TLS.identifier': 5 },
      { 'TLS.sdkappid': String(SDK_APP_ID) },
      { 'TLS.time': String(Math.floor(Date.now() / 1000)) },
      { 'TLS.time': 1.5 },
      { 'TLS.expire': '3600' },
      { 'TLS.userbuf': 5 },
    ];
    for (const fields of wrong) {
      expect((await loginWith(writeLikeTencent(signedDoc(fields)))).result).toEqual({
        code: 70003,
        desc: 'UserSig cannot be decoded',
      });
    }
    expect((await loginWith(writeLikeTencent(signedDoc({})))).result.code).toBe(0);
    expect((await loginWith(writeLikeTencent(signedDoc({ 'TLS.userbuf': 'AAAA' })))).result.code).toBe(0);
  });

  it('accepts a tls-sig-api-v2 UserSig that carries a userbuf, and refuses it with 70009 once the userbuf changed', async () => {
    const withUserbuf = new Api(SDK_APP_ID, SECRET_KEY).genPrivateMapKey('alice', 3600, 1234, 255);
    const doc = readLikeTencent(withUserbuf);

    expect(doc['TLS.userbuf']).toEqual(expect.any(String));
    expect((await loginWith(withUserbuf)).result).toEqual({ code: 0, desc: 'ok' });
    expect(
      (await loginWith(writeLikeTencent({ ...doc, 'TLS.userbuf': `${doc['TLS.userbuf']}A` }))).result,
    ).toEqual({
      code: 70009,
      desc: 'UserSig signature does not verify',
    });
    const { 'TLS.userbuf': _dropped, ...withoutUserbuf } = doc;
    expect((await loginWith(writeLikeTencent(withoutUserbuf))).result.code).toBe(70009);
  });

  it('describes each refusal as well as coding it', async () => {
    const server = testServer();
    const other = new Api(OTHER_APP_ID, SECRET_KEY).genUserSig('alice', 3600);
    const refusals = [
      [other, { code: 70014, desc: 'SDKAppID does not match the UserSig' }],
      [
        new Api(SDK_APP_ID, OTHER_KEY).genUserSig('alice', 3600),
        { code: 70009, desc: 'UserSig signature does not verify' },
      ],
      [server.issueUserSig('bob', 60), { code: 70013, desc: 'UserSig was issued for another userID' }],
      [server.issueUserSig('alice', 0), { code: 70001, desc: 'UserSig has expired' }],
    ] as const;
    for (const [userSig, result] of refusals) {
      expect((await loginWith(userSig, 'alice', server)).result).toEqual(result);
    }
  });

  it('refuses a UserSig for another SDKAppID with 70014, before checking its signature', async () => {
    const sameKey = new Api(OTHER_APP_ID, SECRET_KEY).genUserSig('alice', 3600);
    const otherKey = new Api(OTHER_APP_ID, OTHER_KEY).genUserSig('alice', 3600);

    expect((await loginWith(sameKey)).result.code).toBe(70014);
    expect((await loginWith(otherKey)).result.code).toBe(70014);
  });

  it('refuses 70014 when the client was initialised with another SDKAppID', async () => {
    const server = testServer();
    const sdk = server.createClient();
    await sdk.initSDK({ sdkAppID: OTHER_APP_ID, logLevel: 'warn', listener: recordingListener().listener });

    expect((await sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) })).code).toBe(
      70014,
    );
  });

  it('refuses a UserSig signed with another key with 70009, before checking the userID', async () => {
    const otherKey = new Api(SDK_APP_ID, OTHER_KEY);

    expect((await loginWith(otherKey.genUserSig('alice', 3600))).result.code).toBe(70009);
    expect((await loginWith(otherKey.genUserSig('bob', 3600))).result.code).toBe(70009);
  });

  it('refuses a UserSig issued for another user with 70013, before checking its expiry', async () => {
    const server = testServer();
    const bobs = server.issueUserSig('bob', 60);
    const bobsExpired = server.issueUserSig('bob', 0);

    expect((await loginWith(bobs, 'alice', server)).result.code).toBe(70013);
    expect((await loginWith(bobsExpired, 'alice', server)).result.code).toBe(70013);
  });

  it('refuses a UserSig that has expired on the server clock with 70001', async () => {
    let wall = 1_800_000_000_000;
    const server = testServer({ now: () => wall });
    const userSig = server.issueUserSig('alice', 60);
    wall += 59_999;
    expect((await loginWith(userSig, 'alice', server)).result.code).toBe(0);

    wall += 1;
    expect((await loginWith(userSig, 'alice', server)).result.code).toBe(ImErrorCode.USER_SIG_EXPIRED);
    expect((await loginWith(new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 0))).result.code).toBe(70001);
  });

  it('accepts a UserSig stamped in the future of the server clock', async () => {
    const server = testServer({ now: () => Date.now() - 3_600_000 });

    expect(
      (await loginWith(new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 60), 'alice', server)).result.code,
    ).toBe(0);
  });

  it('takes no place on the server when a login is refused', async () => {
    const { server } = await loginWith('garbage');

    expect(server.sessions()).toEqual([]);
  });
});

describe('login outside a usable client', () => {
  it('answers 6013 before initSDK and after unInitSDK', async () => {
    const server = testServer();
    const sdk = server.createClient();
    const userSig = server.issueUserSig('alice', 60);
    expect(await sdk.login({ userID: 'alice', userSig })).toEqual({
      code: ImErrorCode.SDK_NOT_INITIALIZED,
      desc: 'initSDK has not been called',
    });

    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener: recordingListener().listener });
    sdk.unInitSDK();
    expect((await sdk.login({ userID: 'alice', userSig })).code).toBe(6013);
    expect((await sdk.logout()).code).toBe(6013);
    expect(server.sessions()).toEqual([]);
  });

  it('answers 6017 to initSDK with an SDKAppID that is not a positive integer', async () => {
    const sdk = testServer().createClient();
    for (const sdkAppID of [0, -1, 1.5, Number.NaN])
      expect(
        await sdk.initSDK({ sdkAppID, logLevel: 'warn', listener: recordingListener().listener }),
      ).toEqual({
        code: 6017,
        desc: 'invalid SDKAppID',
      });
  });

  it('answers 2801 without reaching the server while the network is dropped', async () => {
    const server = testServer();
    const client = initialisedClient(server);
    await client.init;
    client.sdk.network.drop();

    expect(
      (await client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) })).code,
    ).toBe(2801);
    expect(server.sessions()).toEqual([]);
  });

  it('answers 2025 to a second login while the first has not settled', async () => {
    const server = testServer();
    const client = initialisedClient(server);
    await client.init;
    const first = client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    const second = client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });

    expect(await second).toEqual({
      code: ImErrorCode.LOGIN_IN_PROGRESS,
      desc: 'another login is in progress',
    });
    expect((await first).code).toBe(0);
  });

  it('lets a logged-in client log in again: same user keeps one place, another user replaces it', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');

    expect(
      (await client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) })).code,
    ).toBe(0);
    expect(server.sessions().map((s) => s.userID)).toEqual(['alice']);
    expect((await client.sdk.login({ userID: 'bob', userSig: server.issueUserSig('bob', 60) })).code).toBe(0);
    await flush();
    expect(server.sessions().map((s) => s.userID)).toEqual(['bob']);
    expect(client.heard).toEqual([]);
  });

  it('takes the newer UserSig when the same user logs in again', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const client = await loggedInClient(server, 'alice', 'web', 60);
    await client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 3600) });
    server.advanceTime(60_000);
    await flush();

    expect(client.heard).toEqual([]);
    expect(server.sessions()).toEqual([{ userID: 'alice', platform: 'web', expiresAt: 1_800_003_600_000 }]);
  });

  it('keeps the current session when logging in again fails', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');

    expect((await client.sdk.login({ userID: 'alice', userSig: 'garbage' })).code).toBe(70003);
    expect(client.sdk.userID).toBe('alice');
  });
});
