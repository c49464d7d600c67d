import { createSession, type ImSdk, sessionMachine } from '@imstate/core';
import { isSessionActor } from '@imstate/core/bindings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { APP_ID, createFakeSdk, createHarness, loggedOutSession, settle, stopAllSessions } from './fake-sdk';

afterEach(stopAllSessions);

describe('createSession checks the SDK port', () => {
  it.each(['initSDK', 'unInitSDK', 'login', 'logout'] as const)(
    'throws a TypeError naming %s when the sdk lacks it',
    (method) => {
      const sdk: Partial<ImSdk> = { ...createFakeSdk().sdk };
      delete sdk[method];
      expect(() => createSession({ sdk: sdk as ImSdk, sdkAppID: APP_ID })).toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(method) }),
      );
    },
  );

  it('throws a TypeError that points at options.sdk when there is no sdk at all', () => {
    expect(() => createSession({ sdkAppID: APP_ID } as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('options.sdk') }),
    );
  });
});

describe('createSession checks its other options', () => {
  it.each([
    [
      'a getUserSig that is not a function',
      { getUserSig: 'https://example.test/usersig' },
      'options.getUserSig',
    ],
    ['an unknown logLevel', { logLevel: 'verbose' }, 'options.logLevel'],
    ['a logLevel in capitals', { logLevel: 'WARN' }, 'options.logLevel'],
  ])('throws a TypeError for %s, naming the option', (_, option, name) => {
    const sdk = createFakeSdk().sdk;
    expect(() => createSession({ sdk, sdkAppID: APP_ID, ...(option as object) })).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(name) }),
    );
    expect(sdk.initSDK).not.toHaveBeenCalled();
  });

  it('lists the five levels when it refuses a logLevel', () => {
    expect(() =>
      createSession({ sdk: createFakeSdk().sdk, sdkAppID: APP_ID, logLevel: 'trace' as never }),
    ).toThrow('options.logLevel is not one of debug, info, warn, error, none');
  });

  it('accepts every documented logLevel', () => {
    for (const logLevel of ['none', 'debug', 'info', 'warn', 'error'] as const) {
      expect(() => createSession({ sdk: createFakeSdk().sdk, sdkAppID: APP_ID, logLevel })).not.toThrow();
    }
  });
});

describe('session.send()', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an event without a type', {}],
    ['an event whose type is not a string', { type: 5 }],
  ])('refuses %s with a TypeError, and the session carries on', async (_, event) => {
    const h = await loggedOutSession();
    expect(() => h.session.send(event as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('string type') }),
    );
    expect(h.session.getSnapshot().status).toBe('active');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('online');
  });
});

describe('a throwing inspect', () => {
  it('neither throws into the app nor loses the event being sent', async () => {
    const inspect = vi.fn(() => {
      throw new Error('inspector crashed');
    });
    const h = createHarness({ inspect });
    await settle();
    expect(() => h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' })).not.toThrow();
    await settle();
    expect(inspect).toHaveBeenCalled();
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });
});

describe('isSessionActor', () => {
  it('is true for an actor of sessionMachine, made by createSession or by createActor', () => {
    const sdk = createFakeSdk().sdk;
    expect(isSessionActor(createSession({ sdk, sdkAppID: APP_ID }))).toBe(true);
    expect(isSessionActor(createActor(sessionMachine, { input: { sdk, sdkAppID: APP_ID } }))).toBe(true);
  });

  it('is false for anything else, even an object that looks like an actor', () => {
    const lookalike = { getSnapshot: () => ({}), send: () => {}, subscribe: () => ({ unsubscribe() {} }) };
    for (const value of [undefined, null, 42, 'session', {}, lookalike]) {
      expect(isSessionActor(value)).toBe(false);
    }
  });
});
