import {
  type ImResult,
  type ImSdkListener,
  isValidSdkAppID,
  type KickReason,
  type SelfInfo,
} from '@imstate/core';
import type { ServerClock } from './clock';
import { ImErrorCode } from './error-codes';
import type { Link } from './network';
import type { Platform, SimulatedNetwork, SimulatedSdk } from './simulator.types';
import type { UserSigCheck } from './user-sig';

/** Why the server ended a client's session. */
export type SessionEnd = { kind: 'kicked'; reason: KickReason } | { kind: 'expired' };

/** What a client needs from its server. */
export interface ServerPort {
  link: Link;
  clock: ServerClock;
  /** Checks a UserSig against the server's key, SDKAppID and clock. */
  check(userSig: unknown, userID: string, clientSdkAppID: number): UserSigCheck;
  /** A client has logged in: older clients of the same user and platform past the platform's limit are kicked. */
  admit(client: ClientHandle): void;
  /** A client's session is over. */
  release(client: ClientHandle): void;
}

/** What the server needs from a client. */
export interface ClientHandle {
  readonly platform: Platform;
  readonly session: { readonly userID: string; readonly expiresAt: number } | undefined;
  /** The server ends this client's session (kick, expiry). */
  end(why: SessionEnd): void;
  /** The logged-in user's profile changed. */
  profileUpdated(info: SelfInfo): void;
}

/** One listener call: the callback's name and its arguments. */
type Callback = { [K in keyof ImSdkListener]: [K, ...Parameters<ImSdkListener[K]>] }[keyof ImSdkListener];

interface LiveSession {
  userID: string;
  expiresAt: number;
  cancelAlarm: () => void;
}

const OK: ImResult = { code: ImErrorCode.OK, desc: 'ok' };
const NOT_INITIALIZED: ImResult = {
  code: ImErrorCode.SDK_NOT_INITIALIZED,
  desc: 'initSDK has not been called',
};
const OFFLINE = { code: ImErrorCode.NETWORK_UNAVAILABLE, desc: 'network unavailable' } as const;

export function createSimulatedClient(
  server: ServerPort,
  platform: Platform,
): { sdk: SimulatedSdk; handle: ClientHandle } {
  let listener: ImSdkListener | undefined;
  let sdkAppID: number | undefined;
  let session: LiveSession | undefined;
  let dropped = false;
  let loginPending = false;
  // What the server did while the network was dropped, told on reconnect.
  let missedEnd: SessionEnd | undefined;
  let missedProfile: SelfInfo | undefined;
  const deliveries = new Set<() => void>();

  const deliver = (...[name, ...args]: Callback) => {
    const cancel = server.link.later(() => {
      deliveries.delete(cancel);
      // A listener written in plain JS may leave callbacks out: those are skipped, not thrown.
      const method: unknown = listener?.[name];
      if (typeof method === 'function') method.apply(listener, args);
    });
    deliveries.add(cancel);
  };
  // Callbacks still on their way belong to a session that is over: they never arrive.
  const forgetDeliveries = () => {
    for (const cancel of deliveries) cancel();
    deliveries.clear();
    missedEnd = undefined;
    missedProfile = undefined;
  };
  const announce = (why: SessionEnd) => {
    if (why.kind === 'kicked') deliver('onKickedOffline', why.reason);
    else deliver('onUserSigExpired');
  };
  const closeSession = () => {
    if (!session) return;
    session.cancelAlarm();
    session = undefined;
    server.release(handle);
  };

  const handle: ClientHandle = {
    platform,
    get session() {
      return session;
    },
    end(why) {
      closeSession();
      if (dropped) missedEnd = why;
      else announce(why);
    },
    profileUpdated(info) {
      if (dropped) missedProfile = info;
      else deliver('onSelfInfoUpdated', structuredClone(info));
    },
  };

  const openSession = (userID: string, userSig: string, appID: number): ImResult => {
    if (dropped) return OFFLINE;
    const check = server.check(userSig, userID, appID);
    if (check.code !== 0) return check;
    // A login replaces this client's own session (same user or another); it never kicks itself.
    closeSession();
    forgetDeliveries();
    const live: LiveSession = { userID, expiresAt: check.expiresAt, cancelAlarm: () => {} };
    session = live;
    live.cancelAlarm = server.clock.alarm(check.expiresAt, () => handle.end({ kind: 'expired' }));
    server.admit(handle);
    return OK;
  };

  const network: SimulatedNetwork = {
    get dropped() {
      return dropped;
    },
    drop() {
      if (dropped) return;
      dropped = true;
      if (!session) return;
      deliver('onConnecting');
      deliver('onConnectFailed', OFFLINE.code, OFFLINE.desc);
    },
    restore() {
      if (!dropped) return;
      // Expiries that fell due while dropped are heard on reconnect, not before.
      server.clock.check();
      dropped = false;
      const why = missedEnd;
      const profile = missedProfile;
      missedEnd = undefined;
      missedProfile = undefined;
      if (!why && !session) return;
      deliver('onConnecting');
      if (why) return announce(why);
      deliver('onConnectSuccess');
      if (profile) deliver('onSelfInfoUpdated', structuredClone(profile));
    },
  };

  const sdk: SimulatedSdk = {
    network,
    platform,
    get userID() {
      return session?.userID;
    },
    initSDK(params) {
      if (!isValidSdkAppID(params.sdkAppID)) {
        return server.link.reply({ code: ImErrorCode.INVALID_PARAMETERS, desc: 'invalid SDKAppID' });
      }
      sdkAppID = params.sdkAppID;
      listener = params.listener;
      return server.link.reply(OK);
    },
    unInitSDK() {
      closeSession();
      forgetDeliveries();
      listener = undefined;
      sdkAppID = undefined;
    },
    login({ userID, userSig }) {
      if (sdkAppID === undefined) return server.link.reply(NOT_INITIALIZED);
      if (loginPending) {
        return server.link.reply({
          code: ImErrorCode.LOGIN_IN_PROGRESS,
          desc: 'another login is in progress',
        });
      }
      // The server acts on the request at once; only the answer travels back with the latency.
      const answer = openSession(userID, userSig, sdkAppID);
      loginPending = true;
      return new Promise((resolve) => {
        server.link.later(() => {
          loginPending = false;
          resolve({ code: answer.code, desc: answer.desc });
        });
      });
    },
    logout() {
      if (sdkAppID === undefined) return server.link.reply(NOT_INITIALIZED);
      closeSession();
      forgetDeliveries();
      return server.link.reply(OK);
    },
  };
  return { sdk, handle };
}
