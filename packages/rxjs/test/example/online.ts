import type { SessionActor } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { EMPTY, filter, firstValueFrom, map, type Observable, switchMap } from 'rxjs';

/** Resolves once the session is online (at once if it is); rejects if the session stops first. */
export function whenOnline(session: SessionActor): Promise<void> {
  return firstValueFrom(
    fromSession(session).status$.pipe(
      filter((status) => status === 'online'),
      map(() => undefined),
    ),
  );
}

/**
 * Runs `work` each time the session comes (back) online, e.g. to sync conversations, and cancels
 * it when the session goes offline, is kicked or logs out.
 */
export function whileOnline<T>(session: SessionActor, work: () => Observable<T>): Observable<T> {
  return fromSession(session).status$.pipe(switchMap((status) => (status === 'online' ? work() : EMPTY)));
}
