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
} from '@imstate/core';
export { provideSession } from './provide-session';
export { createSessionPlugin, type SessionPluginOptions } from './session-plugin';
export { type SessionActions, type SessionRefs, type UseSessionResult, useSession } from './use-session';
export { useSessionEvent } from './use-session-event';
export { useSessionSelector } from './use-session-selector';
