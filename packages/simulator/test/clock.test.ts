import type { ImSdkListener } from '@imstate/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServerClock } from '../src/clock';
import { flush, loggedInClient, SDK_APP_ID, testServer } from './support';

afterEach(() => {
  vi.useRealTimers();
});

describe('UserSig expiry through advanceTime', () => {
  it('tells a logged-in client once, when its UserSig falls due, and logs it out', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const client = await loggedInClient(server, 'alice', 'web', 60);

    server.advanceTime(59_999);
    await flush();
    expect(client.heard).toEqual([]);
    expect(client.sdk.userID).toBe('alice');

    server.advanceTime(1);
    server.advanceTime(60_000);
    await flush();
    expect(client.heard).toEqual(['userSigExpired']);
    expect(client.sdk.userID).toBeUndefined();
    expect(server.sessions()).toEqual([]);
  });

  it('expires each client by its own UserSig', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const short = await loggedInClient(server, 'alice', 'web', 60);
    const long = await loggedInClient(server, 'bob', 'web', 120);

    server.advanceTime(90_000);
    await flush();
    expect(short.heard).toEqual(['userSigExpired']);
    expect(long.heard).toEqual([]);
    expect(server.now()).toBe(1_800_000_090_000);
  });

  it('refuses to move the clock backwards', () => {
    expect(() => testServer().advanceTime(-1)).toThrow(RangeError);
  });

  it('refuses to move the clock past the last valid Date, after which no UserSig could be issued', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const error = new RangeError(
      'advanceTime: ms must be a finite number >= 0 that keeps the server clock within the range of Date',
    );
    for (const ms of [Infinity, NaN, 1e300, 8.64e15]) expect(() => server.advanceTime(ms)).toThrow(error);
    expect(server.now()).toBe(1_800_000_000_000);

    server.advanceTime(8.64e15 - 1_800_000_000_000);
    await loggedInClient(server, 'alice', 'web', 60);
  });

  it('expireAllUserSigs moves the clock to the last expiry, and fresh UserSigs work afterwards', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const a = await loggedInClient(server, 'alice', 'web', 60);
    const b = await loggedInClient(server, 'bob', 'ios', 600);

    expect(server.expireAllUserSigs()).toBe(600_000);
    await flush();
    expect([a.heard, b.heard]).toEqual([['userSigExpired'], ['userSigExpired']]);
    expect(server.expireAllUserSigs()).toBe(0);
    await loggedInClient(server, 'alice', 'web', 60);
  });
});

describe('UserSig expiry as real time passes', () => {
  it('fires under fake timers when the UserSig falls due', async () => {
    vi.useFakeTimers({ now: new Date('2031-05-06T07:08:09.000Z') });
    const server = testServer();
    const client = await loggedInClient(server, 'alice', 'web', 3600);

    await vi.advanceTimersByTimeAsync(3_599_999);
    expect(client.heard).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.heard).toEqual(['userSigExpired']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not fire early for UserSigs longer than the largest timer delay', async () => {
    vi.useFakeTimers({ now: new Date('2031-05-06T07:08:09.000Z') });
    const server = testServer();
    const client = await loggedInClient(server, 'alice', 'web', 180 * 86400);

    await vi.advanceTimersByTimeAsync(180 * 86_400_000 - 1);
    expect(client.heard).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.heard).toEqual(['userSigExpired']);
  });

  it('waits for advanceTime when the injected clock stands still', async () => {
    vi.useFakeTimers();
    const server = testServer({ now: () => 1_800_000_000_000 });
    const client = await loggedInClient(server, 'alice', 'web', 60);

    await vi.runAllTimersAsync();
    expect(client.heard).toEqual([]);
    server.advanceTime(60_000);
    await flush();
    expect(client.heard).toEqual(['userSigExpired']);
  });

  it('leaves no timer behind after logout, unInitSDK or a kick', async () => {
    vi.useFakeTimers();
    const server = testServer();
    const loggedOut = await loggedInClient(server, 'alice', 'web');
    const unInitialised = await loggedInClient(server, 'bob', 'web');
    await loggedInClient(server, 'carol', 'web');
    expect(vi.getTimerCount()).toBe(3);

    await loggedOut.sdk.logout();
    unInitialised.sdk.unInitSDK();
    server.kick('carol');
    await flush();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('several expiries in one step', () => {
  it('tells the clients in the order their UserSigs fell due, not the order they logged in', async () => {
    const server = testServer({ now: () => 1_800_000_000_000 });
    const heard: string[] = [];
    for (const [userID, expireSeconds] of [
      ['alice', 600],
      ['bob', 60],
      ['carol', 300],
    ] as const) {
      const sdk = server.createClient();
      const listener = { onUserSigExpired: () => heard.push(userID) } as unknown as ImSdkListener;
      await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener });
      await sdk.login({ userID, userSig: server.issueUserSig(userID, expireSeconds) });
    }

    server.advanceTime(3_600_000);
    await flush();
    expect(heard).toEqual(['bob', 'carol', 'alice']);
  });
});

describe('the server clock', () => {
  it('accepts a wall clock at the very last moment a Date can hold', () => {
    expect(testServer({ now: () => 8.64e15 }).now()).toBe(8.64e15);
    expect(testServer({ now: () => -8.64e15 }).now()).toBe(-8.64e15);
  });

  it('does not fire an alarm that an earlier alarm of the same step cancelled', () => {
    const clock = createServerClock(() => 0);
    const fired: string[] = [];
    const cancelSecond = clock.alarm(20, () => fired.push('second'));
    clock.alarm(10, () => {
      fired.push('first');
      cancelSecond();
    });

    clock.advance(30);
    expect(fired).toEqual(['first']);
  });
});
