import type { SessionActor, SessionSnapshot } from '@imstate/core';
import { Observable } from 'rxjs';

/**
 * The session's snapshots: the current one on subscribe, then each new one. Completes when the
 * session stops. Each subscriber holds one subscription on the actor, ended on unsubscribe.
 */
export function sessionSnapshots(session: SessionActor): Observable<SessionSnapshot> {
  return new Observable<SessionSnapshot>((subscriber) => {
    const current = session.getSnapshot();
    subscriber.next(current);
    // A stopped actor never calls back, so completing is up to us.
    if (current.status === 'stopped') subscriber.complete();
    if (subscriber.closed) return;
    const subscription = session.subscribe({
      next: (snapshot) => subscriber.next(snapshot),
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => subscription.unsubscribe();
  });
}
