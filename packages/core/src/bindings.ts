/**
 * `@imstate/core/bindings`: what the framework bindings (`@imstate/react`, `@imstate/vue`, `@imstate/rxjs`) and the
 * SDK adapters build on, for your own binding, adapter or a UI without a framework. Kept out of the main entry, which
 * holds what every app calls.
 */
export { type SessionCommands, sessionCommands } from './session.commands';
export { isSessionStopped, subscribeSession } from './session.lifecycle';
export { frozenCopy, readonlySnapshot } from './session.readonly';
export { isSessionActor } from './session.runtime';
export { jsonSafe } from './session.validation';
export { isSameView, type SessionView, type SessionViewOf, selectView } from './session.view';
