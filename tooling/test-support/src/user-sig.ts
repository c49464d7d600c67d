/// <reference path="./tls-sig-api-v2.d.ts" />
/** Real TLSSigAPIv2 UserSigs for tests, made with the reference implementation (`tls-sig-api-v2`). */
import { deflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';

/** The SDKAppID and key the test UserSigs are issued for. */
export const APP_ID = 1400000001;
export const SECRET_KEY = 'test-secret-key-0123456789abcdef';

/** A real TLSSigAPIv2 UserSig, minted at the current (fake) time. */
export function mintUserSig(userID: string, expireSeconds: number, sdkAppID = APP_ID): string {
  return new Api(sdkAppID, SECRET_KEY).genUserSig(userID, expireSeconds);
}

/** Packs JSON the way TLSSigAPIv2 does (zlib deflate, base64 with `*-_` for `+/=`), without a signature. */
export function packUserSig(json: Record<string, unknown>): string {
  return deflateSync(Buffer.from(JSON.stringify(json)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}
