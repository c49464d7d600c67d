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

/** Far more than the JSON of a real UserSig (a few hundred bytes): a larger one is refused, not inflated. */
const MAX_JSON_LENGTH = 4096;

/**
 * Decodes a UserSig's public fields; `undefined` when it is not a decodable TLSSigAPIv2 UserSig. Answers at once for
 * a decompression bomb: a UserSig longer than twice the JSON limit is not inflated, and inflating stops at the limit.
 */
export async function decodeUserSig(userSig: string): Promise<UserSigInfo | undefined> {
  try {
    if (userSig.length > 2 * MAX_JSON_LENGTH) return undefined;
    // TLSSigAPIv2 writes `*-_` where base64 has `+/=`.
    const binary = atob(userSig.replace(/[*_-]/g, (char) => '+/='['*-_'.indexOf(char)]!));
    let inflated = 0;
    const json = await new Response(
      new Response(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
        .body!.pipeThrough(new DecompressionStream('deflate'))
        .pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            // Erroring the stream stops inflating at once: `.json()` rejects, and so this answers `undefined`.
            transform(chunk, controller) {
              inflated += chunk.length;
              if (inflated > MAX_JSON_LENGTH) throw 0;
              controller.enqueue(chunk);
            },
          }),
        ),
    ).json();
    const expiresAt = (Number(json['TLS.time']) + Number(json['TLS.expire'])) * 1000;
    if (!Number.isFinite(expiresAt)) return undefined;
    return { identifier: String(json['TLS.identifier']), sdkAppID: Number(json['TLS.sdkappid']), expiresAt };
  } catch {
    // Not a TLSSigAPIv2 UserSig, or one refused unread: nothing to tell.
  }
}
