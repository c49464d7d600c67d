import { deflateSync, inflateSync } from 'node:zlib';
import { ImErrorCode } from '@imstate/simulator';
import { Api } from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import {
  flush,
  initialisedClient,
  loggedInClient,
  recordingListener,
  SDK_APP_ID,
  SECRET_KEY,
  testServer,
} from './support';

const OTHER_APP_ID = 1400000002;
const OTHER_KEY = 'another-application-secret-key';

const tencentBase64 = (userSig: string) => userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');

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
    const valid = JSON.parse(
      inflateSync(Buffer.from(tencentBase64(testServer().issueUserSig('alice', 60)), 'base64')).toString(),
    );
    const { 'TLS.sig': _dropped, ...unsigned } = valid;
    const deflated = (doc: unknown) =>
      deflateSync(JSON.stringify(doc))
        .toString('base64')
        .replace(/\+/g, '*')
        .replace(/\//g, '-')
        .replace(/=/g, '_');

    for (const userSig of [
      '',
      'not-a-usersig',
      '*-_',
      deflated(unsigned),
      deflated({ ...valid, 'TLS.ver': '1.0' }),
      deflated([1]),
    ])
      expect((await loginWith(userSig)).result.code).toBe(ImErrorCode.USER_SIG_UNPARSABLE);
    expect((await loginWith(deflated(valid))).result.code).toBe(0);
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
    expect((await sdk.login({ userID: 'alice', userSig })).code).toBe(ImErrorCode.SDK_NOT_INITIALIZED);

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
        (await sdk.initSDK({ sdkAppID, logLevel: 'warn', listener: recordingListener().listener })).code,
      ).toBe(6017);
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

    expect((await second).code).toBe(ImErrorCode.LOGIN_IN_PROGRESS);
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
