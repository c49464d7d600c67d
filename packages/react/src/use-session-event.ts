import type { SessionEmittedOf, SessionEmittedType } from '@imstate/core';
import { useEffect, useInsertionEffect, useRef } from 'react';
import { useSessionActor } from './session-context';

/**
 * Calls `handler` each time the session emits `type` (`online`, `kicked`, `sigExpired`, `loggedOut`,
 * `error`). The latest `handler` is always the one called, so an inline arrow is fine: the listener
 * is attached once per session and type, not once per render.
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
  const session = useSessionActor('useSessionEvent');
  const latest = useRef(handler);
  // Insertion effects run before any layout effect, so an event sent from one sees this render's handler.
  useInsertionEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener = session.on(type, (event) => latest.current(event as SessionEmittedOf<K>));
    return () => listener.unsubscribe();
  }, [session, type]);
}
