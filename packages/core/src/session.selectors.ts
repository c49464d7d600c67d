import type { SnapshotFrom } from 'xstate';
import type { sessionMachine } from './session.machine';
import type { SessionStatus, TabRole } from './session.types';

/** A snapshot of a session actor. */
export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

/** The dotted paths of a state value: `{ connecting: 'offline' }` → `'connecting.offline'`. */
type StatePath<Value> = Value extends string
  ? Value
  : { [Key in keyof Value & string]: `${Key}.${StatePath<Value[Key]>}` }[keyof Value & string];

/**
 * Every state the session can be in, as {@link selectSubstate} names it: `'online'`, `'connecting.offline'`,
 * `'sigExpired.refreshing'`, … Derived from the machine, so it follows the statechart and a misspelt path
 * (`'connecting.ofline'`) does not compile.
 */
export type SessionSubstate = StatePath<SessionSnapshot['value']>;

type StateValue = string | { [key: string]: StateValue };

/** The active state's path: `['online']`, `['connecting', 'offline']`. */
const path = (value: StateValue): string[] =>
  typeof value === 'string'
    ? [value]
    : Object.entries(value).flatMap(([key, child]) => [key, ...path(child)]);

/** The active top-level state: one of the six statuses. */
export function selectStatus(snapshot: SessionSnapshot): SessionStatus {
  return path(snapshot.value)[0] as SessionStatus;
}

/** The active state with its substate, e.g. `'connecting.offline'`, `'sigExpired.refreshing'` or `'online'`. */
export function selectSubstate(snapshot: SessionSnapshot): SessionSubstate {
  return path(snapshot.value).join('.') as SessionSubstate;
}

/** Whether the session is online (the SDK is usable). */
export function selectIsOnline(snapshot: SessionSnapshot): boolean {
  return selectStatus(snapshot) === 'online';
}

/** This tab's role among coordinated tabs: `'alone'` without `tabs`. */
export function selectTab(snapshot: SessionSnapshot): TabRole {
  return snapshot.context.tab ?? 'alone';
}
