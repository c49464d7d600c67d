/**
 * Reads the public fields of a TLSSigAPIv2 UserSig without the secret key: base64 with `*-_` for `+/=`,
 * over zlib-deflated JSON. Uses the platform's DecompressionStream (browsers, Node ≥ 18), so no inflate
 * code ships in the bundle. Only the public fields are read (the session uses the expiry); the UserSig itself is
 * never stored or logged here.
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
    // TLSSigAPIv2 writes `*-_` where base64 has `+/=`.
    const binary = atob(userSig.replace(/[*_-]/g, (char) => '+/='['*-_'.indexOf(char)]!));
    const deflated = new Response(Uint8Array.from(binary, (char) => char.charCodeAt(0))).body!;
    const json = await new Response(deflated.pipeThrough(new DecompressionStream('deflate'))).json();
    const expiresAt = (Number(json['TLS.time']) + Number(json['TLS.expire'])) * 1000;
    if (!Number.isFinite(expiresAt)) return undefined;
    return { identifier: String(json['TLS.identifier']), sdkAppID: Number(json['TLS.sdkappid']), expiresAt };
  } catch {
    return undefined;
  }
}
