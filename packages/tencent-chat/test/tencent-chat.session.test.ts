import {
  createSession,
  type SessionActor,
  type SessionStatus,
  selectStatus,
  selectSubstate,
} from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { createFakeTencentChat, type FakeTencentChat, TYPES } from './fake-tencent-chat';

let fake: FakeTencentChat;
let session: SessionActor;

const status = () => selectStatus(session.getSnapshot());
const reach = (expected: SessionStatus) =>
  waitFor(session, (snapshot) => selectStatus(snapshot) === expected, { timeout: 1000 });

async function onlineSession(getUserSig?: () => Promise<string>) {
  session = createSession({ sdk: createTencentChatSdk(fake.module), sdkAppID: 1400000001, getUserSig });
  session.start();
  await reach('loggedOut');
  fake.autoReady();
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'first-sig' });
  await reach('online');
}

beforeEach(() => {
  fake = createFakeTencentChat();
});

afterEach(() => {
  session.stop();
});

describe('a core session driven through the adapter (scripted SDK)', () => {
  it('is online only after SDK_READY, not when login() resolves', async () => {
    session = createSession({ sdk: createTencentChatSdk(fake.module), sdkAppID: 1400000001 });
    session.start();
    await reach('loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    fake.nextLogin().resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(status()).toBe('connecting');
    fake.becomeReady();
    await reach('online');
  });

  it('kicked by another device: lands in kicked and does not log in by itself', async () => {
    await onlineSession();
    fake.kick(TYPES.KICKED_OUT_MULT_DEVICE);
    expect(status()).toBe('kicked');
    expect(session.getSnapshot().context.kickReason).toBe('multipleDevice');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(status()).toBe('kicked');
    expect(fake.chat.login).toHaveBeenCalledOnce();
  });

  it('UserSig expired: refreshes through getUserSig and logs in again', async () => {
    const getUserSig = vi.fn(async () => 'second-sig');
    const expired = vi.fn();
    await onlineSession(getUserSig);
    session.on('sigExpired', expired);
    fake.kick(TYPES.KICKED_OUT_USERSIG_EXPIRED);
    expect(status()).toBe('sigExpired');
    expect(expired).toHaveBeenCalledOnce();
    await reach('online');
    expect(getUserSig).toHaveBeenCalledWith('alice', expect.objectContaining({ reason: 'expired' }));
    expect(fake.chat.login).toHaveBeenLastCalledWith({ userID: 'alice', userSig: 'second-sig' });
  });

  it('network drop: goes offline with code 2800 and back online without a new login', async () => {
    await onlineSession();
    fake.netState(TYPES.NET_STATE_CONNECTING);
    expect(selectSubstate(session.getSnapshot())).toBe('connecting.reconnecting');
    fake.netState(TYPES.NET_STATE_DISCONNECTED);
    expect(selectSubstate(session.getSnapshot())).toBe('connecting.offline');
    expect(session.getSnapshot().context.error?.code).toBe(2800);
    fake.netState(TYPES.NET_STATE_CONNECTING);
    fake.netState(TYPES.NET_STATE_CONNECTED);
    expect(status()).toBe('online');
    expect(fake.chat.login).toHaveBeenCalledOnce();
  });

  it("keeps the user's own profile in context.selfInfo", async () => {
    await onlineSession();
    fake.profiles([
      { userID: 'bob', nick: 'Bob' },
      { userID: 'alice', nick: 'Alice', avatar: 'https://example.com/a.png' },
    ]);
    expect(session.getSnapshot().context.selfInfo).toMatchObject({
      userID: 'alice',
      nickName: 'Alice',
      faceUrl: 'https://example.com/a.png',
    });
  });

  it('stop() unsubscribes and destroys the SDK instance', async () => {
    await onlineSession();
    session.stop();
    await vi.waitFor(() => expect(fake.chat.destroy).toHaveBeenCalledOnce());
    expect(fake.subscriptionCount()).toBe(0);
  });
});
