import type { KickReason, SessionActor, SessionEmitted } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { exhaustMap, filter, type Observable, tap } from 'rxjs';

type Kicked = Extract<SessionEmitted, { type: 'kicked' }>;

/**
 * Each time the session is kicked, asks the user whether to log in again here, then logs in
 * again or out. The session never does this by itself: two devices would kick each other forever.
 */
export function askToLogInAgain(
  session: SessionActor,
  ask: (reason: KickReason) => Promise<boolean>,
): Observable<boolean> {
  return fromSession(session).events$.pipe(
    filter((event): event is Kicked => event.type === 'kicked'),
    // One question at a time: a kick while it is open is answered by the same answer.
    exhaustMap((event) => ask(event.reason)),
    tap((again) => session.send({ type: again ? 'RELOGIN' : 'LOGOUT' })),
  );
}
