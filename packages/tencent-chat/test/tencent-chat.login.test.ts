import { createSession, type SessionActor, selectStatus } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createListener,
  fake,
  flush,
  initialised,
  loggedIn,
  resetAdapterHarness,
  SDK_APP_ID,
} from './adapter-harness';

beforeEach(resetAdapterHarness);

/** The SDK's repeated-login refusal: what a second chat.login() gets while the first is pending. */
const REPEATED_LOGIN = expect.objectContaining({ code: 2025 });
const OK = { code: 0, desc: '' };
const NOT_READY = { code: 2999, desc: 'SDK_NOT_READY before SDK_READY' };

/** The logins and logouts sent to the SDK so far, in order: `login alice`, `logout`, … */
const sdkCalls = () =>
  [
    ...fake.chat.login.mock.calls.map(([{ userID }], i) => ({
      call: `login ${userID}`,
      order: fake.chat.login.mock.invocationCallOrder[i] ?? 0,
    })),
    ...fake.chat.logout.mock.invocationCallOrder.map((order) => ({ call: 'logout', order })),
  ]
    .sort((a, b) => a.order - b.order)
    .map(({ call }) => call);

/** Makes the next `chat.logout()` stay pending until `release()`, then log out as the SDK does. */
function holdNextLogout() {
  let release = () => {};
  const logOut = fake.chat.logout.getMockImplementation();
  fake.chat.logout.mockImplementationOnce(
    () =>
      new Promise<void>((resolve) => {
        release = () => resolve(logOut?.());
      }),
  );
  return { release: () => release() };
}

describe('a login asked while the SDK is still answering an earlier one', () => {
  it('the same login takes the pending login’s success, without a second chat.login()', async () => {
    const sdk = await initialised();
    const first = sdk.login({ userID: 'alice', userSig: 'sig' });
    const again = sdk.login({ userID: 'alice', userSig: 'sig' });
    await flush();
    expect(fake.chat.login).toHaveBeenCalledOnce();

    fake.nextLogin().resolve();
    fake.becomeReady();
    await expect(again).resolves.toEqual({ code: 0, desc: '' });
    await expect(first).resolves.toEqual({ code: 0, desc: '' });
    expect(fake.chat.login).toHaveBeenCalledOnce();
  });

  it('the same login takes the pending login’s failure, not 2025', async () => {
    const sdk = await initialised();
    const first = sdk.login({ userID: 'alice', userSig: 'sig' });
    const again = sdk.login({ userID: 'alice', userSig: 'sig' });
    const offline = Object.assign(new Error(''), { code: 2801 });
    fake.nextLogin().reject(offline);

    await expect(again).rejects.toBe(offline);
    await expect(first).rejects.toBe(offline);
    expect(fake.chat.login).toHaveBeenCalledOnce();
  });

  it('another login waits until the pending one has settled, then is sent itself', async () => {
    const sdk = await initialised();
    const sent = () => fake.chat.login.mock.calls.map(([{ userID, userSig }]) => `${userID}/${userSig}`);
    const first = sdk.login({ userID: 'alice', userSig: 'sig' });
    const otherSig = sdk.login({ userID: 'alice', userSig: 'fresh-sig' });
    const otherUser = sdk.login({ userID: 'bob', userSig: 'fresh-sig' });
    await flush();
    expect(sent()).toEqual(['alice/sig']);

    fake.nextLogin().reject(Object.assign(new Error(''), { code: 70001 }));
    await expect(first).rejects.toMatchObject({ code: 70001 });
    await flush();
    expect(sent()).toEqual(['alice/sig', 'alice/fresh-sig']);
    // Still the latest login asked: the same one shares its answer, even after an earlier one settled.
    const otherUserAgain = sdk.login({ userID: 'bob', userSig: 'fresh-sig' });

    fake.nextLogin().resolve();
    await flush();
    expect(sent()).toEqual(['alice/sig', 'alice/fresh-sig', 'bob/fresh-sig']);
    fake.nextLogin().resolve();
    fake.becomeReady();
    // Alice was logged out before her SDK_READY so that bob could log in.
    await expect(otherSig).resolves.toEqual({ code: 2999, desc: 'SDK_NOT_READY before SDK_READY' });
    for (const login of [otherUser, otherUserAgain]) {
      await expect(login).resolves.toEqual({ code: 0, desc: '' });
    }
    expect(sent()).toHaveLength(3);
    expect(fake.loggedInAs()).toBe('bob');
    const outcomes = await Promise.all(
      fake.chat.login.mock.results.map(({ value }) => value.catch((error: unknown) => error)),
    );
    expect(outcomes).not.toContainEqual(REPEATED_LOGIN);
  });

  it('a login sent after the pending one settled goes to the SDK again', async () => {
    const sdk = await initialised();
    const first = sdk.login({ userID: 'alice', userSig: 'sig' });
    fake.nextLogin().reject(Object.assign(new Error(''), { code: 2801 }));
    await expect(first).rejects.toMatchObject({ code: 2801 });

    const retry = sdk.login({ userID: 'alice', userSig: 'sig' });
    fake.nextLogin().resolve();
    fake.becomeReady();
    await expect(retry).resolves.toEqual({ code: 0, desc: '' });
    expect(fake.chat.login).toHaveBeenCalledTimes(2);
  });

  it('a waiting login is not sent to an instance unInitSDK destroyed meanwhile', async () => {
    const sdk = await initialised();
    const first = sdk.login({ userID: 'alice', userSig: 'sig' });
    const waiting = sdk.login({ userID: 'bob', userSig: 'bob-sig' });
    await sdk.unInitSDK();
    fake.nextLogin().resolve();

    await expect(waiting).rejects.toThrow('login() after unInitSDK()');
    expect(fake.chat.login).toHaveBeenCalledOnce();
    void first;
  });

  it('after unInitSDK and initSDK, a login does not wait for the old instance’s pending login', async () => {
    const sdk = await initialised();
    void sdk.login({ userID: 'alice', userSig: 'sig' });
    await sdk.unInitSDK();
    fake.nextLogin(); // the old instance's login: never answered
    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener: createListener() });

    const login = sdk.login({ userID: 'alice', userSig: 'sig' });
    await flush();
    expect(fake.chat.login).toHaveBeenCalledTimes(2);
    fake.nextLogin().resolve();
    fake.becomeReady();
    await expect(login).resolves.toEqual({ code: 0, desc: '' });
  });
});

// 3.6.6 answers a login while it is logged in as a repeated login, whatever its userID, and stays logged in as it was;
// while its own login is still pending, it refuses a logout with 2024. The fake does the same.
describe('a login of another user while the SDK is logged in', () => {
  it('logs the first user out, then in as the other', async () => {
    const sdk = await loggedIn('alice');
    await expect(sdk.login({ userID: 'bob', userSig: 'bob-sig' })).resolves.toEqual(OK);
    expect(sdkCalls()).toEqual(['login alice', 'logout', 'login bob']);
    expect(fake.loggedInAs()).toBe('bob');
  });

  it('the same user again is a repeated login: no logout', async () => {
    const sdk = await loggedIn('alice');
    await expect(sdk.login({ userID: 'alice', userSig: 'fresh-sig' })).resolves.toEqual(OK);
    expect(sdkCalls()).toEqual(['login alice', 'login alice']);
    expect(fake.loggedInAs()).toBe('alice');
  });

  it('fails with the logout’s error, without chat.login(), when that logout fails: no success for the wrong user', async () => {
    const sdk = await loggedIn('alice');
    const cause = Object.assign(new Error(''), { code: 2800 });
    fake.chat.logout.mockRejectedValueOnce(cause);
    await expect(sdk.login({ userID: 'bob', userSig: 'bob-sig' })).rejects.toBe(cause);
    expect(sdkCalls()).toEqual(['login alice', 'logout']);

    await expect(sdk.login({ userID: 'bob', userSig: 'bob-sig' })).resolves.toEqual(OK);
    expect(fake.loggedInAs()).toBe('bob');
  });

  it('after a kick, logs in as the other user (the logout the SDK refuses with 2024 is no failure)', async () => {
    const sdk = await loggedIn('alice');
    fake.kick('multipleAccount');
    await expect(sdk.login({ userID: 'bob', userSig: 'bob-sig' })).resolves.toEqual(OK);
    expect(fake.loggedInAs()).toBe('bob');
  });
});

describe('a login abandoned while the SDK answers it, which succeeds after all', () => {
  it.each([
    { what: 'after a logout the SDK refused (nobody was logged in yet)', logOut: true },
    {
      what: 'with no logout between (a session logs out only a late login it asked nothing after)',
      logOut: false,
    },
  ])('is logged out before the next user’s login, $what', async ({ logOut }) => {
    const sdk = await initialised();
    const abandoned = sdk.login({ userID: 'alice', userSig: 'alice-sig' });
    const loggedOut = logOut ? sdk.logout() : Promise.resolve(OK);
    const bob = sdk.login({ userID: 'bob', userSig: 'bob-sig' });
    let bobResult: unknown;
    void bob.then((result) => {
      bobResult = result;
    });

    fake.nextLogin().resolve(); // alice, late
    fake.becomeReady(); // alice's sync
    await flush();
    await expect(abandoned).resolves.toEqual(OK);
    await expect(loggedOut).resolves.toEqual(OK);
    expect(sdkCalls()).toEqual(['login alice', 'logout', 'login bob']);
    expect(fake.loggedInAs()).toBeUndefined();

    // Alice's SDK_READY does not make bob's login succeed: bob waits for his own login and sync.
    fake.nextLogin().resolve();
    await flush();
    expect(bobResult).toBeUndefined();
    fake.becomeReady();
    await expect(bob).resolves.toEqual(OK);
    expect(fake.loggedInAs()).toBe('bob');
  });

  it('resolves 2999 itself when it is logged out before its SDK_READY', async () => {
    const sdk = await initialised();
    const abandoned = sdk.login({ userID: 'alice', userSig: 'alice-sig' });
    const bob = sdk.login({ userID: 'bob', userSig: 'bob-sig' });
    fake.nextLogin().resolve();
    await flush();
    expect(sdkCalls()).toEqual(['login alice', 'logout', 'login bob']);
    await expect(abandoned).resolves.toEqual(NOT_READY);
    fake.nextLogin().resolve();
    fake.becomeReady();
    await expect(bob).resolves.toEqual(OK);
    expect(fake.loggedInAs()).toBe('bob');
  });
});

describe('logins and logouts one at a time', () => {
  it('a logout asked while a login is pending waits for it, then logs it out', async () => {
    const sdk = await initialised();
    const login = sdk.login({ userID: 'alice', userSig: 'sig' });
    let loggedOut = false;
    const logout = sdk.logout().then((result) => {
      loggedOut = true;
      return result;
    });
    await flush();
    expect(fake.chat.logout).not.toHaveBeenCalled();
    expect(loggedOut).toBe(false);

    fake.nextLogin().resolve();
    await expect(logout).resolves.toEqual(OK);
    expect(sdkCalls()).toEqual(['login alice', 'logout']);
    expect(fake.loggedInAs()).toBeUndefined();
    await expect(login).resolves.toEqual(NOT_READY);
  });

  it.each(['alice', 'bob'])(
    'a login of %s asked while alice’s logout is pending is sent once the logout has settled',
    async (userID) => {
      const sdk = await loggedIn('alice');
      const held = holdNextLogout();
      const logout = sdk.logout();
      const login = sdk.login({ userID, userSig: 'next-sig' });
      await flush();
      expect(sdkCalls()).toEqual(['login alice', 'logout']);

      held.release();
      await expect(logout).resolves.toEqual(OK);
      await expect(login).resolves.toEqual(OK);
      expect(sdkCalls()).toEqual(['login alice', 'logout', `login ${userID}`]);
      expect(fake.loggedInAs()).toBe(userID);
    },
  );
});

describe('a session whose login timeout passes before the SDK answers', () => {
  let session: SessionActor | undefined;
  afterEach(() => {
    session?.stop();
    vi.useRealTimers();
  });

  it('retries into the pending login and goes online with it, never meeting 2025', async () => {
    vi.useFakeTimers();
    const sdk = createTencentChatSdk(fake.module);
    const login = vi.spyOn(sdk, 'login');
    const errors: unknown[] = [];
    session = createSession({
      sdk,
      sdkAppID: SDK_APP_ID,
      loginTimeoutMs: 1_000,
      retry: { baseDelayMs: 10, maxDelayMs: 10 },
    });
    session.on('error', ({ error }) => errors.push(error.code));
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });

    await vi.advanceTimersByTimeAsync(2_500); // two timeouts, two retries
    expect(login).toHaveBeenCalledTimes(3);
    expect(fake.chat.login).toHaveBeenCalledOnce();
    expect(errors).toEqual(['LOGIN_TIMEOUT', 'LOGIN_TIMEOUT']);

    fake.nextLogin().resolve();
    fake.becomeReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(selectStatus(session.getSnapshot())).toBe('online');
    expect(fake.chat.login).toHaveBeenCalledOnce();
    await expect(login.mock.results.at(-1)?.value).resolves.toEqual({ code: 0, desc: '' });
  });

  /** A session whose login of alice timed out (and was retried into the pending one), then LOGOUT and LOGIN bob. */
  async function aliceAbandonedForBob() {
    vi.useFakeTimers();
    const actor = createSession({
      sdk: createTencentChatSdk(fake.module),
      sdkAppID: SDK_APP_ID,
      loginTimeoutMs: 1_000,
      retry: { baseDelayMs: 10, maxDelayMs: 10 },
    });
    session = actor;
    actor.start();
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'LOGIN', userID: 'alice', userSig: 'alice-sig' });
    await vi.advanceTimersByTimeAsync(1_500);
    actor.send({ type: 'LOGOUT' });
    actor.send({ type: 'LOGIN', userID: 'bob', userSig: 'bob-sig' });
    return actor;
  }
  const statusAndUser = (actor: SessionActor) => ({
    status: selectStatus(actor.getSnapshot()),
    userID: actor.getSnapshot().context.userID,
  });

  it.each([
    {
      what: 'sent to the adapter once alice’s has outlived the timeout (the adapter logs her out)',
      waitMs: 1_000,
    },
    { what: 'still held back by the session (the session logs her out itself, R9)', waitMs: 0 },
  ])('alice’s late success is logged out before bob’s login, $what', async ({ waitMs }) => {
    const actor = await aliceAbandonedForBob();
    await vi.advanceTimersByTimeAsync(waitMs);
    expect(sdkCalls()).toEqual(['login alice']); // bob's login never reaches the SDK while alice's is pending
    const succeed = async () => {
      fake.nextLogin().resolve();
      fake.becomeReady();
      await vi.advanceTimersByTimeAsync(0);
    };

    await succeed(); // alice, late
    expect(sdkCalls()).toEqual(['login alice', 'logout', 'login bob']);
    await succeed();
    expect(statusAndUser(actor)).toEqual({ status: 'online', userID: 'bob' });
    expect(fake.loggedInAs()).toBe('bob');
  });
});
