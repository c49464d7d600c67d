import type { AddressInfo } from 'node:net';
import {
  createSession,
  type SessionActor,
  type SessionOptions,
  type SessionStatus,
  selectStatus,
  selectSubstate,
} from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import TencentCloudChat from '@tencentcloud/chat';
import { Api } from 'tls-sig-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { waitFor } from 'xstate';
import { createListener } from './adapter-harness';
import { installWebSocket } from './ws-global';

/**
 * A stand-in for Tencent's WebSocket gateway that knows three commands: `heartbeat.alive` (always fine),
 * `im_open_status.wslogin` (answered with `loginErrorCode`) and `im_open_status.wslogout` (fine). The SDK frames JSON
 * as binary messages: `{ head: { servcmd, seq, … }, body }`, answered by `{ head: { servcmd, seq }, body: { ErrorCode,
 * ErrorInfo, … } }`. A successful login answer carries the TinyId and A2Key the SDK keeps while logged in; it does not
 * make the SDK ready (it then syncs through many more commands), so these tests cover the login path only.
 */
interface WireHead {
  servcmd: string;
  seq: number;
  identifier: string;
  sdkappid: number;
}

function startGateway() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const gateway = {
    loginErrorCode: 0,
    logins: [] as Pick<WireHead, 'identifier' | 'sdkappid'>[],
    /** Every login and logout, in order: `login alice`, `logout`. */
    calls: [] as string[],
  };
  const answers: Record<string, (head: WireHead) => Record<string, unknown>> = {
    'heartbeat.alive': () => ({ ErrorCode: 0 }),
    'im_open_status.wslogin': ({ identifier, sdkappid }) => {
      gateway.logins.push({ identifier, sdkappid });
      gateway.calls.push(`login ${identifier}`);
      const ErrorCode = gateway.loginErrorCode;
      return ErrorCode === 0 ? { ErrorCode, TinyId: '144115000000000001', A2Key: 'a2-key' } : { ErrorCode };
    },
    'im_open_status.wslogout': () => {
      gateway.calls.push('logout');
      return { ErrorCode: 0 };
    },
  };
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const { head } = JSON.parse(String(raw)) as { head: WireHead };
      const answer = answers[head.servcmd];
      if (!answer) return; // e.g. imopenstat.tim_web_report_v2
      const body = { ErrorInfo: '', ...answer(head) };
      socket.send(Buffer.from(JSON.stringify({ head: { servcmd: head.servcmd, seq: head.seq }, body })));
    });
  });
  const ready = new Promise<string>((resolve) =>
    server.once('listening', () => resolve(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  const close = () => {
    for (const client of server.clients) client.terminate();
    return new Promise((resolve) => server.close(resolve));
  };
  return { gateway, ready, close };
}

const SECRET_KEY = 'test-only-key'; // the gateway does not check signatures
let webSocket: ReturnType<typeof installWebSocket>;
let local: ReturnType<typeof startGateway>;
let proxyServer: string;
let session: SessionActor | undefined;

beforeAll(async () => {
  webSocket = installWebSocket();
  local = startGateway();
  proxyServer = await local.ready;
});

afterEach(() => {
  session?.stop();
  session = undefined;
});

afterAll(async () => {
  await local.close();
  webSocket.restore();
});

async function logInThroughRealSdk(
  sdkAppID: number,
  loginErrorCode: number,
  settled: SessionStatus,
  options: Partial<SessionOptions> = {},
) {
  local.gateway.loginErrorCode = loginErrorCode;
  const sdk = createTencentChatSdk(TencentCloudChat, { proxyServer });
  session = createSession({ sdk, sdkAppID, logLevel: 'none', ...options });
  session.start();
  await waitFor(session, (snapshot) => selectStatus(snapshot) === 'loggedOut', { timeout: 2_000 });
  const userSig = new Api(sdkAppID, SECRET_KEY).genUserSig('alice', 86_400);
  session.send({ type: 'LOGIN', userID: 'alice', userSig });
  return waitFor(session, (snapshot) => selectStatus(snapshot) === settled, { timeout: 4_000 });
}

describe('the real SDK against a local gateway (login path only)', () => {
  it('login answered 70001 (UserSig expired) ends in sigExpired', async () => {
    const snapshot = await logInThroughRealSdk(1400000011, 70001, 'sigExpired');
    expect(snapshot.context.error?.code).toBe(70001);
    expect(local.gateway.logins).toContainEqual({ identifier: 'alice', sdkappid: 1400000011 });
    expect(webSocket.opened.some(({ url }) => url.startsWith(proxyServer))).toBe(true);
  });

  it('login answered 70009 (bad signature) ends in loggedOut with code 70009, without retrying', async () => {
    const loggedOut = local.gateway.logins.length;
    const snapshot = await logInThroughRealSdk(1400000012, 70009, 'loggedOut');
    expect(snapshot.context.error).toMatchObject({ code: 70009, source: 'sdk' });
    expect(local.gateway.logins.length - loggedOut).toBe(1);
  });

  it('70001 on every login: refreshes the UserSig sigRetry.maxAttempts times, then rests in sigExpired', async () => {
    const before = local.gateway.logins.length;
    let refreshes = 0;
    const getUserSig = async (userID: string) =>
      new Api(1400000013, SECRET_KEY).genUserSig(userID, 86_400 + ++refreshes);
    await logInThroughRealSdk(1400000013, 70001, 'sigExpired', {
      getUserSig,
      sigRetry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    // `sigExpired.waiting` starts nothing by itself (only the app's RETRY or LOGIN leaves it), and the session
    // reaches it only once the gateway has answered its last login: every login it sent is counted by then.
    const rested = await waitFor(session!, (snapshot) => selectSubstate(snapshot) === 'sigExpired.waiting', {
      timeout: 4_000,
    });
    expect(rested.context.error?.code).toBe(70001);
    expect(refreshes).toBe(2);
    expect(local.gateway.logins.length - before).toBe(3); // the first login, then one per refresh
  });

  it('a login of another user while logged in: the adapter logs the first out, and the SDK logs in as the other', async () => {
    const sdkAppID = 1400000014;
    const userSig = (userID: string) => new Api(sdkAppID, SECRET_KEY).genUserSig(userID, 86_400);
    local.gateway.loginErrorCode = 0;
    local.gateway.calls.length = 0;
    const sdk = createTencentChatSdk(TencentCloudChat, { proxyServer });
    await sdk.initSDK({ sdkAppID, logLevel: 'none', listener: createListener() });
    // The instance the adapter created: create() hands out the cached one for this SDKAppID.
    const chat = TencentCloudChat.create({ SDKAppID: sdkAppID });
    try {
      // Neither login resolves here: the SDK is never ready against this gateway.
      void sdk.login({ userID: 'alice', userSig: userSig('alice') });
      await vi.waitFor(() => expect(String(chat.getLoginUser())).toBe('alice'), { timeout: 2_000 });
      void sdk.login({ userID: 'bob', userSig: userSig('bob') });
      await vi.waitFor(() => expect(String(chat.getLoginUser())).toBe('bob'), { timeout: 2_000 });
      expect(local.gateway.calls).toEqual(['login alice', 'logout', 'login bob']);
    } finally {
      await sdk.unInitSDK();
    }
  });
});
