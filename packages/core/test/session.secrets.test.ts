import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSession, type LogEntry, type SessionActor, selectStatus, sessionMachine } from '@imstate/core';
import { createScriptedSdk, result } from '@imstate/test-support/scripted-sdk';
import { APP_ID, mintUserSig } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
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

/** A message a person can read: a non-blank string. */
const readable = expect.stringMatching(/\S/);

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
    h.fake.script.login.push(result(2801, 'timeout'), 'hold');
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
      result(70009, 'bad signature'),
      { throw: new Error('Params validate failed.') },
      'never',
      result(70001, 'expired'),
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
    h.fake.script.login.push(result(70009, `invalid usersig ${SECRET}`));
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
    const fake = createScriptedSdk();
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
    fake.script.login.push('hold');
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
    const fake = createScriptedSdk();
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
    const fake = createScriptedSdk();
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

describe('SDK failures', () => {
  it('keep the SDK description as the message', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70009, 'signature mismatch'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 70009, message: 'signature mismatch', source: 'sdk' });
  });

  it('still get a readable message when the SDK gives no description (the Tencent SDK offline)', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70009, ''));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 70009, message: readable, source: 'sdk' });
  });

  it('rejected with a code and no text, keep the code and name it in the message', async () => {
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    h.fake.script.login.push({ reject: Object.assign(new Error(''), { code: 2801 }) });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.context().error).toStrictEqual({ code: 2801, message: 'SDK error 2801', source: 'sdk' });
  });

  it('never show a UserSig the SDK echoed back: it is cut out as [redacted]', async () => {
    const userSig = 'sig-alice-secret-1';
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70009, `bad signature in ${userSig}!`));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await settle();
    expect(h.context().error?.message).toBe('bad signature in [redacted]!');
  });
});

describe('a UserSig echoed back after it is no longer held', () => {
  const secret = 'sig-alice-secret-1';
  /** Everything the app can read or receive: the snapshot and the emitted events. */
  const visible = (h: Harness) => JSON.stringify([h.session.getSnapshot(), h.emitted]);

  it('is cut out of the error of the logout that followed LOGOUT', async () => {
    const h = await onlineSession({}, { userSig: secret });
    h.fake.script.logout.push(result(6014, `logout failed for ${secret}`));
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect(h.context().error?.message).toBe('logout failed for [redacted]');
    expect(visible(h)).not.toContain(secret);
  });

  it("is cut out of the next user's login failure when switching users", async () => {
    const h = await onlineSession({ retry: { maxAttempts: 1 } }, { userSig: secret });
    h.fake.script.login.push(result(70009, `still holding ${secret}`));
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob-1' });
    await settle();
    expect(h.context().error?.message).toBe('still holding [redacted]');
    expect(visible(h)).not.toContain(secret);
  });

  it("is cut out of a provider's error after a kick and a LOGIN that asks the provider", async () => {
    const getUserSig = vi.fn(async () => {
      throw new Error(`refused to replace ${secret}`);
    });
    const h = await onlineSession({ getUserSig, retry: { maxAttempts: 1 } }, { userSig: secret });
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'LOGIN', userID: 'alice' });
    await settle();
    expect(getUserSig).toHaveBeenCalledTimes(1);
    expect(h.context().error?.code).toBe('USER_SIG_PROVIDER_FAILED');
    expect(h.context().error?.message).toContain('refused to replace [redacted]');
    expect(visible(h)).not.toContain(secret);
  });
});

describe('the last UserSigs', () => {
  /**
   * Logs in as `count` users one after another, each with its own UserSig, then as bob with an SDK that echoes
   * all of theirs in its refusal: what is left of them in the error message.
   */
  async function echoAfterLogins(count: number) {
    const sigs = Array.from({ length: count }, (_, i) => `sig-user${i}-secret`);
    const h = await loggedOutSession({ retry: { maxAttempts: 1 } });
    for (const [i, userSig] of sigs.entries()) {
      h.session.send({ type: 'LOGIN', userID: `user${i}`, userSig });
      await settle();
    }
    h.fake.script.login.push(result(70009, `seen: ${sigs.join(' ')} sig-bob-1`));
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob-1' });
    await settle();
    return { sigs, message: h.context().error?.message };
  }

  it('are each cut out of a later SDK text, up to eight of them (the one in use included)', async () => {
    const { sigs, message } = await echoAfterLogins(7);
    expect(message).toBe(`seen: ${[...sigs, 'sig-bob-1'].map(() => '[redacted]').join(' ')}`);
  });
});
