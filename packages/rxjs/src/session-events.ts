import type { SessionActor, SessionEmitted } from '@imstate/core';
import { Observable } from 'rxjs';

/**
 * The events the session emits from the moment of subscription: `online`, `kicked`, `sigExpired`,
 * `loggedOut` and `error`. Completes when the session stops. Unsubscribing removes the listener.
 */
export function sessionEvents(session: SessionActor): Observable<SessionEmitted> {
  return new Observable<SessionEmitted>((subscriber) => {
    if (session.getSnapshot().status === 'stopped') {
      subscriber.complete();
      return;
    }
    const listener = session.on('*', (event) => subscriber.next(event));
    // Emitted events carry no completion of their own: the snapshot stream's end marks the session's.
    const lifetime = session.subscribe({
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      listener.unsubscribe();
      lifetime.unsubscribe();
    };
  });
}
