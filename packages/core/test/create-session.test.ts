import { createSession, type ImSdk, type SessionOptions, selectStatus, sessionMachine } from '@imstate/core';
import { isSessionActor } from '@imstate/core/bindings';
import { createScriptedSdk, result } from '@imstate/test-support/scripted-sdk';
import { APP_ID } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import { type AnyActorRef, createActor, type InspectionEvent } from 'xstate';
import { createHarness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

describe('createSession', () => {
  it('returns an actor that does not touch the SDK until start()', async () => {
    const fake = createScriptedSdk();
    const session = createSession({ sdk: fake.sdk, sdkAppID: APP_ID });
    await settle();
    expect(fake.sdk.initSDK).not.toHaveBeenCalled();
    session.start();
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
    await settle();
    expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
    session.stop();
  });

  it('gives every session its own state', async () => {
    const a = createHarness();
    const b = createHarness();
    await settle();
    a.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-a' });
    await settle();
    expect(a.status()).toBe('online');
    expect(b.status()).toBe('loggedOut');
    expect(b.fake.sdk.login).not.toHaveBeenCalled();
  });

  it('delivers inspection events to options.inspect', async () => {
    const events: InspectionEvent[] = [];
    const h = createHarness({ inspect: (event) => events.push(event) });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-a' });
    await settle();
    const types = new Set(events.map((event) => event.type));
    expect(types).toContain('@xstate.event');
    expect(types).toContain('@xstate.snapshot');
    const login = events.find((event) => event.type === '@xstate.event' && event.event.type === 'LOGIN');
    expect(login).toMatchObject({ event: { type: 'LOGIN', userID: 'alice' } });
  });

  it('delivers them to an observer given as options.inspect, called as its method', async () => {
    const observer = {
      seen: [] as string[],
      next(event: InspectionEvent) {
        this.seen.push(event.type);
      },
    };
    createHarness({ inspect: observer });
    await settle();
    expect(observer.seen).toContain('@xstate.snapshot');
  });

  it('accepts an observer without next, and runs as without one', async () => {
    const h = await loggedOutSession({ inspect: { complete() {} } });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-a' });
    await settle();
    expect(h.status()).toBe('online');
  });

  it('names each of its actors for the inspector: the SDK bridge and each step (no tab bridge without tabs)', async () => {
    const actors: string[] = [];
    const h = await loggedOutSession({
      inspect: (event) => {
        if (event.type === '@xstate.actor') actors.push((event.actorRef as AnyActorRef).id);
      },
    });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-a' });
    await settle();
    expect(actors).toEqual(expect.arrayContaining(['sdk', 'initSdk', 'login', 'sigExpiry']));
    expect(actors).not.toContain('tabs');
  });
});

describe('a persisted snapshot', () => {
  it('cannot bring a session back: the actor fails with "imstate: not a session actor", as documented', async () => {
    const h = await onlineSession();
    const restored = createActor(sessionMachine, {
      snapshot: h.session.getPersistedSnapshot(),
      input: { sdk: createScriptedSdk().sdk, sdkAppID: APP_ID },
    });
    const failed = vi.fn();
    restored.subscribe({ error: failed });
    restored.start();
    expect(failed).toHaveBeenCalledWith(new Error('imstate: not a session actor'));
    expect(restored.getSnapshot().status).toBe('error');
  });
});

describe('sdkLogLevel', () => {
  it.each(['verbose', 'WARN', 3])(
    'refuses %j with a TypeError naming the option, like logLevel',
    (sdkLogLevel) => {
      const fake = createScriptedSdk();
      expect(() =>
        createSession({ sdk: fake.sdk, sdkAppID: APP_ID, sdkLogLevel: sdkLogLevel as never }),
      ).toThrow(new TypeError('imstate: options.sdkLogLevel is not one of debug, info, warn, error, none'));
    },
  );

  it('accepts every level', () => {
    for (const sdkLogLevel of ['none', 'debug', 'info', 'warn', 'error'] as const) {
      createSession({ sdk: createScriptedSdk().sdk, sdkAppID: APP_ID, sdkLogLevel });
    }
  });
});

describe('every input is read once', () => {
  it('editing the options object after createSession changes nothing, also on RETRY', async () => {
    const fake = createScriptedSdk({ initSDK: [result(6013, 'not ready')] });
    const options: SessionOptions = { sdk: fake.sdk, sdkAppID: APP_ID, logLevel: 'info' };
    const session = createSession(options);
    Object.assign(options, { sdkAppID: 0, logLevel: 'none' });
    session.start();
    await settle();
    session.send({ type: 'RETRY' });
    await settle();
    expect(fake.sdk.initSDK.mock.calls.map(([params]) => [params.sdkAppID, params.logLevel])).toEqual([
      [APP_ID, 'info'],
      [APP_ID, 'info'],
    ]);
    expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
    session.stop();
  });

  it('reads each option once, so an option getter cannot pass the checks with one value and run with another', async () => {
    const fake = createScriptedSdk();
    const reads: Record<string, number> = {};
    const values: Record<string, unknown[]> = {
      sdk: [fake.sdk, {}],
      sdkAppID: [APP_ID, 0],
      logLevel: ['info', 'loud'],
      getUserSig: [async () => 'sig-from-provider', 'not a function'],
    };
    const options = {} as SessionOptions;
    for (const [name, [first, later]] of Object.entries(values)) {
      Object.defineProperty(options, name, {
        enumerable: true,
        get: () => {
          reads[name] = (reads[name] ?? 0) + 1;
          return reads[name] === 1 ? first : later;
        },
      });
    }
    const session = createSession(options);
    session.start();
    await settle();
    session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(selectStatus(session.getSnapshot())).toBe('online');
    expect(fake.sdk.initSDK).toHaveBeenCalledWith(
      expect.objectContaining({ sdkAppID: APP_ID, logLevel: 'info' }),
    );
    expect(fake.loginSigs).toEqual(['sig-from-provider']);
    expect(reads).toEqual({ sdk: 1, sdkAppID: 1, logLevel: 1, getUserSig: 1 });
    session.stop();
  });

  it("reads a LOGIN event's fields once: the user checked is the user logged in", async () => {
    const h = createHarness();
    await settle();
    let reads = 0;
    const login = {
      type: 'LOGIN' as const,
      userSig: 'sig-alice-1',
      get userID() {
        reads += 1;
        return reads === 1 ? 'alice' : 'not a valid user!';
      },
    };
    h.session.send(login);
    await settle();
    expect(reads).toBe(1);
    expect(h.fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(h.context().userID).toBe('alice');
  });
});

describe('createSession checks the SDK port', () => {
  it.each(['initSDK', 'unInitSDK', 'login', 'logout'] as const)(
    'throws a TypeError naming %s when the sdk lacks it',
    (method) => {
      const sdk: Partial<ImSdk> = { ...createScriptedSdk().sdk };
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
    const sdk = createScriptedSdk().sdk;
    expect(() => createSession({ sdk, sdkAppID: APP_ID, ...(option as object) })).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(name) }),
    );
    expect(sdk.initSDK).not.toHaveBeenCalled();
  });

  it('lists the five levels when it refuses a logLevel', () => {
    expect(() =>
      createSession({ sdk: createScriptedSdk().sdk, sdkAppID: APP_ID, logLevel: 'trace' as never }),
    ).toThrow('options.logLevel is not one of debug, info, warn, error, none');
  });

  it('accepts every documented logLevel', () => {
    for (const logLevel of ['none', 'debug', 'info', 'warn', 'error'] as const) {
      expect(() => createSession({ sdk: createScriptedSdk().sdk, sdkAppID: APP_ID, logLevel })).not.toThrow();
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
    const sdk = createScriptedSdk().sdk;
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
