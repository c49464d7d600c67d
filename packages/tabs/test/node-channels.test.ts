/**
 * The tab rules (test/support/rules.ts: T2–T8, T10, T11) over Node's own `BroadcastChannel` (a message arrives in a
 * later task, and never at the object that posted it) and a Web Locks manager written here from the standard, one for
 * all tabs as one origin has. Its grants come in a later task, as the standard has it, or at other moments an
 * implementation might pick. Real timers: each step waits, 5 ms at a time, until what it expects holds and the tabs
 * have gone quiet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Browser, type BrowserOptions, createBrowser, type Tab } from './support/browser';
import { createHarness, describeTabRules, oneOnline } from './support/rules';

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
function createLockManager(timing: Timing): LockManager & { busy(): boolean } {
  // What is scheduled and has not run yet, so that a test knows when the locks have nothing more to do.
  let scheduled = 0;
  const later =
    (schedule: Schedule): Schedule =>
    (run) => {
      scheduled++;
      schedule(() => {
        scheduled--;
        run();
      });
    };
  const steps = later(timing.steps);
  const callbacks = later(timing.callbacks);
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
    busy: () => scheduled > 0,
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
let keys = 0;

describe.each(timings)('Node’s BroadcastChannel, a standards-following LockManager: %s', (_when, timing) => {
  let listener: BroadcastChannel | undefined;
  /** Everything the test's own `BroadcastChannel` heard on the tabs' channel. */
  let heard: unknown[] = [];
  /** The tabs of the last browser, and the channels each opened. */
  let tabs: Tab[] = [];
  const channelsOf = new Map<Tab, BroadcastChannel[]>();
  /** The last browser's lock manager. */
  let locks: ReturnType<typeof createLockManager>;

  /**
   * A browser whose tabs share one lock manager (one origin) and talk over Node's BroadcastChannel, on a channel of
   * a key of its own that the test hears too.
   */
  function createNodeBrowser(options: BrowserOptions = {}): Browser {
    const key = `node-${process.pid}-${++keys}`;
    listener?.close();
    listener = new BroadcastChannel(`imstate-tabs:${key}`);
    listener.onmessage = ({ data }: MessageEvent) => heard.push(data);
    heard = [];
    tabs = [];
    const made: BroadcastChannel[] = [];
    locks = createLockManager(timing);
    const browser = createBrowser({
      latencyMs: 3,
      takeoverTimeoutMs: 1000,
      key,
      locks,
      channel: (name) => made[made.push(new BroadcastChannel(name)) - 1]!,
      ...options,
    });
    const open: Browser['open'] = (...args) => {
      const before = made.length;
      const tab = browser.open(...args);
      channelsOf.set(tab, made.slice(before));
      tabs.push(tab);
      return tab;
    };
    return { ...browser, open };
  }

  /** What could still change: every tab's state, the SDK calls, the messages. */
  const fingerprint = () =>
    JSON.stringify([
      tabs.map((tab) => [tab.substate(), tab.role(), tab.userID(), tab.kickReason()]),
      node.browser.calls.map((call) => call.settledStep),
      heard.length,
    ]);

  const node = createHarness({
    createBrowser: createNodeBrowser,
    /**
     * Waits, 5 ms at a time, until `holds`, the lock manager has nothing scheduled and the tabs have been quiet for
     * 10 ms; fails after a second.
     */
    async pass(holds = () => true) {
      const deadline = Date.now() + 1000;
      let last = '';
      let still = 0;
      while (Date.now() < deadline) {
        await pause();
        const now = fingerprint();
        still = now === last ? still + 1 : 0;
        last = now;
        if (holds() && still >= 2 && !locks.busy()) return;
      }
      throw new Error(`the tabs did not get there: ${last}`);
    },
    wire: () => heard,
    /** It keeps its lock, and hears and says nothing. */
    freeze(tab) {
      const channels = channelsOf.get(tab)!;
      expect(channels.length).toBeGreaterThan(0);
      for (const channel of channels) {
        channel.onmessage = null;
        channel.postMessage = () => {};
      }
    },
  });

  afterEach(() => {
    node.browser?.closeAll();
    vi.unstubAllGlobals();
    listener?.close();
    listener = undefined;
    channelsOf.clear();
  });

  describeTabRules(node);

  it('createTabs() defaults: navigator.locks and the global BroadcastChannel, as in a browser', async () => {
    vi.stubGlobal('navigator', {
      get locks() {
        return locks;
      },
    });
    const [one, two] = await oneOnline(node, 2, { locks: undefined, channel: undefined });
    two!.session.send({ type: 'RELOGIN' });
    await node.pass(() => two!.status() === 'online');
    expect([one!.status(), one!.kickReason()]).toEqual(['kicked', 'otherTab']);
    expect(heard.length).toBeGreaterThan(0);
    expect(node.browser.violations).toEqual([]);
  });
});
