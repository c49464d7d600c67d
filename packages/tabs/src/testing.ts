/**
 * In-memory stand-ins for Web Locks and BroadcastChannel, written from the standards, for tests in Node or
 * happy-dom (which have no `navigator.locks`): `createTabs({ locks: memoryLocks.tab(), channel: memoryChannels.open })`.
 * Each `tab()` is one page's view of a shared lock table; `crash()` ends that page the way a closed or crashed tab
 * does (its locks are released, its waiting requests dropped, no JavaScript of it runs again).
 */

/** When a grant or a message is delivered: `run` later (default: a microtask). */
export type Scheduler = (run: () => void) => void;

const microtask: Scheduler = (run) => queueMicrotask(run);

const domError = (name: string, message: string) => new DOMException(message, name);

interface LockRequest {
  name: string;
  tab: object;
  callback: LockGrantedCallback<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  /** Set once the callback runs: an abort changes nothing from then on. */
  started?: boolean;
}

/** A page's lock manager, and how it ends. */
export interface MemoryLockManager extends LockManager {
  /** Ends this page: its held locks are released and its waiting requests dropped, none of them settling. */
  crash(): void;
}

/** One lock table for many pages (tabs) of an origin. */
export interface MemoryLocks {
  /** A lock manager for one more page. */
  tab(): MemoryLockManager;
  /** The name of every held lock, for assertions. */
  held(): string[];
}

/**
 * Exclusive Web Locks (`request(name, { ifAvailable, steal, signal }, callback)`): grants in request order, a lock
 * lives until its callback's promise settles, `ifAvailable` calls back with `null` when the lock cannot be granted at
 * once, `steal` releases the holder (whose request rejects with an `AbortError`) and grants at once, and `signal`
 * aborts a request still waiting. `schedule` decides when granted callbacks run.
 */
export function createMemoryLocks({ schedule = microtask }: { schedule?: Scheduler } = {}): MemoryLocks {
  const queues = new Map<string, LockRequest[]>();
  const holders = new Map<string, LockRequest>();
  const crashed = new WeakSet<object>();

  const queueOf = (name: string) => queues.get(name) ?? queues.set(name, []).get(name)!;

  const grant = (request: LockRequest, lock: Lock | null) => {
    if (lock) holders.set(request.name, request);
    schedule(() => {
      if (crashed.has(request.tab)) return;
      // Aborted after the grant, before the callback: the request has rejected; the lock goes unused.
      if (request.signal?.aborted) {
        if (lock && holders.get(request.name) === request) {
          holders.delete(request.name);
          next(request.name);
        }
        return;
      }
      // A lock stolen before its callback runs: the callback runs all the same (its request has rejected).
      request.started = true;
      const done = (settle: () => void) => () => {
        // A lock that was stolen, or whose page crashed, is no longer this request's to let go.
        if (lock && holders.get(request.name) !== request) return;
        if (lock) holders.delete(request.name);
        settle();
        if (lock) next(request.name);
      };
      new Promise((resolve) => resolve(request.callback(lock))).then(
        (value) => done(() => request.resolve(value))(),
        (error) => done(() => request.reject(error))(),
      );
    });
  };

  const next = (name: string) => {
    const queue = queueOf(name);
    if (holders.has(name) || queue.length === 0) return;
    const request = queue.shift()!;
    grant(request, { name, mode: 'exclusive' });
  };

  const manager = (): MemoryLockManager => {
    const tab = {};
    const request = (
      name: string,
      optionsOrCallback: LockOptions | LockGrantedCallback<unknown>,
      maybeCallback?: LockGrantedCallback<unknown>,
    ): Promise<unknown> => {
      const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
      const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
      const { ifAvailable = false, steal = false, signal, mode = 'exclusive' } = options;
      if (typeof callback !== 'function') return Promise.reject(new TypeError('callback is not a function'));
      if (crashed.has(tab)) return new Promise(() => {});
      if (name.startsWith('-'))
        return Promise.reject(domError('NotSupportedError', 'names starting with "-"'));
      if ((steal && ifAvailable) || (signal && (steal || ifAvailable)) || mode !== 'exclusive')
        return Promise.reject(domError('NotSupportedError', 'unsupported combination of options'));
      if (signal?.aborted) return Promise.reject(signal.reason ?? domError('AbortError', 'aborted'));
      return new Promise((resolve, reject) => {
        const entry: LockRequest = { name, tab, callback, resolve, reject, signal };
        if (steal) {
          const stolen = holders.get(name);
          holders.delete(name);
          stolen?.reject(domError('AbortError', 'Lock broken by another request with the "steal" option.'));
          return grant(entry, { name, mode: 'exclusive' });
        }
        const queue = queueOf(name);
        if (ifAvailable && (holders.has(name) || queue.length > 0)) return grant(entry, null);
        queue.push(entry);
        signal?.addEventListener('abort', () => {
          if (entry.started) return;
          const waiting = queueOf(name);
          const at = waiting.indexOf(entry);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal.reason ?? domError('AbortError', 'aborted'));
        });
        next(name);
      });
    };
    return {
      request: request as LockManager['request'],
      query: async () => ({
        held: [...holders.values()].map(({ name }) => ({ name, mode: 'exclusive' as const })),
        pending: [...queues.values()].flat().map(({ name }) => ({ name, mode: 'exclusive' as const })),
      }),
      crash() {
        crashed.add(tab);
        for (const [name, queue] of queues)
          queues.set(
            name,
            queue.filter((entry) => entry.tab !== tab),
          );
        for (const [name, holder] of [...holders]) {
          if (holder.tab !== tab) continue;
          holders.delete(name);
          next(name);
        }
      },
    };
  };

  return { tab: manager, held: () => [...holders.keys()] };
}

/** Every message posted on the channels, in order, for assertions (e.g. that none carries a secret). */
export interface PostedMessage {
  name: string;
  data: unknown;
}

/** A set of in-memory BroadcastChannels: `open(name)` stands in for `new BroadcastChannel(name)`. */
export interface MemoryChannels {
  open(name: string): BroadcastChannel;
  /** What was posted, by any channel, in order. */
  posted: PostedMessage[];
  /**
   * The channels of one page: `crash()` closes them (a crashed page posts and hears nothing more); `freeze()` makes
   * them drop what they post and hear, as a frozen page (its locks stay held) does until it thaws.
   */
  page(): { open(name: string): BroadcastChannel; crash(): void; freeze(): void };
}

/**
 * BroadcastChannel as the standard has it, in memory: a message (a structured clone) reaches every other open
 * channel of the same name, each in the order messages were posted; `schedule` decides when each is delivered.
 */
export function createMemoryChannels({
  schedule = microtask,
}: {
  schedule?: Scheduler;
} = {}): MemoryChannels {
  const open = new Set<MemoryChannel>();
  const posted: PostedMessage[] = [];

  class MemoryChannel {
    onmessage: ((event: MessageEvent) => void) | null = null;
    onmessageerror = null;
    private readonly inbox: unknown[] = [];
    /**
     * The listeners added with `addEventListener`, on an EventTarget of their own: an environment whose EventTarget
     * runs `on<type>` handlers itself (happy-dom) would otherwise run `onmessage` twice per message.
     */
    private readonly events = new EventTarget();
    closed = false;
    frozen = false;

    constructor(readonly name: string) {
      open.add(this);
    }

    addEventListener(...args: Parameters<EventTarget['addEventListener']>) {
      this.events.addEventListener(...args);
    }

    removeEventListener(...args: Parameters<EventTarget['removeEventListener']>) {
      this.events.removeEventListener(...args);
    }

    dispatchEvent(event: Event) {
      return this.events.dispatchEvent(event);
    }

    postMessage(message: unknown) {
      if (this.closed) throw domError('InvalidStateError', 'BroadcastChannel is closed');
      const data = structuredClone(message);
      if (this.frozen) return;
      posted.push({ name: this.name, data });
      for (const other of open) if (other !== this && other.name === this.name) other.receive(data);
    }

    private receive(data: unknown) {
      if (this.frozen) return;
      this.inbox.push(data);
      schedule(() => {
        if (this.closed) return;
        const event = new MessageEvent('message', { data: this.inbox.shift() });
        this.onmessage?.(event);
        this.dispatchEvent(event);
      });
    }

    close() {
      this.closed = true;
      open.delete(this);
    }
  }

  const openChannel = (name: string) => new MemoryChannel(String(name)) as unknown as BroadcastChannel;
  return {
    open: openChannel,
    posted,
    page() {
      const mine: MemoryChannel[] = [];
      return {
        open: (name) => {
          const channel = new MemoryChannel(String(name));
          mine.push(channel);
          return channel as unknown as BroadcastChannel;
        },
        crash: () => {
          for (const channel of mine) channel.close();
        },
        freeze: () => {
          for (const channel of mine) channel.frozen = true;
        },
      };
    },
  };
}
