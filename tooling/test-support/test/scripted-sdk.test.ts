import {
  createScriptedProvider,
  createScriptedSdk,
  flushMicrotasks,
  looseResult,
  ok,
  result,
  times,
} from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';

const login = (fake: ReturnType<typeof createScriptedSdk>, userSig = 'sig') =>
  fake.sdk.login({ userID: 'alice', userSig });

describe('the scripted SDK answers in one vocabulary', () => {
  it('resolve: with the scripted value; ok once the script runs out', async () => {
    const fake = createScriptedSdk({ login: [result(70001, 'expired')] });
    await expect(login(fake)).resolves.toEqual({ code: 70001, desc: 'expired' });
    await expect(login(fake)).resolves.toEqual({ code: 0, desc: 'ok' });
  });

  it('reject and throw: a rejected promise, a synchronous throw', async () => {
    const fake = createScriptedSdk({ login: [{ reject: 'nope' }, { throw: new Error('boom') }] });
    await expect(login(fake)).rejects.toBe('nope');
    expect(() => login(fake)).toThrow('boom');
    expect(fake.calls.map((call) => call.settled)).toEqual([true, true]);
  });

  it('hold: pending until the test settles it, once', async () => {
    const fake = createScriptedSdk({ logout: ['hold', 'hold'] });
    const first = fake.sdk.logout();
    const second = fake.sdk.logout();
    expect(fake.logouts.map((call) => call.settled)).toEqual([false, false]);
    fake.logouts[0]!.resolve({ code: 0, desc: 'done' });
    fake.logouts[0]!.reject('too late');
    fake.logouts[1]!.reject('refused');
    await expect(first).resolves.toEqual({ code: 0, desc: 'done' });
    await expect(second).rejects.toBe('refused');
    expect(fake.logouts.map((call) => call.settled)).toEqual([true, true]);
  });

  it('never: stays pending for good', async () => {
    const fake = createScriptedSdk({ otherwise: { initSDK: 'never' } });
    let settled = false;
    fake.sdk.initSDK({ sdkAppID: 1, logLevel: 'warn', listener: {} as never }).then(() => (settled = true));
    await flushMicrotasks();
    expect([settled, fake.calls[0]?.settled, fake.calls[0]?.held]).toEqual([false, false, false]);
  });

  it('a function picks its answer when the call is made', async () => {
    let code = 1;
    const fake = createScriptedSdk({ otherwise: { login: () => result(code++) } });
    await expect(login(fake)).resolves.toMatchObject({ code: 1 });
    await expect(login(fake)).resolves.toMatchObject({ code: 2 });
  });

  it('helpers: times, ok, and a loose code the port types rule out', async () => {
    const fake = createScriptedSdk({ login: [...times(2, looseResult('70001')), ok] });
    expect(fake.script.login).toHaveLength(3);
    await expect(login(fake)).resolves.toEqual({ code: '70001', desc: 'loosely typed' });
  });
});

describe('the scripted SDK records what it saw', () => {
  it('the listener initSDK was given, or a clear error before', () => {
    const fake = createScriptedSdk();
    expect(() => fake.listener).toThrow('initSDK was not called');
    const listener = { onConnecting: vi.fn() } as never;
    fake.sdk.initSDK({ sdkAppID: 1, logLevel: 'warn', listener });
    expect(fake.listener).toBe(listener);
  });

  it('logins made while an earlier login or logout was unsettled, and how old it was', () => {
    vi.useFakeTimers();
    try {
      const fake = createScriptedSdk({ otherwise: { login: 'hold', logout: 'hold' } });
      login(fake, 'a');
      vi.advanceTimersByTime(40);
      fake.sdk.logout();
      vi.advanceTimersByTime(10);
      login(fake, 'b');
      expect(fake.overlaps).toEqual([
        { with: 'login', ageMs: 50 },
        { with: 'logout', ageMs: 10 },
      ]);
      expect(fake.maxInFlightLogins).toBe(2);
      expect(fake.loginSigs).toEqual(['a', 'b']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('onCall sees each call before it answers, with the calls before it', () => {
    const seen: string[] = [];
    const fake = createScriptedSdk({
      onCall: (call, earlier) => seen.push(`${call.method} after ${earlier.map((made) => made.method)}`),
    });
    fake.sdk.initSDK({ sdkAppID: 1, logLevel: 'warn', listener: {} as never });
    login(fake);
    expect(seen).toEqual(['initSDK after ', 'login after initSDK']);
  });
});

describe('the scripted provider', () => {
  it('answers from its script, then with a new UserSig per call', async () => {
    const provider = createScriptedProvider([{ resolve: 'given' }, { reject: new Error('down') }]);
    const ask = () => provider.getUserSig('alice', { reason: 'login', signal: new AbortController().signal });
    await expect(ask()).resolves.toBe('given');
    await expect(ask()).rejects.toThrow('down');
    await expect(ask()).resolves.toBe('sig-alice-fresh-1');
    await expect(ask()).resolves.toBe('sig-alice-fresh-2');
    expect(provider.calls.map((call) => call.reason)).toEqual(['login', 'login', 'login', 'login']);
  });

  it('holds an answer for the test to give', async () => {
    const provider = createScriptedProvider(['hold']);
    const answer = provider.getUserSig('bob', { reason: 'expired', signal: new AbortController().signal });
    provider.held[0]!.resolve('late');
    await expect(answer).resolves.toBe('late');
  });
});
