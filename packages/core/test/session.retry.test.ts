import { selectSubstate } from '@imstate/core';
import { result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, test, vi } from 'vitest';
import {
  type Harness,
  loggedOutSession,
  onlineSession,
  onlineThen,
  settle,
  useSessionClock,
} from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

describe('R15b RETRY', () => {
  it('in loggedOut after a login failed for good, RETRY repeats it with the same userID and UserSig', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    h.session.send({ type: 'RETRY' });
    expect(h.status()).toBe('connecting');
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login.mock.calls.map(([p]) => p)).toEqual([
      { userID: 'alice', userSig: 'sig-alice-1' },
      { userID: 'alice', userSig: 'sig-alice-1' },
    ]);
  });

  it('in loggedOut after the retries ran out, RETRY starts a new episode with a full set of attempts', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push(...Array.from({ length: 4 }, () => result(2801, 'timeout')));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(4);
    expect(h.fake.sdk.login).toHaveBeenLastCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(h.status()).toBe('loggedOut');
  });

  it('in loggedOut after a failed login through getUserSig, RETRY logs in as the same user', async () => {
    let n = 0;
    const getUserSig = vi.fn(async () => `sig-p${++n}`);
    const h = await loggedOutSession({ getUserSig });
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    h.session.send({ type: 'RETRY' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    expect(h.fake.sdk.login.mock.calls[1]?.[0]).toEqual({
      userID: 'alice',
      userSig: expect.stringMatching(/^sig-p[12]$/),
    });
  });

  const ignoredIn: [string, () => Promise<Harness>][] = [
    ['a fresh loggedOut', () => loggedOutSession()],
    ['online', () => onlineSession()],
    [
      'connecting (login in flight)',
      async () => {
        const h = await loggedOutSession();
        h.fake.script.login.push('hold');
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        return h;
      },
    ],
    ['connecting (reconnecting)', onlineThen((h) => h.fake.listener.onConnecting())],
    ['kicked', onlineThen((h) => h.fake.listener.onKickedOffline('multipleDevice'))],
    ['loggedOut after LOGOUT', onlineThen((h) => h.session.send({ type: 'LOGOUT' }))],
  ];

  it.each(ignoredIn)('RETRY in %s is ignored', async (_, make) => {
    const h = await make();
    await settle();
    const before = h.session.getSnapshot();
    const logins = h.fake.sdk.login.mock.calls.length;
    h.session.send({ type: 'RETRY' });
    await settle();
    expect(h.substate()).toBe(selectSubstate(before));
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(logins);
    expect(h.fake.sdk.initSDK).toHaveBeenCalledTimes(1);
  });

  it('RETRY while a refresh episode is still backing off does not add attempts', async () => {
    const getUserSig = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const h = await onlineSession({
      getUserSig,
      sigRetry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000 },
    });
    h.fake.listener.onUserSigExpired();
    await settle();
    for (let i = 0; i < 5; i++) h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(getUserSig).toHaveBeenCalledTimes(3);
    expect(h.emittedOf('sigExpired')).toHaveLength(1);
  });
});

describe('RETRY where nothing failed', () => {
  test('is ignored in a loggedOut session that never tried to log in, and after a clean logout', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGOUT' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('loggedOut');
    const seen: string[] = [];
    h.session.subscribe((snapshot) => seen.push(JSON.stringify(snapshot.value)));
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('loggedOut.idle');
    expect(seen.every((value) => value.includes('loggedOut'))).toBe(true);
    expect(h.context().error).toBeUndefined();
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  test('after a LOGIN refused by validation does not log in the user of an earlier failed login', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.context().error?.code).toBe(70009);
    h.session.send({ type: 'LOGIN', userID: 'bob!', userSig: 'sig-bob-1' });
    expect(h.context().error?.code).toBe('INVALID_USER_ID');
    h.session.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('loggedOut.idle');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});
