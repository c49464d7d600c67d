import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import { strFromU8, strToU8, zlibSync } from 'fflate';
import { ImErrorCode } from './error-codes';
import { inflateZlib } from './zlib';

/** Longer than any UserSig the service issues: refused before it is decoded. */
const MAX_USER_SIG_LENGTH = 8192;
/** The most a UserSig's JSON may inflate to (a real one has a few hundred bytes): a decompression bomb stops here. */
const MAX_USER_SIG_JSON_BYTES = 4096;

/** The fields of a TLSSigAPIv2 UserSig. Anyone can read them; only the key holder can sign them. */
export interface UserSigFields {
  /** The user the UserSig is for (`TLS.identifier`). */
  userID: string;
  /** The application it is for (`TLS.sdkappid`). */
  sdkAppID: number;
  /** When it was issued, in seconds since the epoch (`TLS.time`). */
  time: number;
  /** How long it is valid after `time`, in seconds (`TLS.expire`). */
  expire: number;
  /** The optional `TLS.userbuf` (PrivateMapKey), signed along when present. */
  userbuf?: string;
}

interface UnpackedUserSig extends UserSigFields {
  signature: string;
}

/** The outcome of checking a UserSig at login. */
export type UserSigCheck = { code: 0; expiresAt: number } | { code: Exclude<ImErrorCode, 0>; desc: string };

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

// The signed text, line for line as tls-sig-api-v2 builds it.
function sign(secretKey: string, fields: UserSigFields): string {
  let content = `TLS.identifier:${fields.userID}\nTLS.sdkappid:${fields.sdkAppID}\n`;
  content += `TLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`;
  if (fields.userbuf !== undefined) content += `TLS.userbuf:${fields.userbuf}\n`;
  return bytesToBase64(hmac(sha256, utf8ToBytes(secretKey), utf8ToBytes(content)));
}

/** Mints a UserSig: JSON → zlib deflate → base64 with `+/=` written as `*-_`. */
export function mintUserSig(secretKey: string, fields: Omit<UserSigFields, 'userbuf'>): string {
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': fields.userID,
    'TLS.sdkappid': fields.sdkAppID,
    'TLS.time': fields.time,
    'TLS.expire': fields.expire,
    'TLS.sig': sign(secretKey, fields),
  };
  const base64 = bytesToBase64(zlibSync(strToU8(JSON.stringify(doc))));
  return base64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/** Reads a UserSig's fields without checking its signature; `undefined` when it cannot be decoded. */
function unpackUserSig(userSig: unknown): UnpackedUserSig | undefined {
  if (typeof userSig !== 'string' || userSig.length > MAX_USER_SIG_LENGTH) return undefined;
  try {
    // Anything but a deflated JSON document (blank, bad base64 or zlib, too large, not JSON) throws on the way.
    const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    const doc: unknown = JSON.parse(strFromU8(inflateZlib(base64ToBytes(base64), MAX_USER_SIG_JSON_BYTES)));
    const field = (name: string): unknown => Object(doc)[`TLS.${name}`];
    const [userID, sdkAppID, time, expire] = [
      field('identifier'),
      field('sdkappid'),
      field('time'),
      field('expire'),
    ];
    const [signature, userbuf] = [field('sig'), field('userbuf')];
    if (field('ver') !== '2.0' || typeof userID !== 'string' || typeof signature !== 'string')
      return undefined;
    if (!Number.isSafeInteger(sdkAppID) || !Number.isSafeInteger(time) || !Number.isSafeInteger(expire)) {
      return undefined;
    }
    if (userbuf !== undefined && typeof userbuf !== 'string') return undefined;
    return { userID, sdkAppID, time, expire, signature, userbuf } as UnpackedUserSig;
  } catch {
    return undefined;
  }
}

/** What a login is checked against. */
export interface UserSigExpectation {
  /** The server's SDKAppID. */
  sdkAppID: number;
  /** The SDKAppID the client was initialised with. */
  clientSdkAppID: number;
  /** The server's secret key. */
  secretKey: string;
  /** The userID the client logs in as. */
  userID: string;
  /** The server clock, in ms. */
  now: number;
}

/** Checks a UserSig in the service's order: 70003, 70014, 70009, 70013, then 70001. */
export function checkUserSig(userSig: unknown, expected: UserSigExpectation): UserSigCheck {
  const decoded = unpackUserSig(userSig);
  if (!decoded) return { code: ImErrorCode.USER_SIG_UNPARSABLE, desc: 'UserSig cannot be decoded' };
  if (decoded.sdkAppID !== expected.sdkAppID || expected.clientSdkAppID !== expected.sdkAppID) {
    return { code: ImErrorCode.SDK_APP_ID_MISMATCH, desc: 'SDKAppID does not match the UserSig' };
  }
  if (sign(expected.secretKey, decoded) !== decoded.signature) {
    return { code: ImErrorCode.USER_SIG_BAD_SIGNATURE, desc: 'UserSig signature does not verify' };
  }
  if (decoded.userID !== expected.userID) {
    return { code: ImErrorCode.USER_ID_MISMATCH, desc: 'UserSig was issued for another userID' };
  }
  const expiresAt = (decoded.time + decoded.expire) * 1000;
  // Whole seconds: expired from the first millisecond of its expiry second on.
  if (expected.now >= expiresAt) {
    return { code: ImErrorCode.USER_SIG_EXPIRED, desc: 'UserSig has expired' };
  }
  return { code: 0, expiresAt };
}
