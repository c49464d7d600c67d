declare module 'tls-sig-api-v2' {
  /** Tencent's reference UserSig generator (Node only). */
  export class Api {
    constructor(sdkAppID: number, secretKey: string);
    genUserSig(userID: string, expireSeconds: number): string;
    /** A UserSig carrying a `TLS.userbuf` (TRTC's PrivateMapKey), signed along with the other fields. */
    genPrivateMapKey(userID: string, expireSeconds: number, roomID: number, privilegeMap: number): string;
  }
}
