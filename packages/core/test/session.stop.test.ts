import { createScriptedSdk, result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { keeperOf } from '../src/session.runtime';
import {
  createHarness,
  type Harness,
  loggedOutSession,
  onlineSession,
  settle,
  useSessionClock,
} from './support/harness';

useSessionClock();

const HOUR = 3_600_000;

const ok = { code: 0, desc: 'ok' };

describe('R15 stop', () => {
  it('calls unInitSDK once, also when stopped twice', async () => {
    const h = await onlineSession();
    h.session.stop();
    h.session.stop();
    await settle();
    expect(h.fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('calls unInitSDK when initSDK was called but failed or is still running', async () => {
    for (const init of [result(6013, 'x'), 'hold'] as const) {
      const h = createHarness({ fake: createScriptedSdk({ initSDK: [init] }) });
      await settle();
      h.session.stop();
      await settle();
      expect(h.fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
    }
  });

  it('does not call unInitSDK when initSDK was never called (invalid SDKAppID)', async () => {
    const h = createHarness({ sdkAppID: 0 });
    await settle();
    h.session.stop();
    await settle();
    expect(h.fake.sdk.initSDK).not.toHaveBeenCalled();
    expect(h.fake.sdk.unInitSDK).not.toHaveBeenCalled();
  });

  it('does not call unInitSDK for a session that was never started', async () => {
    const h = createHarness({ start: false });
    h.session.stop();
    await settle();
    expect(h.fake.sdk.unInitSDK).not.toHaveBeenCalled();
  });

  const withTimers: [string, () => Promise<Harness>][] = [
    [
      'waiting to retry a login',
      async () => {
        const h = await loggedOutSession({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
        vi.spyOn(Math, 'random').mockReturnValue(0.5);
        h.fake.script.login.push(result(2801, 'timeout'));
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for a login to answer',
      async () => {
        const h = await loggedOutSession();
        h.fake.script.login.push('hold');
        h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for getUserSig',
      async () => {
        const h = await loggedOutSession({ getUserSig: () => new Promise<string>(() => {}) });
        h.session.send({ type: 'LOGIN', userID: 'alice' });
        await settle();
        return h;
      },
    ],
    [
      'waiting for an earlier logout before logging in',
      async () => {
        const h = await onlineSession();
        h.fake.script.logout.push('hold');
        h.session.send({ type: 'LOGOUT' });
        h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
        await settle();
        return h;
      },
    ],
    [
      'backing off between UserSig refreshes',
      async () => {
        const h = await onlineSession({
          getUserSig: async () => '',
          sigRetry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
        });
        vi.spyOn(Math, 'random').mockReturnValue(0.5);
        h.fake.listener.onUserSigExpired();
        await settle();
        return h;
      },
    ],
  ];

  it.each(withTimers)('stop() while %s clears every timer', async (_, make) => {
    const h = await make();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    h.session.stop();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(withTimers)('nothing reaches the SDK after stop() while %s', async (_, make) => {
    const h = await make();
    h.session.stop();
    const logins = h.fake.sdk.login.mock.calls.length;
    const logouts = h.fake.sdk.logout.mock.calls.length;
    for (const handle of [...h.fake.logins, ...h.fake.logouts]) handle.resolve(ok);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(logins);
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(logouts);
  });

  it('forgets every UserSig the session held, so none outlives it in memory', async () => {
    const h = await onlineSession({}, { userSig: 'sig-alice-1' });
    h.fake.listener.onUserSigExpired();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    const keeper = keeperOf(h.session)!;
    expect(keeper.held).toBe('sig-alice-2');
    h.session.stop();
    expect(keeper.held).toBeUndefined();
    expect(keeper.refused('sig-alice-1')).toBe(false);
    const echo = { code: 1, message: 'sig-alice-1 sig-alice-2', source: 'sdk' } as const;
    expect(keeper.redact({ ...echo }).message).toBe('sig-alice-1 sig-alice-2');
  });

  it('leaves no timer behind in a session that is online', async () => {
    const h = await onlineSession();
    h.session.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('makes later SDK callbacks harmless no-ops', async () => {
    const h = await onlineSession();
    const { listener } = h.fake;
    h.session.stop();
    const before = h.session.getSnapshot();
    expect(() => {
      listener.onConnecting();
      listener.onConnectFailed(2801, 'down');
      listener.onConnectSuccess();
      listener.onKickedOffline('multipleDevice');
      listener.onUserSigExpired();
      listener.onSelfInfoUpdated({ userID: 'alice' });
    }).not.toThrow();
    await settle();
    expect(h.session.getSnapshot()).toBe(before);
    expect(h.emitted.map((e) => e.type)).toEqual(['online']);
  });

  it('an initSDK that answers after stop() changes nothing', async () => {
    const h = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
    h.session.stop();
    h.fake.inits[0]?.resolve(ok);
    await settle();
    expect(h.status()).toBe('init');
    expect(h.session.getSnapshot().status).toBe('stopped');
  });
});
