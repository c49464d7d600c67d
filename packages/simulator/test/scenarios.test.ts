import {
  createSession,
  type SessionActor,
  type SessionEmitted,
  type SessionOptions,
  selectStatus,
  selectSubstate,
  type UserSigProvider,
} from '@imstate/core';
import type { ImServer, Platform, SimulatedSdk } from '@imstate/simulator';
import { Api } from 'tls-sig-api-v2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_APP_ID, SECRET_KEY, testServer } from './support';

// Every scenario drives the real core session against simulator clients, on fake timers.
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2032-03-04T05:06:07.000Z') });
});

const running: SessionActor[] = [];
afterEach(() => {
  for (const session of running.splice(0)) session.stop();
  vi.useRealTimers();
});

/** Lets replies, callbacks and the session's own steps run; `ms` moves fake time forward. */
const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

interface Device {
  sdk: SimulatedSdk;
  session: SessionActor;
  emitted: string[];
  logins: () => number;
  status: () => string;
  substate: () => string;
  context: () => ReturnType<SessionActor['getSnapshot']>['context'];
}

function device(server: ImServer, platform: Platform = 'web', options: Partial<SessionOptions> = {}): Device {
  const sdk = server.createClient({ platform });
  const login = vi.spyOn(sdk, 'login');
  const session = createSession({ sdk, sdkAppID: server.sdkAppID, ...options });
  const emitted: string[] = [];
  const record = (event: SessionEmitted) =>
    emitted.push(
      event.type === 'kicked'
        ? `kicked:${event.reason}`
        : event.type === 'error'
          ? `error:${event.error.code}`
          : event.type,
    );
  for (const type of ['online', 'kicked', 'sigExpired', 'loggedOut', 'error'] as const)
    session.on(type, record);
  running.push(session);
  session.start();
  return {
    sdk,
    session,
    emitted,
    logins: () => login.mock.calls.length,
    status: () => selectStatus(session.getSnapshot()),
    substate: () => selectSubstate(session.getSnapshot()),
    context: () => session.getSnapshot().context,
  };
}

/** A getUserSig that asks the simulated server, as an app would ask its own backend. */
function userSigsFrom(server: ImServer, expireSeconds = 3600) {
  return vi.fn<UserSigProvider>(async (userID) => server.issueUserSig(userID, expireSeconds));
}

describe('login', () => {
  it('logs in with a UserSig from getUserSig and goes online', async () => {
    const server = testServer();
    const getUserSig = userSigsFrom(server);
    const a = device(server, 'web', { getUserSig });
    await settle();
    expect(a.status()).toBe('loggedOut');

    a.session.send({ type: 'LOGIN', userID: 'alice' });
    expect(a.status()).toBe('connecting');
    await settle();

    expect(a.status()).toBe('online');
    expect(a.context().userID).toBe('alice');
    expect(a.emitted).toEqual(['online']);
    expect(getUserSig).toHaveBeenCalledWith('alice', expect.objectContaining({ reason: 'login' }));
    expect(server.sessions()).toEqual([expect.objectContaining({ userID: 'alice', platform: 'web' })]);
  });

  it('logs in with a UserSig minted by tls-sig-api-v2 given in LOGIN', async () => {
    const server = testServer();
    const a = device(server);
    a.session.send({
      type: 'LOGIN',
      userID: 'alice',
      userSig: new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 60),
    });
    await settle();

    expect(a.status()).toBe('online');
    expect(a.logins()).toBe(1);
  });

  it('releases the place on the server when the session stops', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.session.stop();
    await settle();

    expect(server.sessions()).toEqual([]);
  });
});

describe('two devices of the same platform', () => {
  it('kicks the older device, which stays kicked until "log in again", which kicks the other one', async () => {
    const server = testServer();
    const a = device(server, 'android', { getUserSig: userSigsFrom(server) });
    const b = device(server, 'android', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    b.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    expect([a.status(), b.status()]).toEqual(['kicked', 'online']);
    expect(a.context().kickReason).toBe('multipleDevice');
    expect(a.emitted).toEqual(['online', 'kicked:multipleDevice']);
    await settle(60_000);
    expect(a.logins()).toBe(1);

    a.session.send({ type: 'RELOGIN' });
    await settle();
    expect([a.status(), b.status()]).toEqual(['online', 'kicked']);
    expect(a.context().kickReason).toBeUndefined();
    expect(b.context().kickReason).toBe('multipleDevice');

    await settle(60_000);
    expect([a.logins(), b.logins()]).toEqual([2, 1]);
    expect(server.sessions()).toEqual([expect.objectContaining({ userID: 'alice', platform: 'android' })]);
  });

  it('web: a second page kicks the first with multipleAccount, unless maxWebInstances lets both stay', async () => {
    const pages = async (maxWebInstances: number) => {
      const server = testServer({ maxWebInstances });
      const first = device(server, 'web', { getUserSig: userSigsFrom(server) });
      const second = device(server, 'web', { getUserSig: userSigsFrom(server) });
      first.session.send({ type: 'LOGIN', userID: 'alice' });
      await settle();
      second.session.send({ type: 'LOGIN', userID: 'alice' });
      await settle();
      return [first, second];
    };

    const [a, b] = await pages(1);
    expect([a!.status(), b!.status()]).toEqual(['kicked', 'online']);
    expect(a!.emitted).toEqual(['online', 'kicked:multipleAccount']);
    const [c, d] = await pages(2);
    expect([c!.status(), d!.status()]).toEqual(['online', 'online']);
  });

  it('R6: "log in again" asks getUserSig (reason relogin) when the held UserSig is past its decoded expiry', async () => {
    const server = testServer();
    const getUserSig = userSigsFrom(server, 600);
    const a = device(server, 'web', { getUserSig });
    const b = device(server, 'web', { getUserSig: userSigsFrom(server) });
    const loggedInAt = server.now();
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    // The session decodes the UserSig's expiry with the platform's DecompressionStream, which fake timers
    // do not drive: wait (in real time) until it is known.
    await vi.waitFor(() => expect(a.context().sigExpiresAt).toBe(loggedInAt + 600_000), { interval: 2 });
    b.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle(600_000);
    expect(a.status()).toBe('kicked');

    a.session.send({ type: 'RELOGIN' });
    await settle();
    expect(a.status()).toBe('online');
    expect(getUserSig.mock.calls.map(([, info]) => info.reason)).toEqual(['login', 'relogin']);
    expect(a.logins()).toBe(2);
  });

  it('keeps devices of different platforms online together', async () => {
    const server = testServer();
    const web = device(server, 'web', { getUserSig: userSigsFrom(server) });
    const ios = device(server, 'ios', { getUserSig: userSigsFrom(server) });
    web.session.send({ type: 'LOGIN', userID: 'alice' });
    ios.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    expect([web.status(), ios.status()]).toEqual(['online', 'online']);
  });

  it('reports a REST API kick as kicked with reason restApi', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    server.kick('alice');
    await settle();

    expect(a.status()).toBe('kicked');
    expect(a.emitted).toEqual(['online', 'kicked:restApi']);
  });
});

describe('switching users', () => {
  it('does nothing for LOGIN as the same user while online', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    expect(a.status()).toBe('online');
    expect(a.logins()).toBe(1);
  });

  it('logs the previous user out and the new one in for LOGIN as another user', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    const logout = vi.spyOn(a.sdk, 'logout');
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.session.send({ type: 'LOGIN', userID: 'bob' });
    await settle();

    expect(a.status()).toBe('online');
    expect(a.context().userID).toBe('bob');
    expect(logout).toHaveBeenCalledTimes(1);
    expect(server.sessions().map((session) => session.userID)).toEqual(['bob']);
  });
});

describe('network drop and recovery', () => {
  it('goes offline with 2801 and back online by itself, without a new login', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    a.sdk.network.drop();
    await settle();
    expect(a.substate()).toBe('connecting.offline');
    expect(a.context().error?.code).toBe(2801);

    await settle(120_000);
    a.sdk.network.restore();
    await settle();
    expect(a.status()).toBe('online');
    expect(a.context().error).toBeUndefined();
    expect(a.logins()).toBe(1);
    expect(a.emitted).toEqual(['online', 'error:2801', 'online']);
  });

  it('comes back kicked when another device took the place during the outage', async () => {
    const server = testServer();
    const a = device(server, 'ios', { getUserSig: userSigsFrom(server) });
    const b = device(server, 'ios', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.sdk.network.drop();
    b.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect([a.status(), b.status()]).toEqual(['connecting', 'online']);

    a.sdk.network.restore();
    await settle();
    expect(a.status()).toBe('kicked');
    expect(a.context().kickReason).toBe('multipleDevice');
  });
});

describe('UserSig expiry', () => {
  it('refreshes through a getUserSig that asks the server when the server clock passes the expiry', async () => {
    const server = testServer();
    const getUserSig = userSigsFrom(server, 600);
    const a = device(server, 'web', { getUserSig });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    server.advanceTime(600_000);
    await settle();
    expect(a.status()).toBe('online');
    expect(a.emitted).toEqual(['online', 'sigExpired', 'online']);
    expect(getUserSig.mock.calls.map(([, info]) => info.reason)).toEqual(['login', 'expired']);
    expect(server.sessions()[0]?.expiresAt).toBe(server.now() + 600_000);
  });

  it('refreshes as real time passes the expiry', async () => {
    const server = testServer();
    const getUserSig = userSigsFrom(server, 60);
    const a = device(server, 'web', { getUserSig });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    await settle(59_000);
    expect(a.emitted).toEqual(['online']);
    await settle(1_000);
    expect(a.emitted).toEqual(['online', 'sigExpired', 'online']);
    expect(a.logins()).toBe(2);
  });

  it('comes back online after an outage during which the UserSig expired, through a refresh', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server, 600) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.sdk.network.drop();
    server.advanceTime(600_000);
    await settle();
    expect(a.status()).toBe('connecting');

    a.sdk.network.restore();
    await settle();
    expect(a.status()).toBe('online');
    expect(a.emitted).toEqual(['online', 'error:2801', 'sigExpired', 'online']);
  });
});

describe('refresh that cannot succeed', () => {
  it('stops after sigRetry.maxAttempts when getUserSig keeps handing out expired UserSigs', async () => {
    const server = testServer();
    let handedOut = 0;
    // Each one differs (another expire value), so each refresh attempt reaches the server.
    const expiredUserSig = async (userID: string) => server.issueUserSig(userID, -handedOut++);
    const a = device(server, 'web', {
      getUserSig: expiredUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle(60_000);

    expect(a.substate()).toBe('sigExpired.waiting');
    expect(a.context().error?.code).toBe(70001);
    expect(a.logins()).toBe(4);
    await settle(600_000);
    expect(a.logins()).toBe(4);
  });
});

describe('refused logins', () => {
  it('stays logged out with 70009 for a UserSig signed with the wrong key, without retrying', async () => {
    const server = testServer();
    const a = device(server);
    a.session.send({
      type: 'LOGIN',
      userID: 'alice',
      userSig: new Api(SDK_APP_ID, 'wrong-key').genUserSig('alice', 60),
    });
    await settle(120_000);

    expect(a.status()).toBe('loggedOut');
    expect(a.context().error).toMatchObject({ code: 70009, source: 'sdk' });
    expect(a.logins()).toBe(1);
  });

  it('stays logged out with 70014 for a UserSig of another SDKAppID', async () => {
    const server = testServer();
    const a = device(server);
    a.session.send({
      type: 'LOGIN',
      userID: 'alice',
      userSig: new Api(1400000999, SECRET_KEY).genUserSig('alice', 60),
    });
    await settle(120_000);

    expect(a.status()).toBe('loggedOut');
    expect(a.context().error?.code).toBe(70014);
    expect(a.logins()).toBe(1);
  });

  it('stays logged out with 70014 when the app is configured with another SDKAppID', async () => {
    const server = testServer();
    const sdk = server.createClient();
    const session = createSession({ sdk, sdkAppID: 1400000999 });
    running.push(session);
    session.start();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await settle(120_000);

    expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
    expect(session.getSnapshot().context.error?.code).toBe(70014);
  });

  it('rests in sigExpired with 70001 for an expired UserSig and no getUserSig, until LOGIN with a fresh one', async () => {
    const server = testServer();
    const a = device(server);
    a.session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 0) });
    await settle(120_000);
    expect(a.substate()).toBe('sigExpired.waiting');
    expect(a.context().error?.code).toBe(70001);
    expect(a.logins()).toBe(1);

    a.session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await settle();
    expect(a.status()).toBe('online');
  });

  it('refreshes an expired UserSig given in LOGIN through getUserSig', async () => {
    const server = testServer();
    const getUserSig = userSigsFrom(server);
    const a = device(server, 'web', { getUserSig });
    a.session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('alice', 0) });
    await settle();

    expect(a.status()).toBe('online');
    expect(a.emitted).toEqual(['error:70001', 'sigExpired', 'online']);
    expect(getUserSig).toHaveBeenCalledWith('alice', expect.objectContaining({ reason: 'expired' }));
  });
});

describe('logout while a login is in flight', () => {
  it('is logged out at once and leaves no session on the server when the login lands', async () => {
    const server = testServer({ latencyMs: 200 });
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    await settle(200);
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle(50);
    expect(a.logins()).toBe(1);

    a.session.send({ type: 'LOGOUT' });
    expect(a.status()).toBe('loggedOut');
    await settle(1_000);

    expect(a.status()).toBe('loggedOut');
    expect(server.sessions()).toEqual([]);
    expect(a.emitted).toEqual(['loggedOut']);
  });
});

describe('profile updates', () => {
  it('keeps the status and shows the merged profile in context.selfInfo', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();

    server.updateProfile('alice', { nickName: 'Alice' });
    server.updateProfile('alice', { faceUrl: 'https://example.test/alice.png' });
    await settle();
    expect(a.status()).toBe('online');
    expect(a.context().selfInfo).toEqual({
      userID: 'alice',
      nickName: 'Alice',
      faceUrl: 'https://example.test/alice.png',
    });
  });

  it('gives the session a profile it can serialise, whatever the patch held', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    const nested: Record<string, unknown> = { level: 3 };
    nested.self = nested;

    server.updateProfile('alice', { nickName: 'Alice', stars: 10n, greet: () => 'hi', nested });
    await settle();
    expect(a.context().selfInfo).toStrictEqual({ userID: 'alice', nickName: 'Alice', nested: { level: 3 } });
    expect(JSON.parse(JSON.stringify(a.session.getSnapshot())).context.selfInfo.nickName).toBe('Alice');
    expect(JSON.stringify(a.session.getPersistedSnapshot())).toContain('"nested":{"level":3}');
  });

  it('brings a change made during an outage once the device is back online', async () => {
    const server = testServer();
    const a = device(server, 'web', { getUserSig: userSigsFrom(server) });
    a.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    a.sdk.network.drop();
    server.updateProfile('alice', { nickName: 'Offline Alice' });
    await settle();
    expect(a.context().selfInfo).toBeUndefined();

    a.sdk.network.restore();
    await settle();
    expect(a.status()).toBe('online');
    expect(a.context().selfInfo).toEqual({ userID: 'alice', nickName: 'Offline Alice' });
  });
});
