import type { SessionEmittedOf, SessionEmittedType } from '@imstate/core';
import { frozenCopy } from '@imstate/core/bindings';
import { callWithAsyncErrorHandling, ErrorCodes, getCurrentInstance } from 'vue';
import { useSessionScope } from './session-scope';

/**
 * Calls `handler` each time the session emits `type` (`online`, `kicked`, `sigExpired`, `loggedOut`,
 * `error`), until the current effect scope (component, Pinia store, `effectScope()`) is disposed.
 * In a component, an error the handler throws (or a promise it returns rejects with) goes to Vue's error
 * handling (`onErrorCaptured`, `app.config.errorHandler`), like a component event handler's.
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
  const instance = getCurrentInstance();
  const call = (event: SessionEmittedOf<K>) =>
    instance
      ? callWithAsyncErrorHandling(handler, instance, ErrorCodes.COMPONENT_EVENT_HANDLER, [event])
      : handler(event);
  // Frozen: an `error` event carries the very error object the session's context holds.
  listen((session) => session.on(type, (event) => call(frozenCopy(event) as SessionEmittedOf<K>)));
}
