/**
 * `@imstate/core/binding`: what a framework binding needs beyond the app's API (React, Vue and RxJS use it; so may
 * yours). An app imports from `@imstate/core` or from its binding instead.
 */
export { type SessionCommands, sessionCommands } from './session.commands';
export { isSessionStopped, subscribeSession } from './session.lifecycle';
export { readonlySnapshot } from './session.readonly';
export { isSessionActor } from './session.runtime';
export { isSameView, selectView } from './session.view';
