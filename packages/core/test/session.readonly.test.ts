import { selectStatus } from '@imstate/core';
import { frozenCopy, readonlySnapshot } from '@imstate/core/bindings';
import { describe, expect, it } from 'vitest';
import { onlineSession, useSessionClock } from './support/harness';

useSessionClock();

describe('readonlySnapshot', () => {
  it('hands out a context that cannot be written, and leaves the live one as it was', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice', fields: [{ key: 'k' }] });
    const { context } = readonlySnapshot(h.session.getSnapshot());
    expect(() => Object.assign(context, { userID: 'mallory' })).toThrow(TypeError);
    expect(() => Object.assign(context.selfInfo ?? {}, { nickName: 'x' })).toThrow(TypeError);
    expect(() => (context.selfInfo?.fields as { key: string }[] | undefined)?.push({ key: 'x' })).toThrow(
      TypeError,
    );
    expect(h.context().userID).toBe('alice');
    expect(h.context().selfInfo).toEqual({ userID: 'alice', nickName: 'Alice', fields: [{ key: 'k' }] });
    // The SDK's own object is left writable: only the copy is frozen.
    expect(Object.isFrozen(h.context().selfInfo)).toBe(false);
  });

  it('gives the same copy for the same snapshot, and the same profile copy while the profile is unchanged', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    const first = readonlySnapshot(h.session.getSnapshot());
    expect(readonlySnapshot(h.session.getSnapshot())).toBe(first);
    expect(readonlySnapshot(first)).toBe(first);
    h.fake.listener.onConnecting();
    const next = readonlySnapshot(h.session.getSnapshot());
    expect(next).not.toBe(first);
    expect(next.context.selfInfo).toBe(first.context.selfInfo);
  });

  it('keeps the snapshot’s methods and value working', async () => {
    const h = await onlineSession();
    const copy = readonlySnapshot(h.session.getSnapshot());
    expect(selectStatus(copy)).toBe('online');
    expect(copy.matches('online')).toBe(true);
    expect(copy.can({ type: 'LOGOUT' })).toBe(true);
    expect(JSON.parse(JSON.stringify(copy)).value).toBe('online');
    expect(Object.isFrozen(copy)).toBe(true);
  });

  it('copies a `__proto__` field as data', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated(JSON.parse('{"userID":"alice","__proto__":{"polluted":true}}'));
    const { selfInfo } = readonlySnapshot(h.session.getSnapshot()).context;
    expect(Object.getPrototypeOf(selfInfo)).toBe(Object.prototype);
    expect(Object.keys(selfInfo ?? {})).toEqual(['userID', '__proto__']);
  });
});

describe('frozenCopy', () => {
  it('copies plain data once per source, deeply frozen, and leaves anything else as it is', () => {
    const source = { list: [{ a: 1 }], when: new Date(0) };
    const copy = frozenCopy(source);
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(frozenCopy(source)).toBe(copy);
    expect(frozenCopy(copy)).toBe(copy);
    expect(Object.isFrozen(copy.list[0])).toBe(true);
    expect(copy.when).toBe(source.when);
    expect(Object.isFrozen(source)).toBe(false);
    expect(frozenCopy('text')).toBe('text');
    expect(frozenCopy(null)).toBe(null);
  });

  it('copies an object without a prototype and an empty list as plain frozen data too', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { tags: [] });
    const copy = frozenCopy(bare);
    expect(copy).not.toBe(bare);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(copy.tags).toEqual([]);
    expect(Object.isFrozen(copy.tags)).toBe(true);
  });
});
