import { createSession, type SessionActor, selectStatus } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createListener, fake, flush, initialised, resetAdapterHarness, SDK_APP_ID } from './adapter-harness';

beforeEach(resetAdapterHarness);

/** The SDK's repeated-login refusal: what a second chat.login() gets while the first is pending. */
const REPEATED_LOGIN = expect.objectContaining({ code: 2025 });

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
    for (const login of [otherSig, otherUser, otherUserAgain]) {
      await expect(login).resolves.toEqual({ code: 0, desc: '' });
    }
    expect(sent()).toHaveLength(3);
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
});
