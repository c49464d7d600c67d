import { createSession, type SessionActor, selectStatus, selectSubstate } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import TencentCloudChat from '@tencentcloud/chat';
import { Api } from 'tls-sig-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { deadPort, installWebSocket } from './ws-global';

// The real @tencentcloud/chat 3.6.6 with no service: every WebSocket it opens goes to a closed 127.0.0.1 port.
let webSocket: ReturnType<typeof installWebSocket>;
let session: SessionActor | undefined;
const userSig = new Api(1400000001, 'test-only-key').genUserSig('alice', 86_400);

beforeAll(async () => {
  webSocket = installWebSocket(`ws://127.0.0.1:${await deadPort()}`);
});

afterEach(() => {
  session?.stop();
  session = undefined;
  vi.useRealTimers();
});

afterAll(() => webSocket.restore());

/** Timers and sockets that keep Node running (checked from a timer callback, so not counting our own). */
const keepingAlive = () =>
  process
    .getActiveResourcesInfo()
    .filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap')
    .sort();
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

function offlineSession(sdkAppID: number, loginTimeoutMs: number) {
  const sdk = createTencentChatSdk(TencentCloudChat);
  const login = vi.spyOn(sdk, 'login');
  session = createSession({ sdk, sdkAppID, logLevel: 'none', loginTimeoutMs, retry: { baseDelayMs: 1_000 } });
  session.start();
  return { session, login };
}

describe('the real SDK offline', () => {
  it('opens a WebSocket on initSDK; its login fails after 90 s with 2801, which the session retries', async () => {
    vi.useFakeTimers();
    const { session, login } = offlineSession(1400000001, 120_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
    expect(webSocket.opened).toHaveLength(1);
    expect(webSocket.opened[0]?.url).toMatch(/^wss:\/\/.*sdkappid=1400000001/);
    await webSocket.opened[0]?.closed; // refused, in real time

    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await vi.advanceTimersByTimeAsync(89_000);
    expect(selectSubstate(session.getSnapshot())).toBe('connecting.loggingIn');
    expect(session.getSnapshot().context.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(login.mock.results[0]?.value).rejects.toMatchObject({ code: 2801 });
    expect(session.getSnapshot().context.error).toStrictEqual({
      code: 2801,
      message: 'SDK error 2801',
      source: 'sdk',
    });
    await vi.advanceTimersByTimeAsync(1_000); // the first retry's longest backoff
    expect(selectStatus(session.getSnapshot())).toBe('connecting');
    expect(login).toHaveBeenCalledTimes(2);

    session.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(0); // the SDK's 1 s interval is gone: destroy() ran
  });

  it('leaves nothing that keeps the process alive once the session stops', async () => {
    const before = keepingAlive();
    const { session } = offlineSession(1400000002, 15_000);
    await waitFor(session, (snapshot) => selectStatus(snapshot) === 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await pause();
    expect(keepingAlive().length).toBeGreaterThan(before.length); // the SDK's 1 s interval, at least

    session.stop();
    await Promise.all(webSocket.opened.map(({ closed }) => closed));
    // A timer of Node's own that was alive before may have ended meanwhile: compare per kind, at most as many.
    const count = (kinds: string[], kind: string) => kinds.filter((each) => each === kind).length;
    const settled = () =>
      ['Timeout', 'TCPSocketWrap'].every((kind) => count(keepingAlive(), kind) <= count(before, kind));
    for (let tries = 0; tries < 100 && !settled(); tries++) await pause();
    for (const kind of ['Timeout', 'TCPSocketWrap']) {
      expect(count(keepingAlive(), kind), kind).toBeLessThanOrEqual(count(before, kind));
    }
  });

  it('initSDK right after unInitSDK gets a fresh instance, not the cached one still being destroyed', async () => {
    const sdk = createTencentChatSdk(TencentCloudChat);
    const listener = {
      onConnecting() {},
      onConnectSuccess() {},
      onConnectFailed() {},
      onKickedOffline() {},
      onUserSigExpired() {},
      onSelfInfoUpdated() {},
    };
    const params = { sdkAppID: 1400000003, logLevel: 'none', listener } as const;
    await sdk.initSDK(params);
    const socketsBefore = webSocket.opened.length;
    void sdk.unInitSDK();
    await expect(sdk.initSDK(params)).resolves.toMatchObject({ code: 0 });
    expect(webSocket.opened.length).toBe(socketsBefore + 1);
    await sdk.unInitSDK();
  });
});
