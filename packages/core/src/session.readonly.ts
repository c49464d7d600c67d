import type { SessionSnapshot } from './session.selectors';

/** Frozen copies by their source (and each copy by itself), so one source always gives the same copy. */
const copies = new WeakMap<object, object>();

const isPlainData = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
};

/**
 * A deeply frozen copy of plain data (objects and arrays; anything else is returned as it is), made once per
 * source object. The session's context is data the bindings hand to apps, and part of it (a profile) comes from
 * the SDK: a copy keeps an app's write from reaching the live session, and freezing makes that write fail loudly
 * instead of silently changing nothing. Same source, same copy, so `===` still tells changes apart.
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null || !isPlainData(value)) return value;
  const known = copies.get(value);
  if (known) return known as T;
  const copy: object = Array.isArray(value) ? [] : {};
  copies.set(value, copy);
  copies.set(copy, copy);
  for (const [key, item] of Object.entries(value)) {
    // defineProperty, not `copy[key] =`: a `__proto__` key stays data instead of replacing the prototype.
    Object.defineProperty(copy, key, { value: frozenCopy(item), enumerable: true });
  }
  return Object.freeze(copy) as T;
}

const snapshots = new WeakMap<SessionSnapshot, SessionSnapshot>();

/**
 * The snapshot as the bindings hand it out: a frozen copy whose `context` and `value` are deeply frozen copies,
 * so nothing an app writes reaches the live session. One copy per snapshot; its methods (`matches`, `can`,
 * `hasTag`) work as on the original.
 */
export function readonlySnapshot(snapshot: SessionSnapshot): SessionSnapshot {
  let copy = snapshots.get(snapshot);
  if (!copy) {
    copy = Object.freeze({
      ...snapshot,
      context: frozenCopy(snapshot.context),
      value: frozenCopy(snapshot.value),
    });
    snapshots.set(snapshot, copy);
    snapshots.set(copy, copy);
  }
  return copy;
}
