import {
  type SelfInfo,
  type SessionActor,
  type SessionEmitted,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
  type SessionView,
  selectStatus,
  selectTab,
  type TabRole,
} from '@imstate/core';
import { isSameView, isSessionActor, selectView } from '@imstate/core/bindings';
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import { sessionEvents } from './session-events';
import { sessionSnapshots } from './session-snapshots';

/**
 * A session as observables. All are cold: each subscriber gets its own subscription on the actor,
 * ended when it unsubscribes, and all complete when the session stops (started or not). What they
 * emit is frozen: writing to it never reaches the session.
 */
export interface SessionObservables {
  /** Every snapshot (a read-only copy): the current one on subscribe, then each new one. */
  snapshot$: Observable<SessionSnapshot>;
  /**
   * What an app shows (status, user, profile, error, kick reason, tab role): the current view on subscribe, then
   * each change. Checking `status` narrows the rest (`'online'` ⇒ `userID: string`).
   */
  view$: Observable<SessionView>;
  /** The top-level state: the current one on subscribe, then each change. */
  status$: Observable<SessionStatus>;
  /** The logged-in user's profile: the current one on subscribe, then each change. */
  selfInfo$: Observable<SelfInfo | undefined>;
  /** The last failure: the current one on subscribe, then each change. */
  error$: Observable<SessionError | undefined>;
  /** This tab's role among coordinated tabs (`'alone'` without `tabs`): the current one, then each change. */
  tab$: Observable<TabRole>;
  /** The events the session emits after subscription: `online`, `kicked`, `sigExpired`, `loggedOut`, `error`. */
  events$: Observable<SessionEmitted>;
}

/**
 * Observables over a session's state and emitted events. The session may be started or not yet.
 *
 * @throws TypeError when `session` is not a session actor.
 */
export function fromSession(session: SessionActor): SessionObservables {
  // The observables are cold: without this, a wrong argument would only fail each later subscription.
  if (!isSessionActor(session)) {
    throw new TypeError('fromSession() takes a session actor, as createSession() returns.');
  }
  const snapshot$ = sessionSnapshots(session);
  const select = <T>(selector: (snapshot: SessionSnapshot) => T): Observable<T> =>
    snapshot$.pipe(map(selector), distinctUntilChanged());
  return {
    snapshot$,
    view$: snapshot$.pipe(map(selectView), distinctUntilChanged(isSameView)),
    status$: select(selectStatus),
    selfInfo$: select((snapshot) => snapshot.context.selfInfo),
    error$: select((snapshot) => snapshot.context.error),
    tab$: select(selectTab),
    events$: sessionEvents(session),
  };
}
