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
export { type SessionSnapshot, selectIsOnline, selectStatus, selectSubstate, selectTab } from './session.selectors';
export * from './session.types';
export { isValidSdkAppID, validateUserID } from './session.validation';
export { decodeUserSig, type UserSigInfo } from './user-sig';
