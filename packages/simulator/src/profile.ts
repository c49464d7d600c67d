import { jsonSafe } from '@imstate/core/bindings';

/**
 * A plain copy of the object `value` as JSON carries it (the service keeps profiles as JSON), or `undefined` when
 * that is no object of fields (a string, an array, `null`, or one whose getters or `toJSON` throw). Cycles, BigInts
 * and functions are left out, so a session can always serialise the profile it is given.
 */
export function plainObject(value: unknown): Record<string, unknown> | undefined {
  try {
    // A function or symbol gives no JSON at all, which jsonSafe refuses like everything unreadable.
    const copy = jsonSafe(value);
    if (typeof copy === 'object' && copy !== null && !Array.isArray(copy))
      return copy as Record<string, unknown>;
  } catch {
    // Not an object of fields: the caller says what it expected.
  }
  return undefined;
}
