import type { InspectionEvent, Observer } from 'xstate';

// ─── The SDK port (shaped after V2TIMManager + V2TimSDKListener + V2TimCallback) ───

/** The log levels, least severe first: a level lets through the entries at it and after it (`none`: nothing). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'none'] as const;

/** Log verbosity, passed to `initSDK` and used to filter the session's own `logger`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The log levels by name, like the SDK's `V2TIM_LOG_*` constants. */
export const LogLevel = {
  NONE: 'none',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<string, LogLevel>;

/**
 * Why this session was kicked: by the server (`multipleDevice`, `multipleAccount`, `restApi`, `unknown`), or
 * because another tab of the app holds the login (`otherTab`, with `tabs`).
 */
export type KickReason = 'multipleDevice' | 'multipleAccount' | 'restApi' | 'otherTab' | 'unknown';

/**
 * This tab's part in coordinating tabs: `alone` without `tabs` (or where the browser cannot coordinate),
 * `active` while this tab holds the IM login, `standby` while another tab does.
 */
export type TabRole = 'alone' | 'active' | 'standby';

/** The logged-in user's own profile, as the SDK reports it. */
export interface SelfInfo {
  /** The user this profile belongs to. */
  userID: string;
  /** Display name. */
  nickName?: string;
  /** Avatar URL. */
  faceUrl?: string;
  /** Any further profile fields the SDK reports. */
  [key: string]: unknown;
}

/** What the SDK reports about its connection and the user (V2TimSDKListener). */
export interface ImSdkListener {
  /** The SDK is (re)connecting to the service. */
  onConnecting(): void;
  /** The SDK is connected. */
  onConnectSuccess(): void;
  /** The SDK failed to connect; it keeps trying by itself. */
  onConnectFailed(code: number, error: string): void;
  /** The server ended this session (another device, a REST API call, …). */
  onKickedOffline(reason?: KickReason): void;
  /** The UserSig this client logged in with has expired. */
  onUserSigExpired(): void;
  /** The logged-in user's profile changed. */
  onSelfInfoUpdated(info: SelfInfo): void;
}

/** V2TimCallback: `code` 0 is success, anything else is the SDK's error code. */
export interface ImResult {
  /** 0 on success, else the SDK's numeric error code. */
  code: number;
  /** A description of the result (may be empty: never rely on it). */
  desc: string;
}

/**
 * The port: all the session knows of an IM SDK. Adapters (the simulator, `@imstate/tencent-chat`)
 * implement it. A failure may be resolved as `{ code: number != 0 }`, rejected (an error whose numeric
 * `code` is read when present) or thrown synchronously: the session treats all three alike.
 */
export interface ImSdk {
  /** Prepares the SDK and registers the listener. Called once per started session. */
  initSDK(params: { sdkAppID: number; logLevel: LogLevel; listener: ImSdkListener }): Promise<ImResult>;
  /** Releases the SDK. Called once when a session whose `initSDK` was called stops. */
  unInitSDK(): Promise<void> | void;
  /** Logs the user in. */
  login(params: { userID: string; userSig: string }): Promise<ImResult>;
  /** Logs the current user out. */
  logout(): Promise<ImResult>;
}

// ─── Session options ───

/** How often and how fast to try again. Delays grow exponentially with full jitter. */
export interface RetryPolicy {
  /** Every `sdk.login` call of one episode counts, the first included. */
  maxAttempts?: number;
  /** The delay cap of the first retry, in ms. */
  baseDelayMs?: number;
  /** The largest delay cap, in ms. */
  maxDelayMs?: number;
}

/** Why the session asks the app for a UserSig. */
export type UserSigReason = 'login' | 'relogin' | 'expired';

/** Asks the app (usually its own server) for a fresh UserSig. */
export type UserSigProvider = (
  userID: string,
  info: { reason: UserSigReason; signal: AbortSignal },
) => Promise<string>;

/** One entry of the session's own log. Never holds a UserSig. */
export interface LogEntry {
  /** Severity; only levels at or above `logLevel` are delivered. */
  level: Exclude<LogLevel, 'none'>;
  /** What happened. */
  message: string;
  /** Structured details (user IDs, codes, attempts). */
  data?: unknown;
}

// ─── Tabs: one IM login per browser (with the `tabs` option) ───

/** What a tab coordinator reports to the session. Nothing here is a credential. */
export type TabEvent =
  /** This tab's role changed: `active` while it holds the login, `alone` where tabs cannot coordinate. */
  | { type: 'TAB.ROLE'; role: TabRole }
  /**
   * This tab now holds the login and may call `sdk.login`: after `claim` or `takeOver`, or, standing by, because
   * the tab that held the login went away while logged in (then as `userID`, the user that tab was logged in as).
   */
  | { type: 'TAB.GRANTED'; userID?: string }
  /**
   * After `claim`: another tab holds the login, as `userID` (unknown when that tab did not say in time). After
   * `takeOver`: another tab's later "use here" wins, as `userID`.
   */
  | { type: 'TAB.HELD_ELSEWHERE'; userID?: string }
  /** Another tab takes the login over ("use here"), as `userID`: this tab, holding it, lets go. */
  | { type: 'TAB.TAKEOVER'; userID?: string }
  /** LOGOUT in some tab ended the login everywhere. */
  | { type: 'TAB.LOGGED_OUT' }
  /**
   * The login was kicked: the server kicked the tab that holds it, or (`otherTab`, to the holding tab itself) a tab
   * taking over stole the hold this tab did not let go of in time.
   */
  | { type: 'TAB.KICKED'; reason: KickReason };

/**
 * What the session asks of its tab coordinator. Each command carries the session's `userID` and `kickReason`;
 * `claim`, `takeOver` and `hold` read the user, `release` the reason.
 */
export interface TabCommand {
  /**
   * - `claim`: hold the login if no tab does (→ `TAB.GRANTED`), else say who does (→ `TAB.HELD_ELSEWHERE`).
   * - `takeOver`: ask the holding tab to let go, then hold the login (→ `TAB.GRANTED`); steal it after the timeout.
   *   A later `takeOver` in another tab wins (→ `TAB.HELD_ELSEWHERE`).
   * - `standBy`: hold the login when the holding tab goes away while logged in (→ `TAB.GRANTED`).
   * - `hold`: this tab, holding the login, is logged in as another user now.
   * - `release`: this tab's login ended (kicked by the server, or `otherTab`: handed over): let go once settled.
   * - `logOut`: LOGOUT, in every tab: the holding tab logs out, then lets go once settled.
   * - `leave`: the session stops: let go at once, without a goodbye (a tab standing by takes over).
   */
  type: 'claim' | 'takeOver' | 'standBy' | 'hold' | 'release' | 'logOut' | 'leave';
  /** The session's user. */
  userID?: string;
  /** Why the session was kicked (for `release`). */
  reason?: KickReason;
}

/**
 * The tabs port: how sessions of one app in several tabs agree that one of them holds the IM login.
 * `@imstate/tabs` implements it over Web Locks and BroadcastChannel; the session only sends commands and
 * follows events.
 */
export interface TabCoordinator {
  /** Whether a tab kicked with `otherTab` takes the login over by itself when the holding tab goes away. */
  readonly autoTakeOver: boolean;
  /**
   * Joins the tabs of this coordinator's key. `report` receives the coordinator's events; `settled` resolves once
   * this session's SDK calls have settled (a tab lets go only then). Returns the function that takes commands, or
   * `undefined` where tabs cannot coordinate (the session then acts alone).
   */
  join(
    report: (event: TabEvent) => void,
    settled: () => Promise<unknown>,
  ): ((command: TabCommand) => void) | undefined;
}

/** Everything `createSession` needs. */
export interface SessionOptions {
  /** The SDK behind the port: the simulator, `@imstate/tencent-chat`, or your own adapter. */
  sdk: ImSdk;
  /** Your IM application's SDKAppID: a positive safe integer. */
  sdkAppID: number;
  /** Filters `logger`, and is passed to `initSDK` unless `sdkLogLevel` is given. Default `'warn'`. */
  logLevel?: LogLevel;
  /** The SDK's own log level, passed to `initSDK`. Default: `logLevel`. */
  sdkLogLevel?: LogLevel;
  /** Fetches a UserSig when the app gives none, on RELOGIN with an expired one, and when one expires. */
  getUserSig?: UserSigProvider;
  /** A login (or provider call) that does not settle within this many ms fails transiently. Default 15000. */
  loginTimeoutMs?: number;
  /** Transient login failures. Default `{ maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30000 }`. */
  retry?: RetryPolicy;
  /** UserSig refreshes per expiry episode. Default `{ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30000 }`. */
  sigRetry?: RetryPolicy;
  /**
   * Receives XState inspection events (a function, or an observer such as `createBrowserInspector().inspect`),
   * with the UserSig of the app's `LOGIN` event and the session's own options left out.
   */
  inspect?: ((event: InspectionEvent) => void) | Observer<InspectionEvent>;
  /** Receives the session's log entries at or above `logLevel`. */
  logger?: (entry: LogEntry) => void;
  /** Coordinates the app's tabs so that one of them holds the IM login: `createTabs()` from `@imstate/tabs`. */
  tabs?: TabCoordinator;
}

// ─── What the app reads and sends ───

/** The six top-level states of the session. */
export type SessionStatus = 'init' | 'loggedOut' | 'connecting' | 'online' | 'kicked' | 'sigExpired';

/** The error codes the session produces itself, by name (SDK failures keep the SDK's numeric code). */
export const ErrorCode = {
  INVALID_SDK_APP_ID: 'INVALID_SDK_APP_ID',
  INVALID_USER_ID: 'INVALID_USER_ID',
  INVALID_USER_SIG: 'INVALID_USER_SIG',
  SDK_EXCEPTION: 'SDK_EXCEPTION',
  LOGIN_TIMEOUT: 'LOGIN_TIMEOUT',
  USER_SIG_PROVIDER_FAILED: 'USER_SIG_PROVIDER_FAILED',
  USER_SIG_REFRESH_FAILED: 'USER_SIG_REFRESH_FAILED',
} as const;

/** One of the error codes the session produces itself: a key (and value) of {@link ErrorCode}. */
export type SessionErrorCode = keyof typeof ErrorCode;

/** What went wrong last. Never holds a UserSig. */
export interface SessionError {
  /** The SDK's numeric code when there is one, else one of {@link SessionErrorCode}. */
  code: SessionErrorCode | number;
  /** A human-readable explanation (SDK texts may be empty offline). */
  message: string;
  /** Where the failure came from. */
  source: 'validation' | 'sdk' | 'timeout' | 'provider';
}

/** What the app reads of `snapshot.context`. Holds no UserSig and no SDK object, so it is safe to log and persist. */
export interface SessionContext {
  /**
   * The user the session is logged in as (or logging in as). After a refused or exhausted login it still names
   * that user in `loggedOut`, for RETRY: a user is logged in only outside `init` and `loggedOut`.
   */
  userID?: string;
  /** The logged-in user's profile, once the SDK reports it. */
  selfInfo?: SelfInfo;
  /** The last failure. */
  error?: SessionError;
  /** Why the session was kicked. */
  kickReason?: KickReason;
  /** This tab's role among coordinated tabs; `'alone'` without `tabs`, or where tabs cannot coordinate (T9). */
  tab: TabRole;
  /** Tries in the current login or refresh episode. */
  attempt: number;
}

/** Events the app sends. */
export type SessionAppEvent =
  | { type: 'LOGIN'; userID: string; userSig?: string }
  | { type: 'LOGOUT' }
  | { type: 'RELOGIN' }
  | { type: 'RETRY' };

/** Every event the session machine accepts. */
export type SessionEvent = SessionAppEvent | SessionSdkEvent | TabEvent;

/** Events the session emits (`session.on(type, handler)`). */
export type SessionEmitted =
  | { type: 'online' }
  | { type: 'kicked'; reason: KickReason }
  | { type: 'sigExpired' }
  | { type: 'loggedOut' }
  | { type: 'error'; error: SessionError };

/** The names of the emitted events. */
export type SessionEmittedType = SessionEmitted['type'];

/** The emitted event of one type, e.g. `SessionEmittedOf<'kicked'>` is `{ type: 'kicked'; reason }`. */
export type SessionEmittedOf<K extends SessionEmittedType> = Extract<SessionEmitted, { type: K }>;

/** What `login()` in the framework bindings takes: the LOGIN event without its `type`. */
export type LoginParams = Omit<Extract<SessionAppEvent, { type: 'LOGIN' }>, 'type'>;

// ─── Bookkeeping: what the machine needs besides, not exported from the package ───

/** Resolved, non-secret limits the machine's guards and delays read. */
export interface SessionPolicy {
  retry: Required<RetryPolicy>;
  sigRetry: Required<RetryPolicy>;
  loginTimeoutMs: number;
}

/** The machine's context: what the app reads, and the bookkeeping its guards, delays and actors need. */
export interface MachineContext extends SessionContext {
  /** Whether a UserSig is held (the keeper holds it; never in context). */
  holdsUserSig: boolean;
  /** Whether the current login attempt asks `getUserSig` before `sdk.login` (`choosingUserSig` decides). */
  asksForUserSig: boolean;
  /**
   * When the held UserSig expires (ms since epoch): read from it, or the moment the server said it expired;
   * `undefined` while unknown (not yet read, or not a TLSSigAPIv2 UserSig).
   */
  sigExpiresAt?: number;
  /** The SDKAppID the session was created with. */
  sdkAppID: number;
  /** Whether the app gave a `getUserSig` provider. */
  hasUserSigProvider: boolean;
  /** Retry limits and timeouts. */
  policy: SessionPolicy;
  /** The next backoff delay, in ms. */
  retryDelayMs: number;
  /** Why the next login asks for a UserSig. */
  loginReason: UserSigReason;
  /** A LOGIN that arrived before `initSDK` finished, replayed once it has. */
  pendingLogin: boolean;
  /** With `tabs`: whether this tab may take the login over by itself (the coordinator's `autoTakeOver`). */
  autoTakeOver?: boolean;
}

/** Events the SDK listener feeds into the session. */
export type SessionSdkEvent =
  | { type: 'SDK.CONNECTING' }
  | { type: 'SDK.CONNECT_SUCCESS' }
  | { type: 'SDK.CONNECT_FAILED'; error: SessionError }
  | { type: 'SDK.KICKED'; reason: KickReason }
  | { type: 'SDK.SIG_EXPIRED' }
  | { type: 'SDK.SELF_INFO'; info: SelfInfo }
  /** A login the session had abandoned (timed out, or cancelled by LOGOUT or a kick) succeeded after all. */
  | { type: 'SDK.LATE_LOGIN' };

/** The `sigExpiry` child's answer: when the held UserSig expires, read from it. */
export const SIG_EXPIRY_READ = 'xstate.done.actor.sigExpiry';

/** Every event the machine handles: the session's, and the answer of the child it spawns. */
export type MachineEvent = SessionEvent | { type: typeof SIG_EXPIRY_READ; output: number | undefined };

/**
 * The machine's actors by their id. Without this map XState infers only the root's `sdk` and gives the others a
 * string index that `sdk` violates, and the published .d.ts fails under `skipLibCheck: false` (TS2411).
 */
export type MachineChildren = {
  sdk: 'sdkBridge';
  tabs: 'tabBridge';
  initSdk: 'initSdk';
  login: 'logIn';
  earlierCalls: 'waitForEarlierCalls';
  logout: 'logOut';
  sigExpiry: 'readSigExpiry';
};
