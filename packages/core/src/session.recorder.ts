import type { AnyTransitionDefinition, InspectionEvent } from 'xstate';
import type { SessionActor } from './create-session';
import { eventLabel, guardName } from './machine-labels';
import { type SessionSnapshot, selectSubstate } from './session.selectors';
import type { KickReason, SessionContext, SessionEmittedType, SessionError, TabRole } from './session.types';

/** A transition the session took, named as on the generated diagram (`error: login`, `after retryDelay`). */
export interface TraceTransition {
  /** The path of the state that declares it. */
  from: string;
  /** The path of its target. */
  to: string;
  event: string;
  guard?: string;
}

/** The part of the context a trace keeps: what the app reads, never a UserSig. */
export type TraceContext = Pick<SessionContext, 'userID' | 'kickReason' | 'error' | 'attempt' | 'tab'>;

/** One line of a trace. `at` is the recorder's clock (default `Date.now()`), in ms. */
export type TraceEntry =
  /** An event the session received; of its fields only `userID`, a kick `reason`, a tab `role` and an error `code` are kept. */
  | {
      at: number;
      kind: 'event';
      event: string;
      userID?: string;
      reason?: KickReason;
      role?: TabRole;
      code?: number | string;
    }
  /** Where the session went, the transitions that took it there, and the context it had then. */
  | { at: number; kind: 'state'; state: string; transitions: TraceTransition[]; context: TraceContext }
  /** An event the session emitted (`online`, `kicked`, …). */
  | { at: number; kind: 'emitted'; event: SessionEmittedType; reason?: KickReason; error?: SessionError };

/** A recorded session: plain JSON, safe to attach to a bug report. */
export interface SessionTrace {
  format: 'imstate.trace';
  version: 1;
  entries: TraceEntry[];
}

export interface RecorderOptions {
  /** The clock stamped on each entry. Default `Date.now`. */
  now?: () => number;
  /** How many entries to keep; older ones are dropped first. Default 1000. */
  limit?: number;
}

export interface SessionRecorder {
  /** The entries recorded so far, as a new plain object (`JSON.stringify` it as it is). */
  trace(): SessionTrace;
  /** Calls `listener` with each new entry; returns the function that stops it. */
  subscribe(listener: (entry: TraceEntry) => void): () => void;
  /** Stops recording; the trace keeps what it has. */
  stop(): void;
}

const copyError = (error: SessionError | undefined): SessionError | undefined =>
  error && { code: error.code, message: error.message, source: error.source };

/** Only named fields are copied: an event's other fields (a LOGIN's `userSig`) never reach the trace. */
function describeEvent(event: Record<string, unknown>): Omit<Extract<TraceEntry, { kind: 'event' }>, 'at'> {
  const { type, userID, reason, role, error } = event;
  const code = (error as SessionError | undefined)?.code;
  return {
    kind: 'event',
    event: String(type),
    ...(typeof userID === 'string' && { userID }),
    ...(typeof reason === 'string' && { reason: reason as KickReason }),
    ...(typeof role === 'string' && { role: role as TabRole }),
    ...(code !== undefined && { code }),
  };
}

function describeTransitions(transitions: readonly AnyTransitionDefinition[]): TraceTransition[] {
  return transitions.flatMap((transition) =>
    (transition.target ?? []).map((target) => {
      const guard = guardName(transition.guard);
      return {
        from: transition.source.path.join('.'),
        to: target.path.join('.'),
        event: eventLabel(transition.eventType),
        ...(guard && { guard }),
      };
    }),
  );
}

/**
 * Records what a session does — the events it receives, the states it passes through with the transitions it took,
 * and what it emits — as a {@link SessionTrace}: a flight recorder to replay on the state diagram or attach to a bug
 * report. Works on a started or an unstarted session. Nothing secret is kept: events are reduced to their type and a
 * few named fields, and the context to what the app reads.
 */
export function recordSession(session: SessionActor, options: RecorderOptions = {}): SessionRecorder {
  const { now = Date.now, limit = 1000 } = options;
  const entries: TraceEntry[] = [];
  const listeners = new Set<(entry: TraceEntry) => void>();
  let taken: TraceTransition[] = [];
  let lastState: string | undefined;

  const add = (entry: TraceEntry) => {
    entries.push(entry);
    if (entries.length > limit) entries.shift();
    for (const listener of listeners) {
      try {
        listener(entry);
      } catch {
        // A failing listener must not break the session it watches.
      }
    }
  };
  const addState = (snapshot: SessionSnapshot) => {
    const state = selectSubstate(snapshot);
    if (state === lastState && taken.length === 0) return;
    lastState = state;
    const { userID, kickReason, error, attempt, tab } = snapshot.context;
    add({
      at: now(),
      kind: 'state',
      state,
      transitions: taken,
      context: { userID, kickReason, error: copyError(error), attempt, tab },
    });
    taken = [];
  };

  const inspection = session.system.inspect((inspected: InspectionEvent) => {
    if (inspected.actorRef !== session) return;
    if (inspected.type === '@xstate.event' && !inspected.event.type.startsWith('xstate.')) {
      add({ at: now(), ...describeEvent(inspected.event) });
    } else if (inspected.type === '@xstate.microstep') {
      taken.push(...describeTransitions(inspected._transitions));
    } else if (inspected.type === '@xstate.snapshot') {
      addState(inspected.snapshot as SessionSnapshot);
    }
  });
  const emitted = session.on('*', (event) => {
    const { type, reason, error } = event as {
      type: SessionEmittedType;
      reason?: KickReason;
      error?: SessionError;
    };
    add({
      at: now(),
      kind: 'emitted',
      event: type,
      ...(reason && { reason }),
      ...(error && { error: copyError(error) }),
    });
  });
  addState(session.getSnapshot());

  return {
    trace: () => ({ format: 'imstate.trace', version: 1, entries: entries.slice() }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      inspection.unsubscribe();
      emitted.unsubscribe();
      listeners.clear();
    },
  };
}
