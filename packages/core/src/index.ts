export { createSession, isSessionActor, type SessionActor } from './create-session';
export { type SessionCommands, sessionCommands } from './session.commands';
export { sessionMachine } from './session.machine';
export {
  backoffDelay,
  classifyLoginFailure,
  ErrorCode,
  EXPIRED_SIG_CODES,
  type LoginFailureClass,
  PERMANENT_LOGIN_CODES,
  TRANSIENT_LOGIN_CODES,
} from './session.policy';
export {
  type SessionSnapshot,
  type SessionSubstate,
  selectIsOnline,
  selectStatus,
  selectSubstate,
  selectTab,
} from './session.selectors';
export * from './session.types';
export { isValidSdkAppID, validateUserID } from './session.validation';
// The view's runtime (selectView) lives in @imstate/core/bindings; its types are part of the public vocabulary.
export type { SessionView, SessionViewOf } from './session.view';
export { decodeUserSig, type UserSigInfo } from './user-sig';
