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
} from '@imstate/core';
export { fromSession, type SessionObservables } from './from-session';
