export type {
  ImResult,
  ImSdk,
  ImSdkListener,
  KickReason,
  LoginParams,
  LogLevel,
  RetryPolicy,
  SelfInfo,
  SessionActor,
  SessionContext,
  SessionEmitted,
  SessionEmittedOf,
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
export { useSessionEvent } from './use-session-event';
export { useSessionSelector } from './use-session-selector';
