import type { SnapshotFrom } from 'xstate';
import type { sessionMachine } from './session.machine';
import type { SessionStatus } from './session.types';

/** A snapshot of a session actor. */
export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

type StateValue = string | { [key: string]: StateValue };

function path(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  const [key] = Object.keys(value);
  return key === undefined ? [] : [key, ...path(value[key] as StateValue)];
}

/** The active top-level state: one of the six statuses. */
export function selectStatus(snapshot: SessionSnapshot): SessionStatus {
  return path(snapshot.value as StateValue)[0] as SessionStatus;
}

/** The active state with its substate, e.g. `'connecting.offline'`, `'sigExpired.refreshing'` or `'online'`. */
export function selectSubstate(snapshot: SessionSnapshot): string {
  return path(snapshot.value as StateValue).join('.');
}

/** Whether the session is online (the SDK is usable). */
export function selectIsOnline(snapshot: SessionSnapshot): boolean {
  return selectStatus(snapshot) === 'online';
}
