/**
 * How a transition is named on the diagram and in a recorded trace: one vocabulary for both, so a trace's
 * transitions match the diagram's arrows.
 */

/** A readable event name: `LOGIN`, `done: login`, `error: initSdk`, `after retryDelay`, `always`. */
export function eventLabel(eventType: string): string {
  if (eventType === '') return 'always';
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (actor) return `${actor[1]}: ${actor[2]}`;
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  return after ? `after ${after[1]}` : eventType;
}

/** A guard's name, when it has one (`'isSameUser'` or `{ type: 'isSameUser' }`). */
export function guardName(guard: unknown): string | undefined {
  return typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;
}
