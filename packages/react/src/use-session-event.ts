import type { SessionEmittedOf, SessionEmittedType } from '@imstate/core';
import { frozenCopy } from '@imstate/core/bindings';
import { useEffect, useInsertionEffect, useLayoutEffect, useRef } from 'react';
import { afterThisTick } from './after-this-tick';
import { useSessionActor } from './session-context';

// Neither runs on a server; React 18 warns about a layout effect there, so the server gets the plain one.
const useClientLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Calls `handler` each time the session emits `type` (`online`, `kicked`, `sigExpired`, `loggedOut`,
 * `error`). The latest `handler` is always the one called, so an inline arrow is fine: the listener
 * is attached once per session and type, not once per render. It hears events sent from any layout or
 * passive effect of the commit it mounts in, and nothing while `<Activity>` hides it.
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
  const shown = useRef<'mounting' | 'shown' | 'hidden'>('mounting');
  // Insertion effects run before any layout effect of the commit, whatever the tree order, so an event a
  // sibling sends from its layout effect already finds this render's handler listening.
  useInsertionEffect(() => {
    latest.current = handler;
  });
  useInsertionEffect(() => {
    const listener = session.on(type, (event) => {
      // Frozen: an `error` event carries the very error object the session's context holds.
      if (shown.current !== 'hidden') latest.current(frozenCopy(event) as SessionEmittedOf<K>);
    });
    return () => listener.unsubscribe();
  }, [session, type]);
  // <Activity mode="hidden"> runs insertion effects but no layout effects, and tears layout effects down when it
  // hides: the layout effect alone says whether the handler is shown. Mounted hidden, it never ran by the end of
  // the commit.
  useInsertionEffect(() => {
    afterThisTick(() => {
      if (shown.current === 'mounting') shown.current = 'hidden';
    });
  }, []);
  useClientLayoutEffect(() => {
    shown.current = 'shown';
    return () => {
      shown.current = 'hidden';
    };
  }, []);
}
