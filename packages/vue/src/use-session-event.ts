import type { SessionEmittedOf, SessionEmittedType } from '@imstate/core';
import { useSessionScope } from './session-scope';

/**
 * Calls `handler` each time the session emits `type` (`online`, `kicked`, `sigExpired`, `loggedOut`,
 * `error`), until the current effect scope (component, Pinia store, `effectScope()`) is disposed.
 *
 * @throws TypeError when `handler` is not a function.
 */
export function useSessionEvent<K extends SessionEmittedType>(
  type: K,
  handler: (event: SessionEmittedOf<K>) => void,
): void {
  if (typeof handler !== 'function') {
    throw new TypeError("useSessionEvent()'s handler must be a function.");
  }
  const { listen } = useSessionScope('useSessionEvent');
  listen((session) => session.on(type, (event) => handler(event as SessionEmittedOf<K>)));
}
