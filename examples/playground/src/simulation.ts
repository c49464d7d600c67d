import type { KickReason, SessionOptions, UserSigReason } from '@imstate/core';
import { createImServer, type ImServer, type Platform, type SimulatedSdk } from '@imstate/simulator';
import { createTabs, type TabsOptions } from '@imstate/tabs';

/** The two simulated devices. */
export const DEVICE_IDS = ['A', 'B'] as const;
export type DeviceId = (typeof DEVICE_IDS)[number];

/** What a device panel is set to: both start as the same user on the same platform, so B kicks A. */
export interface DeviceSettings {
  userID: string;
  platform: Platform;
}

export const DEFAULT_SETTINGS: Record<DeviceId, DeviceSettings> = {
  A: { userID: 'alice', platform: 'web' },
  B: { userID: 'alice', platform: 'web' },
};

export const SDK_APP_ID = 1400000001;
// The simulated service runs in this page, so its key is no secret. A real SecretKey never belongs in a browser.
const DEMO_SECRET_KEY = 'imstate-playground-demo-key';
/** Short enough that a UserSig expires (and is refreshed) while the page stays open. */
export const USER_SIG_TTL_SECONDS = 300;

export const LATENCIES_MS = [0, 150, 500, 1500] as const;
export const DEFAULT_LATENCY_MS = 150;
/** How long the app's backend takes to mint a UserSig: long enough to watch `sigExpired · refreshing`. */
export const DEFAULT_USER_SIG_DELAY_MS = 600;

/** One simulated IM service. A new latency means a new server: the simulator fixes latency at creation. */
export interface Simulation {
  /** Distinguishes servers, so devices start over when the server is replaced. */
  id: number;
  server: ImServer;
  latencyMs: number;
  /** How long `getUserSig` (the app's backend) takes to answer. */
  userSigDelayMs: number;
}

let simulations = 0;

export function createSimulation(latencyMs: number, userSigDelayMs: number): Simulation {
  simulations += 1;
  const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: DEMO_SECRET_KEY, latencyMs });
  return { id: simulations, server, latencyMs, userSigDelayMs };
}

/** One device: an SDK client of the server and the options of the session that drives it. */
export interface DeviceClient {
  sdk: SimulatedSdk;
  options: SessionOptions;
}

export interface DeviceHooks {
  /** Receives XState inspection events (forwarded to the inspector while it is open). */
  inspect: NonNullable<SessionOptions['inspect']>;
  /** Told each time the session asks the app's backend for a UserSig. */
  onUserSigRequest(userID: string, reason: UserSigReason): void;
}

/**
 * A device's SDK client and session options. With `tabs` (a browser tab of Device A), the session coordinates with the
 * other tabs of that key: one IM login per browser.
 */
export function createDeviceClient(
  { server, userSigDelayMs }: Simulation,
  platform: Platform,
  hooks: DeviceHooks,
  tabs?: TabsOptions,
): DeviceClient {
  const sdk = server.createClient({ platform });
  return {
    sdk,
    options: {
      sdk,
      sdkAppID: server.sdkAppID,
      inspect: hooks.inspect,
      ...(tabs && { tabs: createTabs(tabs) }),
      // Plays the app's own backend: it mints a short-lived UserSig, so an expired one is replaced by itself.
      getUserSig: async (userID, { reason, signal }) => {
        hooks.onUserSigRequest(userID, reason);
        await delay(userSigDelayMs, signal);
        return server.issueUserSig(userID, USER_SIG_TTL_SECONDS);
      },
    },
  };
}

/** Resolves after `ms`, or rejects as soon as the session no longer needs the answer. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** What each kick reason means, for the "log in again?" prompt. */
export const KICK_REASON_TEXT: Record<KickReason, string> = {
  multipleDevice: 'the same user logged in on another device of the same platform',
  multipleAccount: 'this user opened more web pages than the service allows (one web instance by default)',
  restApi: 'the server kicked this user through its REST API',
  otherTab: 'another tab of this browser holds the login',
  unknown: 'the server gave no reason',
};
