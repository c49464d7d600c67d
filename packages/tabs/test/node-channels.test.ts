/**
 * T1–T11 over Node's own `BroadcastChannel` (messages arrive in a later task, never to the posting object) and a
 * Web Locks manager written here from the standard, shared by every tab as one origin's is. Its grants arrive in a
 * later task, as the standard has it, or at other moments an outside implementation might pick. Real timers: each
 * step waits, a few milliseconds at a time, until what it expects holds or the tabs have gone quiet.
 */
import { createSession } from '@imstate/core';
import { createTabs } from '@imstate/tabs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BrowserOptions,
  createBrowser,
  expectStandingBy,
  expectUsedHere,
  SDK_APP_ID,
  type Tab,
} from './support/browser';

/** When something runs: now, or in a later task. */
type Schedule = (run: () => void) => void;

/**
 * When the lock manager does its work: `steps`, the lock task queue (requests, releases and aborts; the standard
 * runs it in parallel), and `callbacks`, the granted callbacks (or `ifAvailable` ones with `null`) on the page's
 * event loop.
 */
interface Timing {
  steps: Schedule;
  callbacks: Schedule;
}

interface LockRequest {
  name: string;
  callback: LockGrantedCallback<unknown>;
  signal?: AbortSignal;
  onAbort?: () => void;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

const notSupported = (message: string) => Promise.reject(new DOMException(message, 'NotSupportedError'));

const invoke = (callback: LockGrantedCallback<unknown>, lock: Lock | null) =>
  new Promise<unknown>((resolve) => resolve(callback(lock)));

/**
 * Exclusive Web Locks for one origin (every tab shares it), step by step as https://w3c.github.io/web-locks/ has
 * them: grants in request order; a lock is held until its callback's promise settles; `ifAvailable` calls back with
 * `null` when the lock cannot be granted at once; `steal` takes the lock from its holder, whose request rejects with
 * an `AbortError`; `signal` aborts a request not granted yet with the signal's reason (once the callback runs, an
 * abort changes nothing).
 */
function createLockManager({ steps, callbacks }: Timing): LockManager {
  const queues = new Map<string, LockRequest[]>();
  const held = new Map<string, LockRequest>();
  const queueOf = (name: string) => queues.get(name) ?? queues.set(name, []).get(name)!;
  const grantable = (request: LockRequest) => {
    const queue = queueOf(request.name);
    return (queue.length === 0 || queue[0] === request) && !held.has(request.name);
  };

  const release = (request: LockRequest) => {
    if (held.get(request.name) === request) held.delete(request.name);
    processQueue(request.name);
  };

  const processQueue = (name: string) => {
    const queue = queueOf(name);
    while (queue.length > 0 && grantable(queue[0]!)) {
      const request = queue.shift()!;
      held.set(name, request);
      callbacks(() => {
        // Aborted after the grant but before the callback: the request has rejected; the lock goes unused.
        if (request.signal?.aborted) return steps(() => release(request));
        if (request.onAbort) request.signal!.removeEventListener('abort', request.onAbort);
        const waiting = invoke(request.callback, { name, mode: 'exclusive' });
        // A stolen lock's request has rejected already: resolving it changes nothing.
        const settle = () =>
          steps(() => {
            release(request);
            request.resolve(waiting);
          });
        waiting.then(settle, settle);
      });
    }
  };

  const request = (
    name: string,
    optionsOrCallback: LockOptions | LockGrantedCallback<unknown>,
    maybeCallback?: LockGrantedCallback<unknown>,
  ): Promise<unknown> => {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
    const { ifAvailable = false, steal = false, signal, mode = 'exclusive' } = options;
    if (typeof callback !== 'function') return Promise.reject(new TypeError('callback is not a function'));
    if (name.startsWith('-')) return notSupported('a lock name may not start with "-"');
    if (mode !== 'exclusive') return notSupported('this fake knows exclusive locks only');
    if (steal && ifAvailable) return notSupported('steal and ifAvailable together');
    if (signal && (steal || ifAvailable)) return notSupported('signal with steal or ifAvailable');
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const entry: LockRequest = { name, callback, signal, resolve, reject };
      if (signal) {
        entry.onAbort = () => {
          steps(() => {
            const queue = queueOf(name);
            if (queue.includes(entry)) queue.splice(queue.indexOf(entry), 1);
            processQueue(name);
          });
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      steps(() => {
        const queue = queueOf(name);
        if (steal) {
          const robbed = held.get(name);
          held.delete(name);
          robbed?.reject(
            new DOMException('Lock broken by another request with the "steal" option.', 'AbortError'),
          );
          queue.unshift(entry);
        } else if (ifAvailable && !grantable(entry)) {
          return callbacks(() => resolve(invoke(callback, null)));
        } else {
          queue.push(entry);
        }
        processQueue(name);
      });
    });
  };

  return {
    request: request as LockManager['request'],
    query: async () => ({
      held: [...held.values()].map(({ name }) => ({ name, mode: 'exclusive' as const })),
      pending: [...queues.values()].flat().map(({ name }) => ({ name, mode: 'exclusive' as const })),
    }),
  };
}

const now: Schedule = (run) => run();
const task =
  (ms = 0): Schedule =>
  (run) =>
    setTimeout(run, ms);

const timings: [string, Timing][] = [
  ['grants in a later task, as the standard has it', { steps: now, callbacks: task() }],
  [
    'the lock task queue in parallel (a later task), and grants in another',
    { steps: task(), callbacks: task() },
  ],
  ['grants synchronously, inside request()', { steps: now, callbacks: now }],
  ['grants 10 ms late, well after the messages', { steps: now, callbacks: task(10) }],
];

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

let browser: ReturnType<typeof createBrowser> | undefined;
let listener: BroadcastChannel | undefined;
/** Everything the test's own `BroadcastChannel` heard on the tabs' channel. */
let heard: unknown[] = [];
let keys = 0;

afterEach(() => {
  browser?.closeAll();
  vi.unstubAllGlobals();
  listener?.close();
  browser = listener = undefined;
  heard = [];
});

describe.each(timings)('Node’s BroadcastChannel, a standards-following LockManager: %s', (_when, timing) => {
  /** Every tab opened in this test. */
  let all: Tab[] = [];
  const channelsOf = new Map<Tab, BroadcastChannel[]>();

  /** The tab's page freezes: it keeps its lock, and hears and says nothing on its channels. */
  const freeze = (tab: Tab) => {
    const channels = channelsOf.get(tab)!;
    expect(channels.length).toBeGreaterThan(0);
    for (const channel of channels) {
      channel.onmessage = null;
      channel.postMessage = () => {};
    }
  };

  /**
   * A browser whose tabs share one lock manager and talk over Node's BroadcastChannel, which the test hears too;
   * `open(n)` opens n more tabs.
   */
  function nodeBrowser(options: BrowserOptions = {}) {
    const name = `node-${process.pid}-${++keys}`;
    listener = new BroadcastChannel(`imstate-tabs:${name}`);
    listener.onmessage = ({ data }: MessageEvent) => heard.push(data);
    all = [];
    const made: BroadcastChannel[] = [];
    browser = createBrowser({
      latencyMs: 3,
      takeoverTimeoutMs: 1000,
      key: name,
      locks: createLockManager(timing),
      channel: (channelName) => made[made.push(new BroadcastChannel(channelName)) - 1]!,
      ...options,
    });
    const { server } = browser;
    const open = (count: number) =>
      Array.from({ length: count }, () => {
        const before = made.length;
        const tab = browser!.open();
        channelsOf.set(tab, made.slice(before));
        all.push(tab);
        return tab;
      });
    return { server, key: name, open };
  }

  /** What could still change: every tab's state, the SDK calls, the messages, and `more`. */
  const fingerprint = (more: () => unknown) =>
    JSON.stringify([
      all.map((tab) => [tab.substate(), tab.role(), tab.userID(), tab.kickReason()]),
      browser!.calls.map((call) => call.settledStep),
      heard.length,
      more(),
    ]);

  /** Waits until `holds` and the tabs have gone quiet, failing after a second. */
  async function until(holds: () => boolean = () => true, more: () => unknown = () => 0): Promise<void> {
    const deadline = Date.now() + 1000;
    let last = '';
    let still = 0;
    while (Date.now() < deadline) {
      await pause();
      const now = fingerprint(more);
      still = now === last ? still + 1 : 0;
      last = now;
      if (holds() && still >= 4) return;
    }
    throw new Error(`the tabs did not settle: ${last}`);
  }

  const statuses = (tabs: Tab[]) => tabs.map((tab) => tab.status());
  const logins = () => browser!.calls.filter((call) => call.method === 'login');

  /** `count` started tabs; the first logs in as alice, the others ask to log in as bob and stand by. */
  async function oneOnline(count: number, options: BrowserOptions = {}): Promise<Tab[]> {
    const opened = nodeBrowser(options).open(count);
    await until();
    opened[0]!.session.send({ type: 'LOGIN', userID: 'alice' });
    await until(() => opened[0]!.status() === 'online');
    for (const tab of opened.slice(1)) tab.session.send({ type: 'LOGIN', userID: 'bob' });
    await until();
    expect(statuses(opened)).toEqual(['online', ...opened.slice(1).map(() => 'kicked')]);
    return opened;
  }

  it('T2, T3: a second tab that logs in stands by without sdk.login, kicked with otherTab, naming the holder’s user', async () => {
    const [one, two] = await oneOnline(2);
    expectStandingBy(two!, one!);
    expect(browser!.violations).toEqual([]);
  });

  it('T3: a tab opened after the holder logged in asks who holds the login, and stands by without sdk.login', async () => {
    const { open } = nodeBrowser();
    const [one] = open(1);
    await until();
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await until(() => one!.status() === 'online');
    const [two] = open(1);
    await until();
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await until(() => two!.status() === 'kicked');
    expect([two!.kickReason(), two!.userID(), two!.role()]).toEqual(['otherTab', 'alice', 'standby']);
    expect(two!.logins()).toEqual([]);
    expect(one!.status()).toBe('online');
  });

  it('T2: three tabs that log in at the same moment: exactly one calls sdk.login', async () => {
    const opened = nodeBrowser().open(3);
    await until();
    for (const [i, userID] of ['alice', 'bob', 'carol'].entries())
      opened[i]!.session.send({ type: 'LOGIN', userID });
    await until(() => opened.some((tab) => tab.status() === 'online'));
    expect(statuses(opened).sort()).toEqual(['kicked', 'kicked', 'online']);
    expect(logins()).toHaveLength(1);
    const winner = opened.find((tab) => tab.status() === 'online')!;
    for (const tab of opened) expect(tab.userID()).toBe(winner.userID());
    expect(browser!.violations).toEqual([]);
  });

  it('T4: RELOGIN in the kicked tab: the holder logs out gracefully, and only then the taker logs in', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    await until(() => two!.status() === 'online');
    expectUsedHere(one!, two!);
    expect(browser!.violations).toEqual([]);
  });

  it('T4: LOGIN in the kicked tab takes over as the user it names', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'LOGIN', userID: 'bob' });
    await until(() => two!.status() === 'online');
    expect(two!.userID()).toBe('bob');
    expect([one!.status(), one!.userID(), one!.kickReason()]).toEqual(['kicked', 'bob', 'otherTab']);
    expect(browser!.violations).toEqual([]);
  });

  it('T4: a third tab standing by does not get in the way of the tab taking over', async () => {
    const [one, two, three] = await oneOnline(3);
    three!.session.send({ type: 'RELOGIN' });
    await until(() => three!.status() === 'online');
    expect(statuses([one!, two!, three!])).toEqual(['kicked', 'kicked', 'online']);
    expect(two!.substate()).toBe('kicked.standingBy');
    expect(two!.logins()).toEqual([]);
    expect(browser!.violations).toEqual([]);
  });

  it.each([
    ['the holding tab', 0],
    ['a tab standing by', 2],
  ])('T5: LOGOUT in %s logs every tab out, and no tab logs in', async (_where, at) => {
    const opened = await oneOnline(3);
    opened[at]!.session.send({ type: 'LOGOUT' });
    await until(() => opened.every((tab) => tab.status() === 'loggedOut'));
    expect(opened[0]!.logouts()).toHaveLength(1);
    expect(opened[0]!.emitted).toEqual(['online', 'loggedOut']);
    expect(opened[1]!.emitted).toEqual(['kicked:otherTab', 'loggedOut']);
    expect(logins()).toHaveLength(1);
  });

  it('T6: the holder closes while logged in: exactly one tab standing by takes over as the same user, and again', async () => {
    const [one, two, three] = await oneOnline(3);
    one!.close();
    await until(() => [two!, three!].some((tab) => tab.status() === 'online'));
    const online = [two!, three!].filter((tab) => tab.status() === 'online');
    expect(online).toHaveLength(1);
    expect(online[0]!.userID()).toBe('alice');
    expect(online[0]!.asked).toEqual(['alice:relogin']);
    const other = online[0] === two ? three! : two!;
    expect(other.status()).toBe('kicked');
    expect(other.logins()).toEqual([]);
    online[0]!.close();
    await until(() => other.status() === 'online');
    expect(browser!.violations).toEqual([]);
  });

  it('T6: a tab that never asked to log in does not take over', async () => {
    const [one, two] = nodeBrowser().open(2);
    await until();
    one!.session.send({ type: 'LOGIN', userID: 'alice' });
    await until(() => one!.status() === 'online');
    one!.close();
    await until();
    expect(two!.status()).toBe('loggedOut');
    expect(two!.logins()).toEqual([]);
  });

  it.each([
    ['without getUserSig', { provider: false }],
    ['with autoTakeOver: false', { autoTakeOver: false }],
  ])('T6: %s no tab logs in by itself; “use here” still works', async (_name, options) => {
    const [one, two] = nodeBrowser(options).open(2);
    await until();
    const userSig = browser!.issue('alice');
    one!.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await until(() => one!.status() === 'online');
    two!.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await until();
    expect(two!.substate()).toBe('kicked.resting');
    one!.close();
    await until();
    expect(two!.status()).toBe('kicked');
    expect(two!.logins()).toEqual([]);
    two!.session.send({ type: 'RELOGIN' });
    await until(() => two!.status() === 'online');
  });

  it('T7: a server kick of the holder shows in every tab, and no tab logs in by itself, not even when it closes', async () => {
    const opened = await oneOnline(3);
    browser!.server.kick('alice');
    await until(() => opened.every((tab) => tab.kickReason() === 'restApi'));
    expect(statuses(opened)).toEqual(['kicked', 'kicked', 'kicked']);
    expect(opened[1]!.emitted).toEqual(['kicked:otherTab', 'kicked:restApi']);
    opened[0]!.close();
    await until();
    expect(statuses(opened.slice(1))).toEqual(['kicked', 'kicked']);
    expect(logins()).toHaveLength(1);
  });

  it('T8: nothing the tabs post on the channel carries a UserSig', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    await until(() => two!.status() === 'online');
    one!.session.send({ type: 'LOGIN', userID: 'alice', userSig: browser!.issue('alice') });
    await until(() => one!.status() === 'online');
    two!.session.send({ type: 'LOGOUT' });
    await until(() => statuses([one!, two!]).every((status) => status === 'loggedOut'));
    expect(heard.length).toBeGreaterThan(5);
    expect(browser!.issued.length).toBeGreaterThan(2);
    const wire = JSON.stringify(heard);
    for (const userSig of browser!.issued) expect(wire).not.toContain(userSig);
    expect(wire).not.toMatch(/sig/i);
  });

  it.each([
    [
      'whose logout hangs',
      (tab: Tab) => vi.spyOn(tab.sdk, 'logout').mockImplementation(() => new Promise(() => {})),
    ],
    ['frozen (it hears and says nothing)', freeze],
  ])(
    'T10: a holder %s loses the lock after takeoverTimeoutMs and never logs in by itself again',
    async (_how, hang) => {
      const [one, two] = await oneOnline(2, { takeoverTimeoutMs: 100 });
      hang(one!);
      const asked = Date.now();
      two!.session.send({ type: 'RELOGIN' });
      await until(() => two!.status() === 'online');
      expect(Date.now() - asked).toBeGreaterThanOrEqual(100);
      expect([one!.status(), one!.substate(), one!.kickReason()]).toEqual([
        'kicked',
        'kicked.resting',
        'otherTab',
      ]);
      expect(one!.logouts().filter((call) => call.settledStep !== undefined)).toEqual([]);
      two!.close();
      await until();
      expect(one!.logins()).toHaveLength(1);
    },
  );

  it('T2, T4: two tabs that say “use here” at once: one ends online, and no two logins overlap', async () => {
    const opened = await oneOnline(3);
    opened[1]!.session.send({ type: 'RELOGIN' });
    opened[2]!.session.send({ type: 'RELOGIN' });
    await until(() => opened.filter((tab) => tab.status() === 'online').length === 1);
    expect(statuses(opened).sort()).toEqual(['kicked', 'kicked', 'online']);
    for (const tab of opened.filter((tab) => tab.status() === 'kicked'))
      expect([tab.kickReason(), tab.userID()]).toEqual(['otherTab', 'alice']);
    expect(browser!.violations).toEqual([]);
  });

  it('T4, T6: the taking tab closes before it logged in: the displaced tab takes the login back', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    await until(() => one!.status() === 'kicked');
    two!.close();
    await until(() => one!.status() === 'online');
    expect(one!.userID()).toBe('alice');
    expect(browser!.violations).toEqual([]);
  });

  it('T5: LOGOUT in the holder before it heard another tab say “use here”: every tab ends logged out', async () => {
    const [one, two] = await oneOnline(2);
    two!.session.send({ type: 'RELOGIN' });
    one!.session.send({ type: 'LOGOUT' });
    await until();
    expect(statuses([one!, two!])).toEqual(['loggedOut', 'loggedOut']);
    expect(two!.emitted).toEqual(['kicked:otherTab', 'loggedOut']);
    expect(logins()).toHaveLength(1);
  });

  it('createTabs() defaults: navigator.locks and the global BroadcastChannel, as in a browser', async () => {
    vi.stubGlobal('navigator', { locks: createLockManager(timing) });
    const [one, two] = await oneOnline(2, { locks: undefined, channel: undefined });
    two!.session.send({ type: 'RELOGIN' });
    await until(() => two!.status() === 'online');
    expect([one!.status(), one!.kickReason()]).toEqual(['kicked', 'otherTab']);
    expect(heard.length).toBeGreaterThan(0);
    expect(browser!.violations).toEqual([]);
  });

  it('T11: sessions sharing one coordinator coordinate as two tabs do', async () => {
    const { server, key } = nodeBrowser();
    const tabs = createTabs({
      key,
      locks: createLockManager(timing),
      channel: (name) => new BroadcastChannel(name),
    });
    const start = () =>
      createSession({
        sdk: server.createClient({ platform: 'web' }),
        sdkAppID: SDK_APP_ID,
        getUserSig: async (userID) => server.issueUserSig(userID, 600),
        tabs,
      }).start();
    const sessions = [start(), start()];
    const values = () => sessions.map((session) => JSON.stringify(session.getSnapshot().value));
    try {
      await until(() => true, values);
      sessions[0]!.send({ type: 'LOGIN', userID: 'alice' });
      await until(() => values()[0] === '"online"', values);
      sessions[1]!.send({ type: 'LOGIN', userID: 'alice' });
      await until(() => true, values);
      expect(values()).toEqual(['"online"', '{"kicked":"standingBy"}']);
      sessions[1]!.send({ type: 'RELOGIN' });
      await until(() => values()[1] === '"online"', values);
      expect(values()[0]).toBe('{"kicked":"standingBy"}');
    } finally {
      for (const session of sessions) session.stop();
    }
  });
});
