import { looseResult, result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
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

const ok = { code: 0, desc: 'ok' };

describe('R8 logout', () => {
  const states: [string, () => Promise<Harness>][] = [
    ['online', () => onlineSession()],
    ['connecting (reconnecting)', onlineThen((h) => h.fake.listener.onConnecting())],
    ['connecting (offline)', onlineThen((h) => h.fake.listener.onConnectFailed(2801, 'down'))],
    ['kicked', onlineThen((h) => h.fake.listener.onKickedOffline('multipleDevice'))],
    ['sigExpired', onlineThen((h) => h.fake.listener.onUserSigExpired())],
  ];

  it.each(states)(
    'LOGOUT from %s calls sdk.logout and ends loggedOut with the user cleared',
    async (_, make) => {
      const h = await make();
      h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
      h.session.send({ type: 'LOGOUT' });
      expect(h.status()).toBe('loggedOut');
      await settle();
      expect(h.status()).toBe('loggedOut');
      expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
      expect(h.context()).toMatchObject({ userID: undefined, selfInfo: undefined, kickReason: undefined });
      expect(h.emittedOf('loggedOut')).toEqual([{ type: 'loggedOut' }]);
    },
  );

  it.each([
    ['a failure code', result(6014, 'not logged in'), 6014],
    ['a failure code written as a string', looseResult('6014'), 6014],
    ['a rejection', { reject: new Error('boom') }, 'SDK_EXCEPTION'],
    ['a synchronous throw', { throw: new Error('boom') }, 'SDK_EXCEPTION'],
  ] as const)(
    'a logout answered with %s still ends loggedOut, with the error recorded',
    async (_, answer, code) => {
      const h = await onlineSession();
      h.fake.script.logout.push(answer);
      h.session.send({ type: 'LOGOUT' });
      await settle();
      expect(h.status()).toBe('loggedOut');
      expect(h.context().error).toMatchObject({ code, source: 'sdk' });
      expect(h.emittedOf('error').map((e) => e.error.code)).toEqual([code]);
      expect(h.emittedOf('loggedOut')).toHaveLength(1);
      expect(h.session.getSnapshot().status).toBe('active');
    },
  );

  it('LOGOUT forgets the UserSigs the server refused: the next login may use one the provider hands back', async () => {
    const answers = ['sig-alice-2', 'sig-alice-1'];
    const getUserSig = vi.fn(async () => answers.shift()!);
    const h = await onlineSession({ getUserSig }, { userSig: 'sig-alice-1' });
    h.fake.listener.onUserSigExpired();
    await settle();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-2', 'sig-alice-1']);
    expect(h.status()).toBe('online');
  });

  it('RETRY after LOGOUT does not log back in, even after a failed logout', async () => {
    const h = await onlineSession();
    h.fake.script.logout.push(result(6014, 'failed'));
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(h.context().error?.code).toBe(6014);
    // Not even a login attempt that fails for want of a user: the session never leaves loggedOut.
    const seen: string[] = [];
    h.session.subscribe((snapshot) => seen.push(JSON.stringify(snapshot.value)));
    h.session.send({ type: 'RETRY' });
    h.session.send({ type: 'RELOGIN' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(seen.every((value) => value.includes('loggedOut'))).toBe(true);
    expect(h.context().error?.code).toBe(6014);
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('LOGOUT while loggedOut calls nothing and announces nothing', async () => {
    const h = await loggedOutSession();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.emitted).toEqual([]);
  });

  it('announces loggedOut on every entry: each LOGOUT and each login that ends there', async () => {
    const h = await onlineSession();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-bad' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(h.emittedOf('loggedOut')).toHaveLength(2);
  });
});

describe('R9 logout races login', () => {
  it('LOGOUT while a login is in flight → loggedOut at once', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    expect(h.status()).toBe('loggedOut');
    expect(h.context().userID).toBeUndefined();
    expect(h.emittedOf('loggedOut')).toHaveLength(1);
  });

  it('if that login succeeds later, sdk.logout is called and the session stays loggedOut', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.emittedOf('online')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
  });

  it('if that login fails later, sdk.logout is not called and no error shows up', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve({ code: 2801, desc: 'timeout' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
    expect(h.context().error).toBeUndefined();
  });

  it('a UserSig that arrives from getUserSig after LOGOUT is not used to log in', async () => {
    let resolveSig!: (sig: string) => void;
    const signals: AbortSignal[] = [];
    const getUserSig = vi.fn((_: string, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      return new Promise<string>((resolve) => {
        resolveSig = resolve;
      });
    });
    const h = await loggedOutSession({ getUserSig });
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    h.session.send({ type: 'LOGOUT' });
    expect(signals[0]?.aborted).toBe(true);
    resolveSig('sig-late');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expect(h.status()).toBe('loggedOut');
  });

  it('a refresh login that succeeds after LOGOUT is logged out too', async () => {
    const h = await onlineSession({ getUserSig: async () => 'sig-alice-2' });
    h.fake.script.login.push('hold');
    h.fake.listener.onUserSigExpired();
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.fake.logins[0]?.resolve(ok);
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.status()).toBe('loggedOut');
  });
});
