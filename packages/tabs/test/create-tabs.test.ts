import type { TabEvent } from '@imstate/core';
import { createTabs } from '@imstate/tabs';
import { createMemoryChannels, createMemoryLocks } from '@imstate/tabs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

const flush = async (rounds = 50) => {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
};

afterEach(() => {
  vi.unstubAllGlobals();
});

/** One tab joined over fresh in-memory locks and channels, with the types of the events it reports. */
function oneTab() {
  const locks = createMemoryLocks();
  const channels = createMemoryChannels();
  const events: string[] = [];
  const link = createTabs({ locks: locks.tab(), channel: channels.open }).join(
    (event) => events.push(event.type),
    async () => {},
  )!;
  return { locks, channels, events, link };
}

describe('createTabs options', () => {
  it('defaults: key "imstate", automatic takeover', () => {
    expect(createTabs().autoTakeOver).toBe(true);
    expect(createTabs({ autoTakeOver: false }).autoTakeOver).toBe(false);
  });

  it.each([
    [{ autoTakeOver: 'no' }, true],
    [{ autoTakeOver: 0 }, true],
    [{ autoTakeOver: false }, false],
  ])('never throws: %o is read as autoTakeOver %s', (options, expected) => {
    expect(createTabs(options as never).autoTakeOver).toBe(expected);
  });

  it.each([-1, Number.NaN, 2 ** 31, undefined, null, true, '100'])(
    'a takeoverTimeoutMs of %o falls back to 3000 ms',
    async (timeout) => {
      vi.useFakeTimers();
      const locks = createMemoryLocks();
      const channels = createMemoryChannels();
      const options = { takeoverTimeoutMs: timeout as number, channel: channels.open };
      const events: string[] = [];
      const holder = createTabs({ ...options, locks: locks.tab() }).join(
        () => {},
        async () => {},
      )!;
      // A holder that never lets go (it reports nothing, as a frozen page would not).
      holder({ type: 'claim', userID: 'alice' });
      await vi.advanceTimersByTimeAsync(10);
      const taker = createTabs({ ...options, locks: locks.tab() }).join(
        (event) => events.push(event.type),
        async () => {},
      )!;
      taker({ type: 'takeOver', userID: 'alice' });
      await vi.advanceTimersByTimeAsync(2990);
      expect(events).not.toContain('TAB.GRANTED');
      await vi.advanceTimersByTimeAsync(20);
      expect(events).toContain('TAB.GRANTED');
      holder({ type: 'leave' });
      taker({ type: 'leave' });
      vi.useRealTimers();
    },
  );

  it.each([
    ['a lock manager without request()', { locks: {} }],
    ['a channel that is not a function', { channel: 'imstate' }],
  ])('with %s the session acts alone (it never joins)', (_name, options) => {
    const locks = { locks: createMemoryLocks().tab(), channel: createMemoryChannels().open };
    expect(
      createTabs({ ...locks, ...options } as never).join(
        () => {},
        async () => {},
      ),
    ).toBeUndefined();
  });

  it('tabs of another key do not coordinate (each holds its own login)', async () => {
    const locks = createMemoryLocks();
    const channels = createMemoryChannels();
    const events: string[] = [];
    const join = (key: string) =>
      createTabs({ key, locks: locks.tab(), channel: channels.open }).join(
        (event) => events.push(`${key}:${event.type}`),
        async () => {},
      )!;
    const [chat, admin] = [join('chat'), join('admin')];
    chat({ type: 'claim', userID: 'alice' });
    admin({ type: 'claim', userID: 'bob' });
    await flush();
    expect(events).toEqual(['chat:TAB.ROLE', 'chat:TAB.GRANTED', 'admin:TAB.ROLE', 'admin:TAB.GRANTED']);
    expect(locks.held().sort()).toEqual(['imstate-tabs:admin', 'imstate-tabs:chat']);
    chat({ type: 'leave' });
    admin({ type: 'leave' });
  });
});

describe('T9: where tabs cannot coordinate', () => {
  const report = () => {};
  const settled = async () => {};

  it('joins nothing without Web Locks (Node, SSR, old browsers)', () => {
    expect(createTabs().join(report, settled)).toBeUndefined();
  });

  it('joins nothing without BroadcastChannel', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    expect(createTabs({ locks: createMemoryLocks().tab() }).join(report, settled)).toBeUndefined();
  });

  it('joins nothing when a channel cannot be opened', () => {
    const channel = () => {
      throw new DOMException('no', 'SecurityError');
    };
    expect(createTabs({ locks: createMemoryLocks().tab(), channel }).join(report, settled)).toBeUndefined();
  });

  it('uses navigator.locks and BroadcastChannel when they are there', async () => {
    const locks = createMemoryLocks();
    vi.stubGlobal('navigator', { locks: locks.tab() });
    const events: TabEvent[] = [];
    const link = createTabs().join((event) => events.push(event), settled)!;
    link({ type: 'claim', userID: 'alice' });
    // The claim syncs over Node's BroadcastChannel first, whose messages arrive in a later task.
    await vi.waitFor(() =>
      expect(events).toEqual([
        { type: 'TAB.ROLE', role: 'active' },
        { type: 'TAB.GRANTED', userID: 'alice' },
      ]),
    );
    expect(locks.held()).toEqual(['imstate-tabs:imstate']);
    link({ type: 'leave' });
    await flush();
    expect(locks.held()).toEqual([]);
  });
});

describe('what one tab tells the others', () => {
  it('only message kinds, tab ids, user IDs and kick reasons (T8), and only to its own key', async () => {
    const locks = createMemoryLocks();
    const channels = createMemoryChannels();
    const join = () =>
      createTabs({ key: 'chat', locks: locks.tab(), channel: channels.open }).join(
        () => {},
        async () => {},
      )!;
    const [one, two] = [join(), join()];
    one({ type: 'claim', userID: 'alice' });
    await flush();
    two({ type: 'claim', userID: 'bob' });
    await flush();
    two({ type: 'takeOver', userID: 'bob' });
    await flush();
    one({ type: 'release', reason: 'otherTab' });
    await flush();
    two({ type: 'release', reason: 'restApi' });
    await flush();
    two({ type: 'logOut' });
    await flush();
    const allowed = new Set(['t', 'from', 'user', 'reason', 'to', 'at']);
    expect(channels.posted.length).toBeGreaterThan(4);
    for (const { name, data } of channels.posted) {
      expect(name).toBe('imstate-tabs:chat');
      for (const field of Object.keys(data as object)) expect(allowed).toContain(field);
    }
    expect(new Set(channels.posted.map(({ data }) => (data as { t: string }).t))).toEqual(
      new Set(['holds', 'takeOver', 'yield', 'sync', 'end']),
    );
    one({ type: 'leave' });
    two({ type: 'leave' });
  });

  it('ignores messages that are not its own kind (another library on the same channel name)', async () => {
    const { channels, events, link } = oneTab();
    const stranger = channels.open('imstate-tabs:imstate');
    for (const data of [null, 'end', { t: 'end' }, { t: 'end', from: 'another library' }])
      stranger.postMessage(data);
    await flush();
    expect(events).toEqual([]);
    link({ type: 'leave' });
  });

  it('after leave, it neither reports nor posts', async () => {
    const { locks, events, link } = oneTab();
    link({ type: 'claim', userID: 'alice' });
    link({ type: 'leave' });
    await flush();
    link({ type: 'claim', userID: 'alice' });
    await flush();
    expect(events).toEqual([]);
    expect(locks.held()).toEqual([]);
  });
});
