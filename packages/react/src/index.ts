export type {
  ImResult,
  ImSdk,
  ImSdkListener,
  KickReason,
  LogLevel,
  RetryPolicy,
  SelfInfo,
  SessionActor,
  SessionContext,
  SessionEmitted,
  SessionEmittedType,
  SessionError,
  SessionEvent,
  SessionOptions,
  SessionSnapshot,
  SessionStatus,
  UserSigProvider,
  UserSigReason,
} from '@imstate/core';
export { selectIsOnline, selectStatus, selectSubstate } from '@imstate/core';
export { SessionProvider, type SessionProviderProps } from './session-provider';
export {
  type SessionActions,
  type SessionView,
  type UseSessionResult,
  useSession,
} from './use-session';
export { type SessionEmittedOf, useSessionEvent } from './use-session-event';
export { useSessionSelector } from './use-session-selector';
