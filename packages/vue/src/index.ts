// The same core names from every binding, from one list: core's test/support/binding-exports.ts (test/index.test.ts).
export {
  createSession,
  ErrorCode,
  type ImResult,
  type ImSdk,
  type ImSdkListener,
  type KickReason,
  type LogEntry,
  type LoginParams,
  LogLevel,
  type RetryPolicy,
  type SelfInfo,
  type SessionActor,
  type SessionContext,
  type SessionEmitted,
  type SessionEmittedOf,
  type SessionEmittedType,
  type SessionError,
  type SessionErrorCode,
  type SessionEvent,
  type SessionOptions,
  type SessionSnapshot,
  type SessionStatus,
  type SessionSubstate,
  type SessionView,
  type SessionViewOf,
  selectIsOnline,
  selectStatus,
  selectSubstate,
  selectTab,
  type TabRole,
  type UserSigProvider,
  type UserSigReason,
} from '@imstate/core';
export { selectView } from '@imstate/core/bindings';
export { provideSession } from './provide-session';
export { createSessionPlugin, type SessionPluginOptions } from './session-plugin';
export { type SessionActions, type SessionRefs, type UseSessionResult, useSession } from './use-session';
export { useSessionEvent } from './use-session-event';
export { useSessionSelector } from './use-session-selector';
