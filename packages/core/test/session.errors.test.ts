import { createScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { mintUserSig } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const fastSigRetry = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 };

/** A message a person can read: a non-blank string. */
const readable = expect.stringMatching(/\S/);

describe('onConnectFailed', () => {
  it('with a code that is not a number records SDK_EXCEPTION, never the value it was given', async () => {
    const h = await onlineSession({}, { userSig: 'sig-alice-1' });
    h.fake.listener.onConnectFailed('sig-alice-1' as unknown as number, 'network down');
    expect(h.substate()).toBe('connecting.offline');
    expect(h.context().error).toStrictEqual({
      code: 'SDK_EXCEPTION',
      message: 'network down',
      source: 'sdk',
    });
  });
});

describe('SDK exceptions', () => {
  it('whose text cannot even be read (a throwing getter) are SDK_EXCEPTION, and the login is retried', async () => {
    const hostile = {
      get message(): string {
        throw new Error('getter exploded');
      },
    };
    const h = await loggedOutSession({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push({ reject: hostile });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toStrictEqual({
      code: 'SDK_EXCEPTION',
      message: 'SDK exception',
      source: 'sdk',
    });
    await vi.advanceTimersByTimeAsync(10);
    await settle();
    expect(h.status()).toBe('online');
    expect(h.session.getSnapshot().status).toBe('active');
  });

  it.each([
    ['an Error', new Error('Cannot read properties of undefined'), 'Cannot read properties of undefined'],
    ['a string', 'socket closed', 'socket closed'],
    ['an object with a message', { message: 'quota exceeded' }, 'quota exceeded'],
  ])('keep the text of %s thrown by initSDK, as written', async (_, thrown, message) => {
    // Before any login, so no UserSig is held that could be cut out of the text.
    const h = createHarness({ fake: createScriptedSdk({ initSDK: [{ reject: thrown }] }) });
    await settle();
    expect(h.substate()).toBe('init.failed');
    expect(h.context().error).toStrictEqual({ code: 'SDK_EXCEPTION', message, source: 'sdk' });
  });

  it.each([
    ['no text at all', undefined],
    ['a message that is not a string', { message: 404 }],
  ])('with %s still get a readable message', async (_, thrown) => {
    const h = createHarness({ fake: createScriptedSdk({ initSDK: [{ reject: thrown }] }) });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 'SDK_EXCEPTION', message: readable, source: 'sdk' });
  });

  it('keep the word "undefined" in their text after a LOGIN that brought no UserSig of its own', async () => {
    const h = await loggedOutSession({ getUserSig: async () => 'sig-alice-1', retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ reject: Object.assign(new Error('profile undefined'), { code: 2801 }) });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 2801, message: 'profile undefined', source: 'sdk' });
  });

  it("rejected with code 0 (the port's success code) are SDK_EXCEPTION, never an error with code 0", async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ reject: Object.assign(new Error('odd'), { code: 0 }) });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 'SDK_EXCEPTION', message: 'odd', source: 'sdk' });
  });
});

describe("the session's own errors explain themselves", () => {
  it('INVALID_SDK_APP_ID (source validation)', async () => {
    const h = createHarness({ sdkAppID: 0 });
    await settle();
    expect(h.context().error).toStrictEqual({
      code: 'INVALID_SDK_APP_ID',
      message: readable,
      source: 'validation',
    });
  });

  it('INVALID_USER_ID and INVALID_USER_SIG (source validation) for a LOGIN that cannot start', async () => {
    const h = await loggedOutSession();
    h.session.send({ type: 'LOGIN', userID: 'not valid!', userSig: 'sig' });
    expect(h.context().error).toStrictEqual({
      code: 'INVALID_USER_ID',
      message: readable,
      source: 'validation',
    });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    expect(h.context().error).toStrictEqual({
      code: 'INVALID_USER_SIG',
      message: readable,
      source: 'validation',
    });
  });

  it('LOGIN_TIMEOUT (source timeout)', async () => {
    const h = await loggedOutSession({ loginTimeoutMs: 1000, retry: { maxAttempts: 1 } });
    h.fake.script.login.push('never');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toStrictEqual({ code: 'LOGIN_TIMEOUT', message: readable, source: 'timeout' });
  });

  it('USER_SIG_PROVIDER_FAILED (source provider), for a provider that fails or never answers', async () => {
    const answers = [() => Promise.reject(new Error('')), () => new Promise<string>(() => {})];
    for (const answer of answers) {
      const h = await loggedOutSession({
        getUserSig: answer,
        loginTimeoutMs: 1000,
        retry: { maxAttempts: 1 },
      });
      h.session.send({ type: 'LOGIN', userID: 'alice' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.status()).toBe('loggedOut');
      expect(h.context().error).toStrictEqual({
        code: 'USER_SIG_PROVIDER_FAILED',
        message: readable,
        source: 'provider',
      });
    }
  });

  it('USER_SIG_PROVIDER_FAILED says why: the provider timed out, failed, or returned a blank UserSig', async () => {
    const cases = [
      { answer: () => new Promise<string>(() => {}), why: /^getUserSig timed out$/ },
      {
        answer: () => Promise.reject(new Error('quota exceeded')),
        why: /^getUserSig failed: quota exceeded$/,
      },
      { answer: async () => '  ', why: /^getUserSig returned a blank UserSig$/ },
    ];
    for (const { answer, why } of cases) {
      const h = await loggedOutSession({
        getUserSig: answer,
        loginTimeoutMs: 1000,
        retry: { maxAttempts: 1 },
      });
      h.session.send({ type: 'LOGIN', userID: 'alice' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.context().error?.code).toBe('USER_SIG_PROVIDER_FAILED');
      expect(h.context().error?.message).toMatch(why);
    }
  });

  it('USER_SIG_REFRESH_FAILED (source provider) when a refresh episode is used up', async () => {
    const getUserSig = vi.fn(async () => '');
    const h = await onlineSession({ getUserSig, sigRetry: fastSigRetry });
    h.fake.listener.onUserSigExpired();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('sigExpired.waiting');
    expect(h.context().error).toStrictEqual({
      code: 'USER_SIG_REFRESH_FAILED',
      message: readable,
      source: 'provider',
    });
  });

  it('INVALID_USER_SIG (source validation) for a RELOGIN whose only UserSig is past its expiry', async () => {
    const expiring = mintUserSig('alice', 60);
    const h = await onlineSession({}, { userSig: expiring });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    vi.setSystemTime(Date.now() + 61_000);
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(h.context().error).toStrictEqual({
      code: 'INVALID_USER_SIG',
      message: readable,
      source: 'validation',
    });
  });
});
