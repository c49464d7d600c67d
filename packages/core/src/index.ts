export { createSession, isSessionActor, type SessionActor } from './create-session';
export { type SessionCommands, sessionCommands } from './session.commands';
export { isSessionStopped, subscribeSession } from './session.lifecycle';
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
export { frozenCopy, readonlySnapshot } from './session.readonly';
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
export { isSameView, type SessionView, type SessionViewOf, selectView } from './session.view';
export { decodeUserSig, type UserSigInfo } from './user-sig';
