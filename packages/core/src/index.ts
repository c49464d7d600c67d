export { createSession, type SessionActor } from './create-session';
export { sessionMachine } from './session.machine';
export { EXPIRED_SIG_CODES, PERMANENT_LOGIN_CODES } from './session.policy';
export {
  type SessionSnapshot,
  type SessionSubstate,
  selectIsOnline,
  selectStatus,
  selectSubstate,
  selectTab,
} from './session.selectors';
export {
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
  type SessionAppEvent,
  type SessionContext,
  type SessionEmitted,
  type SessionEmittedOf,
  type SessionEmittedType,
  type SessionError,
  type SessionErrorCode,
  type SessionEvent,
  type SessionOptions,
  type SessionStatus,
  type TabCommand,
  type TabCoordinator,
  type TabEvent,
  type TabRole,
  type UserSigProvider,
  type UserSigReason,
} from './session.types';
export { isValidSdkAppID, validateUserID } from './session.validation';
// The view's runtime (selectView) lives in @imstate/core/bindings; its types are part of the public vocabulary.
export type { SessionView, SessionViewOf } from './session.view';
export { decodeUserSig, type UserSigInfo } from './user-sig';
