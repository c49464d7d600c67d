import type { SessionActor } from './create-session';
import { type CallGate, createCallGate } from './session.calls';
import type { sessionMachine } from './session.machine';
import { errorFromException } from './session.policy';
import {
  type ImSdkListener,
  type KickReason,
  LOG_LEVELS,
  type LogEntry,
  type LogLevel,
  type SelfInfo,
  type SessionOptions,
  type SessionSdkEvent,
} from './session.types';
import { jsonSafe } from './session.validation';
import { createUserSigKeeper, type UserSigKeeper } from './user-sig-keeper';

/**
 * What a session keeps out of its snapshots, for its actors: the UserSig (in the keeper), the SDK (behind the call
 * gate), the app's logger and tab coordinator. The statechart decides; these carry out what it decided.
 */
export interface SessionRuntime {
  keeper: UserSigKeeper;
  gate: CallGate;
  /** What the SDK reports, as events of the session (the listener `initSDK` is given). */
  listener: ImSdkListener;
  /** The SDK's own log level, for `initSDK`. */
  sdkLogLevel: LogLevel;
  /** The app's tab coordinator, when it gave one. */
  tabs: SessionOptions['tabs'];
  log(level: LogEntry['level'], message: string, data?: unknown): void;
  /** Routes SDK events into the session while it runs; the returned function stops the session's use of the SDK. */
  connect(sink: (event: SessionSdkEvent) => void): () => void;
}

/** The reasons an SDK may give; any other (`otherTab` included: only a tab coordinator says that) is `unknown`. */
const KICK_REASONS: readonly KickReason[] = ['multipleDevice', 'multipleAccount', 'restApi'];

/** A session's runtime, from its options and its resolved timeout. */
export function createRuntime(options: SessionOptions, timeout: number): SessionRuntime {
  const { sdk, getUserSig, logger, logLevel = 'warn', sdkLogLevel = logLevel, tabs } = options;
  let sink: ((event: SessionSdkEvent) => void) | undefined;
  const send = (event: SessionSdkEvent) => sink?.(event);

  const log: SessionRuntime['log'] = (level, message, data) => {
    if (!logger || LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(logLevel)) return;
    try {
      logger(data === undefined ? { level, message } : { level, message, data });
    } catch {
      // A throwing logger must not break the session.
    }
  };

  const keeper = createUserSigKeeper({ getUserSig, timeout, log });
  const gate = createCallGate({
    sdk,
    timeout,
    log,
    redact: keeper.redact,
    lateLogin: () => send({ type: 'SDK.LATE_LOGIN' }),
  });

  const listener: ImSdkListener = {
    onConnecting: () => send({ type: 'SDK.CONNECTING' }),
    onConnectSuccess: () => send({ type: 'SDK.CONNECT_SUCCESS' }),
    // Read like a rejection: a code that is not a number (nor its text) is never taken as it is.
    onConnectFailed: (code, message) =>
      send({ type: 'SDK.CONNECT_FAILED', error: keeper.redact(errorFromException({ code, message })) }),
    onKickedOffline: (reason) =>
      send({ type: 'SDK.KICKED', reason: KICK_REASONS.includes(reason!) ? reason! : 'unknown' }),
    onUserSigExpired: () => send({ type: 'SDK.SIG_EXPIRED' }),
    onSelfInfoUpdated: (info) => {
      // Kept as a plain JSON-safe copy, so that the app can serialise and persist its snapshots.
      try {
        info = jsonSafe(info) as SelfInfo;
      } catch {
        return; // A profile that cannot be read (a throwing getter) changes nothing.
      }
      if (info && typeof info === 'object') send({ type: 'SDK.SELF_INFO', info });
    },
  };

  return {
    keeper,
    gate,
    listener,
    sdkLogLevel,
    tabs,
    log,
    connect(next) {
      sink = next;
      // XState runs this once, when the session stops.
      return () => {
        sink = undefined;
        keeper.clear();
        gate.release();
      };
    },
  };
}

const runtimes = new WeakMap<object, SessionRuntime>();

/** Binds a runtime to its session actor (once, from the machine's context factory). */
export function bindRuntime(actor: object, runtime: SessionRuntime): void {
  runtimes.set(actor, runtime);
}

/**
 * Whether `value` is a session actor: one of {@link sessionMachine}, made by `createSession` or `createActor`.
 * Bindings use it to refuse anything else where it is passed.
 */
export function isSessionActor(value: unknown): value is SessionActor {
  return runtimes.has(value as object);
}

/** The runtime of a session actor. */
export function runtimeOf(actor: object): SessionRuntime {
  const runtime = runtimes.get(actor);
  if (!runtime) throw new Error('imstate: not a session actor');
  return runtime;
}

/**
 * The UserSig keeper of a session actor, for what the statechart notes of it while it computes a transition. A
 * machine run without a session (a model exploring its pure transitions) has none: nothing is held, nothing fetched.
 */
export const keeperOf = (actor: object) => runtimes.get(actor)?.keeper;
