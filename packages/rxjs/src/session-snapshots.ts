import type { SessionActor, SessionSnapshot } from '@imstate/core';
import { readonlySnapshot, subscribeSession } from '@imstate/core/bindings';
import { Observable } from 'rxjs';

/**
 * The session's snapshots: the current one on subscribe, then each new one, each exactly once. Completes when
 * the session stops (also when it is stopped before it ever started). Each subscriber holds one subscription on
 * the actor, ended on unsubscribe. The snapshots are read-only copies: writing to one never reaches the session.
 */
export function sessionSnapshots(session: SessionActor): Observable<SessionSnapshot> {
  return new Observable<SessionSnapshot>((subscriber) => {
    let last = session.getSnapshot();
    subscriber.next(readonlySnapshot(last));
    if (subscriber.closed) return;
    const subscription = subscribeSession(session, {
      // Subscribed during the actor's own notification, this observer is still called for the snapshot it got above.
      next: (snapshot) => {
        if (snapshot === last) return;
        last = snapshot;
        subscriber.next(readonlySnapshot(snapshot));
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => subscription.unsubscribe();
  });
}
