import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { ImSdkListener } from '@imstate/core';
import { createImServer, type ImServerOptions, type Platform, type SimulatedSdk } from '@imstate/simulator';

export const SDK_APP_ID = 1400000001;
export const SECRET_KEY = 'simulator-test-secret-key-0123456789abcdef';

/** Lets every pending microtask run (replies and callbacks with latencyMs 0 travel in microtasks). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

/** A listener that writes each callback it hears as a short line, e.g. `kicked:multipleDevice`. */
export function recordingListener(): { listener: ImSdkListener; heard: string[] } {
  const heard: string[] = [];
  const listener: ImSdkListener = {
    onConnecting: () => heard.push('connecting'),
    onConnectSuccess: () => heard.push('connectSuccess'),
    onConnectFailed: (code) => heard.push(`connectFailed:${code}`),
    onKickedOffline: (reason) => heard.push(`kicked:${reason}`),
    onUserSigExpired: () => heard.push('userSigExpired'),
    onSelfInfoUpdated: (info) => heard.push(`selfInfo:${JSON.stringify(info)}`),
  };
  return { listener, heard };
}

export function testServer(options: Partial<ImServerOptions> = {}) {
  return createImServer({ sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY, ...options });
}

/** A client that has called initSDK (not awaited: replies are asynchronous). */
export function initialisedClient(server: ReturnType<typeof testServer>, platform: Platform = 'web') {
  const sdk: SimulatedSdk = server.createClient({ platform });
  const { listener, heard } = recordingListener();
  const init = sdk.initSDK({ sdkAppID: server.sdkAppID, logLevel: 'warn', listener });
  return { sdk, heard, init };
}

/** A client of `userID` that is logged in. */
export async function loggedInClient(
  server: ReturnType<typeof testServer>,
  userID: string,
  platform: Platform = 'web',
  expireSeconds = 3600,
) {
  const client = initialisedClient(server, platform);
  await client.init;
  const result = await client.sdk.login({ userID, userSig: server.issueUserSig(userID, expireSeconds) });
  if (result.code !== 0) throw new Error(`login failed with ${result.code}`);
  return client;
}

/** A UserSig document, `TLS.*` fields by name. */
export type UserSigDoc = Record<string, unknown>;

/** Reads a UserSig the way tls-sig-api-v2 writes it: `*-_` back to `+/=`, base64, zlib inflate, JSON. */
export function readLikeTencent(userSig: string): UserSigDoc {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8'));
}

/** Writes a document as a UserSig the way tls-sig-api-v2 does: JSON, zlib deflate, base64 with `+/=` as `*-_`. */
export function writeLikeTencent(doc: unknown): string {
  return deflateSync(JSON.stringify(doc))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

/** The HMAC-SHA256 tls-sig-api-v2 signs with `key`: over the text of each field, `TLS.userbuf` when present. */
export function tencentSignature(key: string, doc: UserSigDoc): string {
  const content = ['identifier', 'sdkappid', 'time', 'expire', 'userbuf']
    .filter((name) => doc[`TLS.${name}`] !== undefined)
    .map((name) => `TLS.${name}:${doc[`TLS.${name}`]}\n`)
    .join('');
  return createHmac('sha256', key).update(content).digest('base64');
}
