import type { ImResult, ImSdk, SelfInfo } from '@imstate/core';

/**
 * The device kinds a client can log in from. On a native platform one client of a user may be logged in at a time;
 * on `'web'`, where every page is an instance, up to the server's `maxWebInstances`.
 */
export const PLATFORMS = ['web', 'ios', 'android', 'mac', 'windows', 'ipad'] as const;

/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** What `createImServer` needs. */
export interface ImServerOptions {
  /** The SDKAppID of the simulated IM application: a positive safe integer. */
  sdkAppID: number;
  /** The application's secret key: signs UserSigs in `issueUserSig` and verifies every login. */
  secretKey: string;
  /**
   * The wall clock the server clock builds on, in ms since the epoch. Default `() => Date.now()`. Reading the clock
   * throws a TypeError when it returns anything but a finite number within the range of `Date`.
   */
  now?: () => number;
  /**
   * Delay of every reply (`initSDK`, `login`, `logout`) and every listener callback, in ms. Default 0:
   * replies and callbacks then arrive in a later microtask, never synchronously. At most 2147483647
   * (`setTimeout`'s limit).
   */
  latencyMs?: number;
  /**
   * How many `'web'` clients (browser pages) of one user may be logged in at once; default 1, as Tencent's default.
   * A web login past the limit kicks the user's earliest web client with `'multipleAccount'`. A native platform
   * always holds one client per user, and a second login there kicks the first with `'multipleDevice'`. A positive
   * safe integer: anything else throws a TypeError (not a number) or a RangeError.
   */
  maxWebInstances?: number;
}

/** What `server.createClient` needs. */
export interface ClientOptions {
  /** The device kind this client runs on. Default `'web'`. */
  platform?: Platform;
}

/** A client's own connectivity, which tests and demos switch off and on. */
export interface SimulatedNetwork {
  /**
   * Cuts this client off. A logged-in client hears `onConnecting` then `onConnectFailed(2801, …)`;
   * logins fail with 2801 until `restore()`. Does nothing when already dropped.
   */
  drop(): void;
  /**
   * Reconnects this client by itself, without a new login: a still logged-in client hears `onConnecting` then
   * `onConnectSuccess`; one the server kicked or whose UserSig expired meanwhile hears `onConnecting` then
   * `onKickedOffline(reason)` or `onUserSigExpired()`. Does nothing when not dropped.
   */
  restore(): void;
  /** Whether the network is dropped right now. */
  readonly dropped: boolean;
}

/**
 * A simulated SDK client: the `@imstate/core` port plus controls for tests and demos. Every answer and callback
 * arrives after the server's `latencyMs` (a later microtask when 0), in the order it was sent. Once `logout()` or
 * `unInitSDK()` is called, callbacks still on their way are dropped, and none arrive for the old session.
 */
export interface SimulatedSdk extends ImSdk {
  /**
   * Registers the listener. Code 6017 for an SDKAppID that is not a positive safe integer; calling it again
   * replaces the listener.
   */
  initSDK(params: Parameters<ImSdk['initSDK']>[0]): Promise<ImResult>;
  /** Logs out without callbacks (the place on the server is freed) and forgets the listener. Synchronous. */
  unInitSDK(): void;
  /**
   * Logs in. The server acts on the call at once (checks the UserSig, takes the place, kicks the older client of
   * the same user and platform, on the web the earliest past `maxWebInstances`); the answer arrives after the
   * latency. Codes: 0; 6013 before `initSDK` or after
   * `unInitSDK`; 2025 while an earlier login has not been answered; 2801 while the network is dropped (the request
   * never reaches the server); else the UserSig's code (70003, 70014, 70009, 70013, 70001). 70003 also answers a
   * UserSig that standard zlib refuses (a wrong Adler-32 checksum included), one longer than 8192 characters, and
   * one whose JSON inflates past 4096 bytes (a decompression bomb costs nothing). A logged-in client
   * may log in again: as the same user it keeps its place with the new UserSig, as another user it swaps users;
   * it never kicks itself. A refused login leaves the current session as it was.
   */
  login(params: Parameters<ImSdk['login']>[0]): Promise<ImResult>;
  /**
   * Frees the place on the server at once, also while dropped. Code 0 (also when not logged in), 6013 when not
   * initialised.
   */
  logout(): Promise<ImResult>;
  /** This client's connectivity. */
  readonly network: SimulatedNetwork;
  /** The device kind this client runs on. */
  readonly platform: Platform;
  /**
   * The user this client is logged in as on the server, or `undefined`. Stays set while the network is dropped,
   * and is cleared at once when the server kicks the client or its UserSig expires (before the callback arrives).
   */
  readonly userID: string | undefined;
}

/** One logged-in client, as the server sees it. */
export interface ServerSession {
  /** The logged-in user. */
  userID: string;
  /** The platform of the client. */
  platform: Platform;
  /** When the UserSig the client logged in with expires, in ms on the server clock. */
  expiresAt: number;
}

/** A profile change: any profile fields except `userID`. */
export interface ProfilePatch {
  /** New display name. */
  nickName?: string;
  /** New avatar URL. */
  faceUrl?: string;
  /** Not patchable: a profile always belongs to the user it was updated for. */
  userID?: never;
  /** Any further profile fields. */
  [key: string]: unknown;
}

/** The simulated IM service: one application, its users, their clients and a server clock. */
export interface ImServer {
  /** The SDKAppID of the simulated application. */
  readonly sdkAppID: number;
  /**
   * Mints a UserSig in the TLSSigAPIv2 format (interchangeable with `tls-sig-api-v2`), stamped with the server
   * clock. `expireSeconds` defaults to 180 days; 0 or less gives a UserSig that is already expired.
   */
  issueUserSig(userID: string, expireSeconds?: number): string;
  /** Creates an SDK client (an `ImSdk`) connected to this server. No options (or `null`) makes a `'web'` client. */
  createClient(options?: ClientOptions): SimulatedSdk;
  /** REST API kick: every client of `userID` hears `onKickedOffline('restApi')` and is logged out. Returns how many. */
  kick(userID: string): number;
  /**
   * Merges `patch` into the user's profile; each logged-in client of that user hears `onSelfInfoUpdated` with the
   * whole profile (a dropped client hears it once it reconnects). Returns the merged profile. The service keeps a
   * profile as JSON: clients hear a plain copy of what JSON can hold, and cycles, BigInts and functions are left out.
   * A `patch` that is not an object of fields (a string, an array, `null`, or one whose fields cannot be read)
   * throws a TypeError.
   */
  updateProfile(userID: string, patch: ProfilePatch): SelfInfo;
  /**
   * Moves the server clock forward by `ms` and fires every UserSig expiry that fell due. Throws a RangeError for a
   * negative or non-finite `ms`, or one that would move the clock past the latest time a `Date` can hold.
   */
  advanceTime(ms: number): void;
  /**
   * Moves the server clock to the moment the last UserSig this server issued or accepted expires, so every
   * logged-in client hears `onUserSigExpired`. Returns how far the clock moved, in ms (0 if nothing was left).
   */
  expireAllUserSigs(): number;
  /** The server clock: the injected `now()` plus everything `advanceTime` added, in ms. */
  now(): number;
  /** The clients logged in right now (dropped ones included), oldest first. */
  sessions(): ServerSession[];
}
