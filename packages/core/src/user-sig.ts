/**
 * Reads the public fields of a TLSSigAPIv2 UserSig without the secret key: base64 with `*-_` for `+/=`,
 * over zlib-deflated JSON. Uses the platform's DecompressionStream (browsers, Node ≥ 18), so no inflate
 * code ships in the bundle. Only the expiry is read; the UserSig itself is never stored or logged here.
 */
export interface UserSigInfo {
  /** The UserID the UserSig was issued for. */
  identifier: string;
  /** The SDKAppID it was issued for. */
  sdkAppID: number;
  /** When it expires, in ms since epoch. */
  expiresAt: number;
}

/** Decodes a UserSig's public fields; `undefined` when it is not a decodable TLSSigAPIv2 UserSig. */
export async function decodeUserSig(userSig: string): Promise<UserSigInfo | undefined> {
  try {
    const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    const json = JSON.parse(await new Response(stream).text()) as Record<string, unknown>;
    const time = Number(json['TLS.time']);
    const expire = Number(json['TLS.expire']);
    if (!Number.isFinite(time) || !Number.isFinite(expire)) return undefined;
    return {
      identifier: String(json['TLS.identifier']),
      sdkAppID: Number(json['TLS.sdkappid']),
      expiresAt: (time + expire) * 1000,
    };
  } catch {
    return undefined;
  }
}
