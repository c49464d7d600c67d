import { createMemoryChannels, createMemoryLocks } from '@imstate/tabs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Lets queued microtasks run. */
const flush = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
};

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

afterEach(() => vi.unstubAllGlobals());

describe('createMemoryLocks: exclusive Web Locks as the standard has them', () => {
  it('grants one request at a time, in request order, each until its callback’s promise settles', async () => {
    const locks = createMemoryLocks();
    const [a, b] = [locks.tab(), locks.tab()];
    const order: string[] = [];
    const first = deferred();
    const done = [
      a.request('x', async () => {
        order.push('a');
        await first.promise;
        order.push('a done');
      }),
      b.request('x', () => order.push('b')),
      a.request('x', {}, () => order.push('a again')),
    ];
    await flush();
    expect(order).toEqual(['a']);
    expect(locks.held()).toEqual(['x']);
    first.resolve();
    await Promise.all(done);
    expect(order).toEqual(['a', 'a done', 'b', 'a again']);
    expect(locks.held()).toEqual([]);
  });

  it('resolves the request with what its callback resolved with, and rejects with what it threw', async () => {
    const locks = createMemoryLocks().tab();
    await expect(locks.request('x', async () => 42)).resolves.toBe(42);
    await expect(
      locks.request('x', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(locks.request('x', () => 'free again')).resolves.toBe('free again');
  });

  it('ifAvailable calls back with null at once when the lock is held, and with the lock when it is free', async () => {
    const locks = createMemoryLocks();
    const [a, b] = [locks.tab(), locks.tab()];
    const hold = deferred();
    void a.request('x', () => hold.promise);
    await flush();
    await expect(b.request('x', { ifAvailable: true }, (lock) => lock)).resolves.toBeNull();
    hold.resolve();
    await flush();
    await expect(b.request('x', { ifAvailable: true }, (lock) => lock?.name)).resolves.toBe('x');
  });

  it('steal ends the holder’s request with an AbortError and grants at once, ahead of the queue', async () => {
    const locks = createMemoryLocks();
    const [a, b, c] = [locks.tab(), locks.tab(), locks.tab()];
    const order: string[] = [];
    const holding = a.request('x', () => new Promise(() => order.push('a')));
    const waiting = b.request('x', () => order.push('b'));
    await flush();
    const stealing = c.request('x', { steal: true }, () => order.push('c'));
    await expect(holding).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.all([stealing, waiting]);
    expect(order).toEqual(['a', 'c', 'b']);
  });

  it('an aborted signal takes a waiting request out of the queue (AbortError); a granted one is not affected', async () => {
    const locks = createMemoryLocks();
    const [a, b] = [locks.tab(), locks.tab()];
    const hold = deferred();
    const stop = new AbortController();
    const granted = a.request('x', { signal: stop.signal }, () => hold.promise);
    const waitingStop = new AbortController();
    let ran = false;
    const waiting = b.request('x', { signal: waitingStop.signal }, () => {
      ran = true;
    });
    await flush();
    stop.abort();
    waitingStop.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    hold.resolve();
    await expect(granted).resolves.toBeUndefined();
    expect(ran).toBe(false);
    await expect(
      b.request('x', { signal: AbortSignal.abort() }, () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(false);
  });

  it('refuses what the standard refuses (NotSupportedError)', async () => {
    const locks = createMemoryLocks().tab();
    const signal = new AbortController().signal;
    const refused = [
      locks.request('-x', () => {}),
      locks.request('x', { steal: true, ifAvailable: true }, () => {}),
      locks.request('x', { steal: true, signal }, () => {}),
      locks.request('x', { ifAvailable: true, signal }, () => {}),
    ];
    for (const request of refused) await expect(request).rejects.toMatchObject({ name: 'NotSupportedError' });
  });

  it('a crashed page lets its locks go, drops its waiting requests, and none of them settles', async () => {
    const locks = createMemoryLocks();
    const [a, b] = [locks.tab(), locks.tab()];
    const settled: string[] = [];
    a.request('x', () => new Promise(() => {})).then(
      () => settled.push('a'),
      () => settled.push('a'),
    );
    a.request('y', () => new Promise(() => {}));
    void b.request('y', () => 'b has y').then((value) => settled.push(value));
    a.request('x', () => settled.push('a again'));
    await flush();
    a.crash();
    await flush();
    expect(settled).toEqual(['b has y']);
    expect(locks.held()).toEqual([]);
  });

  it('a request granted after another page crashed keeps its lock when its signal aborts', async () => {
    const locks = createMemoryLocks();
    const [a, b] = [locks.tab(), locks.tab()];
    void a.request('x', () => new Promise(() => {}));
    const stop = new AbortController();
    const hold = deferred();
    const waiting = b.request('x', { signal: stop.signal }, () => hold.promise);
    await flush();
    a.crash();
    await flush();
    stop.abort();
    expect(locks.held()).toEqual(['x']);
    hold.resolve();
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('createMemoryChannels: BroadcastChannel as the standard has it', () => {
  it('delivers a clone to every other open channel of the name, in the order messages were posted', async () => {
    const channels = createMemoryChannels();
    const [a, b, c, other] = [channels.open('x'), channels.open('x'), channels.open('x'), channels.open('y')];
    const heard: string[] = [];
    const sent = { n: 1 };
    for (const [name, channel] of [
      ['a', a],
      ['b', b],
      ['c', c],
      ['other', other],
    ] as const)
      channel.onmessage = ({ data }) => heard.push(`${name}:${data.n}`);
    a.postMessage(sent);
    b.postMessage({ n: 2 });
    sent.n = 99;
    await flush();
    expect(heard).toEqual(['b:1', 'c:1', 'a:2', 'c:2']);
    expect(channels.posted).toEqual([
      { name: 'x', data: { n: 1 } },
      { name: 'x', data: { n: 2 } },
    ]);
  });

  it('runs onmessage and each listener once per message, also where EventTarget runs on<type> handlers itself', async () => {
    // happy-dom's EventTarget calls `onmessage` on dispatch, as browsers do for their own targets.
    vi.stubGlobal(
      'EventTarget',
      class extends EventTarget {
        override dispatchEvent(event: Event) {
          (this as unknown as Record<string, ((event: Event) => void) | undefined>)[`on${event.type}`]?.(
            event,
          );
          return super.dispatchEvent(event);
        }
      },
    );
    const channels = createMemoryChannels();
    const [a, b] = [channels.open('x'), channels.open('x')];
    const heard: string[] = [];
    b.onmessage = ({ data }) => heard.push(`onmessage:${data}`);
    b.addEventListener('message', (event) => heard.push(`listener:${(event as MessageEvent).data}`));
    a.postMessage(1);
    await flush();
    expect(heard).toEqual(['onmessage:1', 'listener:1']);
  });

  it('keeps each channel’s order whatever the schedule; a closed channel hears nothing and cannot post', async () => {
    const later: (() => void)[] = [];
    const channels = createMemoryChannels({ schedule: (run) => later.unshift(run) });
    const [a, b] = [channels.open('x'), channels.open('x')];
    const heard: unknown[] = [];
    b.addEventListener('message', (event) => heard.push((event as MessageEvent).data));
    a.postMessage(1);
    a.postMessage(2);
    for (const run of later.splice(0)) run();
    expect(heard).toEqual([1, 2]);
    b.close();
    a.postMessage(3);
    for (const run of later.splice(0)) run();
    expect(heard).toEqual([1, 2]);
    expect(() => b.postMessage(4)).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  it('a crashed page’s channels close; a frozen page’s channels post and hear nothing', async () => {
    const channels = createMemoryChannels();
    const [crashing, freezing] = [channels.page(), channels.page()];
    const [a, b, c] = [crashing.open('x'), freezing.open('x'), channels.open('x')];
    const heard: string[] = [];
    a.onmessage = () => heard.push('a');
    b.onmessage = () => heard.push('b');
    crashing.crash();
    freezing.freeze();
    c.postMessage('hello');
    b.postMessage('from a frozen page');
    await flush();
    expect(heard).toEqual([]);
    expect(channels.posted.map(({ data }) => data)).toEqual(['hello']);
  });
});
