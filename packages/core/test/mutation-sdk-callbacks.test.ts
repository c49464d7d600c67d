import type { SelfInfo } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onlineSession, stopAllSessions } from './fake-sdk';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
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
