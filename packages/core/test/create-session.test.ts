import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createSession,
  type LogEntry,
  type SessionActor,
  type SessionOptions,
  selectStatus,
  sessionMachine,
} from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
import {
  APP_ID,
  createFakeSdk,
  createHarness,
  type Harness,
  mintUserSig,
  settle,
  stopAllSessions,
} from './fake-sdk';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
});

const HOUR = 3_600_000;

describe('createSession', () => {
  it('returns an actor that does not touch the SDK until start()', async () => {
    const fake = createFakeSdk();
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
});

describe('sdkLogLevel', () => {
  it.each(['verbose', 'WARN', 3])(
    'refuses %j with a TypeError naming the option, like logLevel',
    (sdkLogLevel) => {
      const fake = createFakeSdk();
      expect(() =>
        createSession({ sdk: fake.sdk, sdkAppID: APP_ID, sdkLogLevel: sdkLogLevel as never }),
      ).toThrow(new TypeError('imstate: options.sdkLogLevel is not one of debug, info, warn, error, none'));
    },
  );

  it('accepts every level', () => {
    for (const sdkLogLevel of ['none', 'debug', 'info', 'warn', 'error'] as const) {
      createSession({ sdk: createFakeSdk().sdk, sdkAppID: APP_ID, sdkLogLevel });
    }
  });
});

describe('every input is read once', () => {
  it('editing the options object after createSession changes nothing, also on RETRY', async () => {
    const fake = createFakeSdk({ init: [{ code: 6013, desc: 'not ready' }] });
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
    const fake = createFakeSdk();
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

describe('R16 secret hygiene', () => {
  const SECRET = 'S3CRET-usersig-a1b2c3';
  const REFRESHED = 'S3CRET-refreshed-d4e5f6';

  interface Leaks {
    places: string[];
    check(where: string, value: unknown): void;
  }

  function leakFinder(secrets: string[]): Leaks {
    const places: string[] = [];
    return {
      places,
      check(where, value) {
        let text: string;
        try {
          text = JSON.stringify(value) ?? '';
        } catch (error) {
          places.push(`${where}: not serialisable (${String(error)})`);
          return;
        }
        for (const secret of secrets)
          if (text.includes(secret)) places.push(`${where}: ${text.slice(0, 300)}`);
      },
    };
  }

  /** An actor's snapshot, unless it cannot be read yet (XState refuses while the actor initialises). */
  function snapshotOf(ref: { getSnapshot(): unknown } | undefined): unknown {
    try {
      return ref?.getSnapshot();
    } catch {
      return undefined;
    }
  }

  /** A session that checks every snapshot, persisted snapshot, inspection event and log entry it produces. */
  function watchedSession(secrets: string[], options: Parameters<typeof createHarness>[0] = {}) {
    const leaks = leakFinder(secrets);
    const entries: LogEntry[] = [];
    let session: SessionActor | undefined;
    const h: Harness = createHarness({
      ...options,
      logLevel: 'debug',
      logger: (entry) => {
        entries.push(entry);
        leaks.check(`log entry`, entry);
      },
      inspect: (inspection) => {
        leaks.check(`inspection ${inspection.type}`, inspection);
        const { sourceRef } = inspection as { sourceRef?: typeof inspection.actorRef };
        for (const [role, ref] of [
          ['inspected', inspection.actorRef],
          ['source', sourceRef],
        ] as const) {
          const snapshot = snapshotOf(ref);
          if (snapshot) leaks.check(`snapshot of the ${role} actor`, snapshot);
        }
        if (session) checkSession(`during ${inspection.type}`);
      },
    });
    session = h.session;
    function checkSession(where: string) {
      const snapshot = h.session.getSnapshot();
      leaks.check(`snapshot ${where}`, snapshot);
      leaks.check(`persisted snapshot ${where}`, h.session.getPersistedSnapshot());
      for (const [id, child] of Object.entries(snapshot.children ?? {})) {
        if (child) leaks.check(`child ${id} ${where}`, (child as { getSnapshot(): unknown }).getSnapshot());
      }
    }
    h.session.subscribe((snapshot) => checkSession(`at ${selectStatus(snapshot)}`));
    return { ...h, leaks, entries, checkSession };
  }

  it('a full session lifecycle leaks its UserSigs into no snapshot, inspection event or log entry', async () => {
    let n = 0;
    const h = watchedSession([SECRET, REFRESHED], {
      getUserSig: async () => `${REFRESHED}-${++n}`,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      loginTimeoutMs: 1000,
    });
    await settle();
    h.fake.script.login.push({ code: 2801, desc: 'timeout' }, 'pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    await vi.advanceTimersByTimeAsync(100);
    h.checkSession('while a login is in flight');
    h.fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(h.status()).toBe('online');
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'RELOGIN' });
    await settle();
    h.fake.script.login.push('never');
    h.session.send({ type: 'LOGIN', userID: 'bob' });
    await vi.advanceTimersByTimeAsync(HOUR);
    h.session.send({ type: 'LOGIN', userID: 'carol', userSig: SECRET });
    await settle();
    h.session.send({ type: 'LOGOUT' });
    await settle();
    h.session.stop();
    h.checkSession('after stop');
    expect(h.fake.sdk.login.mock.calls.length).toBeGreaterThan(4);
    expect(h.entries.some((entry) => entry.level === 'debug')).toBe(true);
    expect(h.leaks.places).toEqual([]);
  });

  it('a real TLSSigAPIv2 UserSig does not leak either, nor does its decoded form', async () => {
    const userSig = mintUserSig('alice', 3600);
    const h = watchedSession([userSig, userSig.slice(20, 60)]);
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('restApi');
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(h.status()).toBe('online');
    expect(h.leaks.places).toEqual([]);
  });

  it('no error the session produces carries the UserSig in its message', async () => {
    const h = watchedSession([SECRET], {
      getUserSig: async () => SECRET,
      retry: { maxAttempts: 1 },
      sigRetry: { maxAttempts: 1 },
      loginTimeoutMs: 1000,
    });
    await settle();
    const errors: unknown[] = [];
    h.session.on('error', ({ error }) => errors.push(error));
    for (const answer of [
      { code: 70009, desc: 'bad signature' },
      { throws: new Error('Params validate failed.') },
      'never',
      { code: 70001, desc: 'expired' },
    ] as const) {
      h.fake.script.login.push(answer);
      h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
      await vi.advanceTimersByTimeAsync(HOUR);
      h.session.send({ type: 'LOGOUT' });
      await settle();
    }
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(errors)).not.toContain(SECRET);
    expect(h.leaks.places).toEqual([]);
  });

  it('an SDK error text that repeats the UserSig is not copied into the snapshot', async () => {
    const h = watchedSession([SECRET], { retry: { maxAttempts: 1 } });
    await settle();
    h.fake.script.login.push({ code: 70009, desc: `invalid usersig ${SECRET}` });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    await settle();
    expect(h.context().error?.code).toBe(70009);
    expect(h.leaks.places).toEqual([]);
  });

  it('redacts the UserSig of the LOGIN event delivered to inspect, leaving the rest of the event', async () => {
    const logins: unknown[] = [];
    const h = createHarness({
      inspect: (inspection) => {
        if ('event' in inspection && inspection.event?.type === 'LOGIN') logins.push(inspection.event);
      },
    });
    await settle();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    await settle();
    expect(logins.length).toBeGreaterThan(0);
    for (const event of logins) {
      expect(event).toMatchObject({ type: 'LOGIN', userID: 'alice' });
      expect(JSON.stringify(event)).not.toContain(SECRET);
    }
    expect(h.fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: SECRET });
  });

  /**
   * Where a secret can be reached from `root` through data: own properties (also non-enumerable, read without
   * running getters), array items, Map and Set entries. Functions and the objects in `skip` are not entered.
   */
  function pathsToSecrets(root: unknown, secrets: string[], skip: Set<unknown>): string[] {
    const found: string[] = [];
    const seen = new Set<unknown>(skip);
    const stack: [unknown, string][] = [[root, 'inspection']];
    while (stack.length > 0) {
      const [value, path] = stack.pop()!;
      if (typeof value === 'string') {
        if (secrets.some((secret) => value.includes(secret))) found.push(path);
        continue;
      }
      if (typeof value !== 'object' || value === null || seen.has(value)) continue;
      seen.add(value);
      if (value instanceof Map || value instanceof Set) {
        for (const [key, entry] of value.entries())
          stack.push([key, `${path}{key}`], [entry, `${path}{entry}`]);
      }
      for (const key of Reflect.ownKeys(value)) {
        stack.push([Object.getOwnPropertyDescriptor(value, key)?.value, `${path}.${String(key)}`]);
      }
    }
    return found;
  }

  it('no inspection event leads to a UserSig at delivery: not through its actors, their children, inputs or mailboxes', async () => {
    const fake = createFakeSdk();
    const leaks = new Set<string>();
    // The machine's definition is large and shared by every session; the SDK itself is not reachable at all.
    const skip = new Set<unknown>([sessionMachine]);
    const h = createHarness({
      fake,
      getUserSig: async () => REFRESHED,
      inspect: (inspection) => {
        for (const path of pathsToSecrets(inspection, [SECRET, REFRESHED], skip)) leaks.add(path);
      },
    });
    await settle();
    fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    // Ignored while the first login is in flight: it waits in the mailbox while the session is busy.
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    await settle();
    fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    fake.listener.onUserSigExpired();
    await settle();
    fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'RELOGIN' });
    await settle();
    expect(h.status()).toBe('online');
    expect(fake.loginSigs).toEqual([SECRET, REFRESHED, REFRESHED]);
    expect([...leaks]).toEqual([]);
  });

  it('an observer added with session.system.inspect() never meets the UserSig of a LOGIN', async () => {
    const fake = createFakeSdk();
    const session = createSession({ sdk: fake.sdk, sdkAppID: APP_ID });
    const leaks: string[] = [];
    session.system.inspect((inspection) => {
      leaks.push(...pathsToSecrets(inspection, [SECRET], new Set([sessionMachine])));
    });
    session.start();
    await settle();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: SECRET });
    await settle();
    expect(selectStatus(session.getSnapshot())).toBe('online');
    session.stop();
    expect(leaks).toEqual([]);
  });

  it('inspection sees only the plain settings as the actor input: not the SDK, getUserSig or logger', async () => {
    const fake = createFakeSdk();
    const inits: unknown[] = [];
    const keep = (inspection: InspectionEvent) => {
      if (inspection.type === '@xstate.event' && inspection.event.type === 'xstate.init') {
        inits.push(inspection.event.input);
      }
    };
    const session = createSession({
      sdk: fake.sdk,
      sdkAppID: APP_ID,
      logLevel: 'info',
      getUserSig: async () => SECRET,
      logger: () => {},
      inspect: keep,
    });
    session.system.inspect(keep);
    session.start();
    await settle();
    // The session's own input, once for `inspect` and once for the observer; its children get only their step's.
    expect(inits.filter((input) => 'logLevel' in Object(input))).toEqual([
      { sdkAppID: APP_ID, logLevel: 'info' },
      { sdkAppID: APP_ID, logLevel: 'info' },
    ]);
    for (const input of inits) {
      for (const name of ['sdk', 'getUserSig', 'logger', 'inspect'])
        expect(Object(input)).not.toHaveProperty(name);
    }
    session.stop();
  });

  it('the path finder itself finds a secret behind non-enumerable properties and Maps (self-check)', () => {
    const hidden = Object.defineProperty({}, 'sig', { value: new Map([['k', [`x${SECRET}`]]]) });
    expect(pathsToSecrets({ a: { hidden } }, [SECRET], new Set())).toEqual([
      'inspection.a.hidden.sig{entry}.0',
    ]);
    expect(pathsToSecrets({ a: { hidden } }, [SECRET], new Set([hidden]))).toEqual([]);
  });

  it('LOGIN sent to a stopped session under the `development` condition prints no UserSig', async () => {
    // XState's development build (what Vite and webpack dev servers load) warns with the whole event.
    const script = fileURLToPath(new URL('./support/login-after-stop.ts', import.meta.url));
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--conditions=development', '--conditions=@imstate/source', '--import', 'tsx', script, SECRET],
        { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 30_000 },
        (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })),
      );
    });
    const printed = stdout + stderr;
    expect(printed).toContain('was sent to stopped actor');
    expect(printed).toContain('"userID":"alice"');
    expect(printed).not.toContain(SECRET);
  }, 30_000);

  it('the leak finder itself notices a UserSig (self-check)', () => {
    const leaks = leakFinder([SECRET]);
    leaks.check('a', { deep: [{ x: `..${SECRET}..` }] });
    leaks.check('b', { clean: true });
    expect(leaks.places).toHaveLength(1);
  });
});
