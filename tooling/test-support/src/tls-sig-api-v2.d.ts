declare module 'tls-sig-api-v2' {
  /** Tencent's reference UserSig generator (Node only), used to mint real UserSigs in tests. */
  export class Api {
    constructor(sdkAppID: number, secretKey: string);
    genUserSig(userID: string, expireSeconds: number): string;
  }
}
