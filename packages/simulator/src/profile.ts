/**
 * A plain copy of the object `value` as JSON carries it (the service keeps profiles as JSON), or `undefined` when
 * that is no object of fields (a string, an array, `null`, or one whose getters or `toJSON` throw). Cycles, BigInts
 * and functions are left out, so a session can always serialise the profile it is given.
 */
export function plainObject(value: unknown): Record<string, unknown> | undefined {
  // The objects from the root down to the one being written: meeting one of them again is a cycle.
  const path: unknown[] = [];
  function leaveOutWhatJsonCannotHold(this: unknown, _key: string, item: unknown): unknown {
    if (typeof item === 'bigint') return undefined;
    if (typeof item !== 'object' || item === null) return item;
    // `this` holds `item`: whatever the path has below `this` was a sibling, written already.
    while (path.length > 0 && path[path.length - 1] !== this) path.pop();
    if (path.includes(item)) return undefined;
    path.push(item);
    return item;
  }
  try {
    // A function or symbol gives no JSON at all, which JSON.parse refuses like everything unreadable.
    const copy: unknown = JSON.parse(JSON.stringify(value, leaveOutWhatJsonCannotHold));
    if (typeof copy === 'object' && copy !== null && !Array.isArray(copy))
      return copy as Record<string, unknown>;
  } catch {
    // Not an object of fields: the caller says what it expected.
  }
  return undefined;
}
