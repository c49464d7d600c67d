import { afterEach, describe, expect, it, vi } from 'vitest';
import { flush, initialisedClient, loggedInClient, recordingListener, testServer } from './support';

afterEach(() => {
  vi.useRealTimers();
});

function settled<T>(promise: Promise<T>) {
  const state = { done: false };
  void promise.then(() => {
    state.done = true;
  });
  return state;
}

describe('answers are never synchronous', () => {
  it('settles initSDK, login and logout in a later microtask with latencyMs 0', async () => {
    const server = testServer();
    const sdk = server.createClient();
    const { listener } = recordingListener();

    for (const call of [
      () => sdk.initSDK({ sdkAppID: server.sdkAppID, logLevel: 'warn', listener }),
      () => sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) }),
      () => sdk.logout(),
    ]) {
      const state = settled(call());
      expect(state.done).toBe(false);
      await flush();
      expect(state.done).toBe(true);
    }
  });

  it('delivers callbacks in a later microtask, never during the call that caused them', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    server.kick('alice');

    expect(client.heard).toEqual([]);
    await flush();
    expect(client.heard).toEqual(['kicked:restApi']);
  });
});

describe('listeners', () => {
  it('skips callbacks a plain-JS listener leaves out, and calls the others on the listener', async () => {
    const server = testServer();
    const sdk = server.createClient();
    const listener = {
      kicks: [] as unknown[],
      onKickedOffline(reason: unknown) {
        this.kicks.push(reason);
      },
    };
    // @ts-expect-error: a partial listener, as plain JS may pass
    await sdk.initSDK({ sdkAppID: server.sdkAppID, logLevel: 'warn', listener });
    await sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    sdk.network.drop();
    sdk.network.restore();
    server.updateProfile('alice', { nickName: 'Alice' });
    server.kick('alice');
    await flush();

    expect(listener.kicks).toEqual(['restApi']);
  });

  it('works without any listener: what would be told is dropped, nothing throws', async () => {
    const unhandled: unknown[] = [];
    const collect = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', collect);
    try {
      const server = testServer();
      const sdk = server.createClient();
      // @ts-expect-error: no listener, as plain JS may pass
      await sdk.initSDK({ sdkAppID: server.sdkAppID, logLevel: 'warn' });
      await sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
      sdk.network.drop();
      sdk.network.restore();
      server.updateProfile('alice', { nickName: 'Alice' });
      expect(server.kick('alice')).toBe(1);
      await flush();
      // Node reports unhandled rejections after the microtasks have run.
      await new Promise((resolve) => setTimeout(resolve, 0));

      expect(unhandled).toEqual([]);
      expect(server.sessions()).toEqual([]);
    } finally {
      process.off('unhandledRejection', collect);
    }
  });
});

describe('latencyMs', () => {
  it('delays every reply by the latency under fake timers', async () => {
    vi.useFakeTimers();
    const server = testServer({ latencyMs: 250 });
    const client = initialisedClient(server);
    const init = settled(client.init);

    await vi.advanceTimersByTimeAsync(249);
    expect(init.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(init.done).toBe(true);

    const login = settled(client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) }));
    await vi.advanceTimersByTimeAsync(249);
    expect(login.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(login.done).toBe(true);
  });

  it('delays every callback by the latency, in the order they were sent', async () => {
    vi.useFakeTimers();
    const server = testServer({ latencyMs: 100 });
    const client = initialisedClient(server);
    await vi.advanceTimersByTimeAsync(100);
    const login = client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await vi.advanceTimersByTimeAsync(100);
    await login;

    client.sdk.network.drop();
    server.updateProfile('alice', { nickName: 'Alice' });
    await vi.advanceTimersByTimeAsync(99);
    expect(client.heard).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.heard).toEqual(['connecting', 'connectFailed:2801']);
  });
});

describe('no callbacks after logout or unInitSDK', () => {
  it('drops callbacks still on their way when the client logs out', async () => {
    vi.useFakeTimers();
    const server = testServer({ latencyMs: 50 });
    const client = initialisedClient(server);
    await vi.advanceTimersByTimeAsync(50);
    void client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await vi.advanceTimersByTimeAsync(50);

    client.sdk.network.drop();
    server.updateProfile('alice', { nickName: 'Alice' });
    void client.sdk.logout();
    server.kick('alice');
    await vi.runAllTimersAsync();

    expect(client.heard).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops callbacks still on their way when the client is uninitialised, and hears nothing after', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    server.kick('alice');
    client.sdk.unInitSDK();
    await flush();
    client.sdk.network.drop();
    client.sdk.network.restore();
    server.updateProfile('alice', { nickName: 'Alice' });
    server.advanceTime(86_400_000);
    await flush();

    expect(client.heard).toEqual([]);
  });

  it('leaves no place behind when logout is called while a login is on its way', async () => {
    vi.useFakeTimers();
    const server = testServer({ latencyMs: 100 });
    const client = initialisedClient(server);
    await vi.advanceTimersByTimeAsync(100);
    const login = client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    const logout = client.sdk.logout();
    await vi.advanceTimersByTimeAsync(100);

    expect([(await login).code, (await logout).code]).toEqual([0, 0]);
    expect(server.sessions()).toEqual([]);
    expect(client.sdk.userID).toBeUndefined();
  });

  it('drops callbacks of an earlier session once a new login succeeds', async () => {
    vi.useFakeTimers();
    const server = testServer({ latencyMs: 100 });
    const client = initialisedClient(server);
    await vi.advanceTimersByTimeAsync(100);
    void client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await vi.advanceTimersByTimeAsync(100);

    server.kick('alice');
    void client.sdk.login({ userID: 'alice', userSig: server.issueUserSig('alice', 60) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.heard).toEqual([]);
    expect(client.sdk.userID).toBe('alice');
  });

  it('answers logout with success when not logged in (it is idempotent)', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    server.kick('alice');
    await flush();

    expect(await client.sdk.logout()).toEqual({ code: 0, desc: 'ok' });
    expect(await client.sdk.logout()).toEqual({ code: 0, desc: 'ok' });
  });
});
