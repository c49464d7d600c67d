import { isValidSdkAppID, type SelfInfo } from '@imstate/core';
import { type ClientHandle, createSimulatedClient, type ServerPort } from './client';
import { createServerClock, MAX_DELAY_MS, MAX_TIME_MS } from './clock';
import { createLink } from './network';
import { plainObject } from './profile';
import { type ImServer, type ImServerOptions, PLATFORMS, type ServerSession } from './simulator.types';
import { checkUserSig, mintUserSig } from './user-sig';

const DEFAULT_EXPIRE_SECONDS = 180 * 24 * 60 * 60;

/**
 * Starts a simulated IM service for one application: UserSigs checked like the real service, one client per user
 * and native platform (`maxWebInstances` on the web), REST kicks, profiles, UserSig expiry on a server clock (the injected `now` plus `advanceTime`).
 * Nothing runs until a client logs in; each logged-in client holds one timer (its UserSig's expiry) until it logs
 * out, is uninitialised, kicked or expired.
 */
export function createImServer(options: ImServerOptions): ImServer {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createImServer: options must be an object with sdkAppID and secretKey');
  }
  const { sdkAppID, secretKey, latencyMs = 0, maxWebInstances = 1 } = options;
  const now = options.now ?? (() => Date.now());
  if (!isValidSdkAppID(sdkAppID)) {
    throw new TypeError('createImServer: sdkAppID must be a positive safe integer');
  }
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new TypeError('createImServer: secretKey must be a non-empty string');
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_DELAY_MS) {
    throw new RangeError(`createImServer: latencyMs must be a finite number from 0 to ${MAX_DELAY_MS}`);
  }
  if (typeof maxWebInstances !== 'number') {
    throw new TypeError('createImServer: maxWebInstances must be a positive safe integer');
  }
  if (!Number.isSafeInteger(maxWebInstances) || maxWebInstances < 1) {
    throw new RangeError('createImServer: maxWebInstances must be a positive safe integer');
  }
  if (typeof now !== 'function') {
    throw new TypeError('createImServer: now must be a function that returns ms since the epoch');
  }
  const clock = createServerClock(now);
  // Insertion order is login order, so the oldest session comes first.
  const loggedIn = new Set<ClientHandle>();
  const profiles = new Map<string, SelfInfo>();
  let latestExpiry = 0;

  const clientsOf = (userID: string) => {
    clock.check();
    return [...loggedIn].filter((client) => client.session?.userID === userID);
  };

  const port: ServerPort = {
    link: createLink(latencyMs),
    clock,
    check(userSig, userID, clientSdkAppID) {
      clock.check();
      const result = checkUserSig(userSig, { sdkAppID, clientSdkAppID, secretKey, userID, now: clock.now() });
      if (result.code === 0) latestExpiry = Math.max(latestExpiry, result.expiresAt);
      return result;
    },
    admit(client) {
      // A native platform holds one instance of a user; on the web every page is one, up to maxWebInstances.
      // The client has its session already, and is not among `loggedIn` until the end of this.
      const isWeb = client.platform === 'web';
      const rivals = clientsOf(client.session!.userID).filter((other) => other.platform === client.platform);
      const excess = rivals.length + 1 - (isWeb ? maxWebInstances : 1);
      // Oldest first: the earliest instances make room.
      for (const other of rivals.slice(0, Math.max(excess, 0))) {
        other.end({ kind: 'kicked', reason: isWeb ? 'multipleAccount' : 'multipleDevice' });
      }
      loggedIn.add(client);
    },
    release(client) {
      loggedIn.delete(client);
    },
  };

  return {
    sdkAppID,
    now: clock.now,
    issueUserSig(userID, expireSeconds = DEFAULT_EXPIRE_SECONDS) {
      if (typeof userID !== 'string') throw new TypeError('issueUserSig: userID must be a string');
      if (!Number.isSafeInteger(expireSeconds)) {
        throw new RangeError('issueUserSig: expireSeconds must be a whole number of seconds');
      }
      const time = Math.floor(clock.now() / 1000);
      latestExpiry = Math.max(latestExpiry, (time + expireSeconds) * 1000);
      return mintUserSig(secretKey, { userID, sdkAppID, time, expire: expireSeconds });
    },
    createClient(clientOptions) {
      // null as well as undefined: plain JS callers pass it for "no options".
      const { platform = 'web' } = clientOptions ?? {};
      if (!PLATFORMS.includes(platform)) {
        throw new TypeError(`createClient: platform must be one of ${PLATFORMS.join(', ')}`);
      }
      return createSimulatedClient(port, platform).sdk;
    },
    kick(userID) {
      const clients = clientsOf(userID);
      for (const client of clients) client.end({ kind: 'kicked', reason: 'restApi' });
      return clients.length;
    },
    updateProfile(userID, patch) {
      const fields = plainObject(patch);
      if (!fields) throw new TypeError('updateProfile: patch must be an object of profile fields');
      // A patch never changes whose profile it is; userID comes first for readable output. Spread, not
      // Object.assign: a `__proto__` field stays a field.
      const { userID: _theirs, ...patched } = fields;
      const info: SelfInfo = { userID, ...profiles.get(userID), ...patched };
      profiles.set(userID, info);
      for (const client of clientsOf(userID)) client.profileUpdated(info);
      return structuredClone(info);
    },
    advanceTime(ms) {
      if (!Number.isFinite(ms) || ms < 0 || clock.now() + ms > MAX_TIME_MS) {
        throw new RangeError(
          'advanceTime: ms must be a finite number >= 0 that keeps the server clock within the range of Date',
        );
      }
      clock.advance(ms);
    },
    expireAllUserSigs() {
      clock.check();
      const ms = Math.max(0, latestExpiry - clock.now());
      clock.advance(ms);
      return ms;
    },
    sessions() {
      clock.check();
      // A client is in `loggedIn` exactly while it has a session.
      return [...loggedIn].map((client): ServerSession => {
        const { userID, expiresAt } = client.session!;
        return { userID, platform: client.platform, expiresAt };
      });
    },
  };
}
