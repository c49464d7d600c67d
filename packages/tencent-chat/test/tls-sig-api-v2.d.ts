// `tls-sig-api-v2` ships no types; this is the part the tests and docs use.
declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkAppID: number, secretKey: string);
    /** A UserSig for `userID`, valid for `expireSeconds`. */
    genUserSig(userID: string, expireSeconds: number): string;
  }
}
