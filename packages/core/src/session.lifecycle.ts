import type { Observer, Subscription } from 'xstate';
import type { SessionActor } from './create-session';
import type { SessionSnapshot } from './session.selectors';

/**
 * XState's own (internal) processing status: 0 not started, 1 running, 2 stopped. `stop()` on an actor that never
 * started only sets it to 2: the snapshot's status stays `'active'` and no observer hears anything. `@xstate/react`
 * reads this field too; a test in core pins the behaviour it stands in for.
 */
type ActorInternals = { _processingStatus?: number };
const NOT_STARTED = 0;
const STOPPED = 2;

const processingStatus = (session: SessionActor) => (session as unknown as ActorInternals)._processingStatus;

/**
 * Whether the session has stopped: after running (`snapshot.status === 'stopped'`), or before it ever started
 * (server rendering, a provider torn down before mount), which XState's snapshot does not show.
 */
export function isSessionStopped(session: SessionActor): boolean {
  return session.getSnapshot().status === 'stopped' || processingStatus(session) === STOPPED;
}

/** Who hears a session stopped before it started; `stop()` is wrapped once per session to tell them. */
const earlyStopListeners = new WeakMap<SessionActor, Set<() => void>>();

function onStopBeforeStart(session: SessionActor, listener: () => void): () => void {
  let listeners = earlyStopListeners.get(session);
  if (!listeners) {
    const waiting = new Set<() => void>();
    listeners = waiting;
    earlyStopListeners.set(session, waiting);
    const stop = session.stop;
    session.stop = () => {
      const early = processingStatus(session) === NOT_STARTED;
      stop.call(session);
      if (early) {
        for (const heard of [...waiting]) heard();
        waiting.clear();
      }
      return session;
    };
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * `session.subscribe(observer)`, except that `complete` is also called when the session is stopped before it
 * ever started, and at once for a session that has already stopped (XState calls back neither). The bindings
 * subscribe through this, so their streams end however the session ends.
 */
export function subscribeSession(
  session: SessionActor,
  observer: Partial<Observer<SessionSnapshot>>,
): Subscription {
  // A failed actor tells a new observer its error by itself.
  if (isSessionStopped(session) && session.getSnapshot().status !== 'error') {
    observer.complete?.();
    return { unsubscribe() {} };
  }
  const subscription = session.subscribe(observer);
  const forget = onStopBeforeStart(session, () => {
    subscription.unsubscribe();
    observer.complete?.();
  });
  return {
    unsubscribe() {
      subscription.unsubscribe();
      forget();
    },
  };
}
