import type { SessionActor, SessionEmitted } from '@imstate/core';
import { frozenCopy, subscribeSession } from '@imstate/core/bindings';
import { Observable } from 'rxjs';

/**
 * The events the session emits from the moment of subscription: `online`, `kicked`, `sigExpired`,
 * `loggedOut` and `error`. Completes when the session stops (also when it is stopped before it ever
 * started). Unsubscribing removes the listener. The events are frozen.
 */
export function sessionEvents(session: SessionActor): Observable<SessionEmitted> {
  return new Observable<SessionEmitted>((subscriber) => {
    // Emitted events carry no completion of their own: the snapshot stream's end marks the session's.
    const lifetime = subscribeSession(session, {
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    if (subscriber.closed) return;
    // Frozen: an `error` event carries the very error object the session's context holds.
    const listener = session.on('*', (event) => subscriber.next(frozenCopy(event)));
    return () => {
      listener.unsubscribe();
      lifetime.unsubscribe();
    };
  });
}
