import type { ImResult, ImSdk, ImSdkListener, KickReason, SelfInfo } from '@imstate/core';

/**
 * An IM SDK that lives in memory: every call succeeds at once unless told otherwise, and `service` plays
 * the server's side. Enough to try the session out; @imstate/simulator is the faithful one.
 */
export function createMemorySdk() {
  let listener: ImSdkListener | undefined;
  const loginFailures: number[] = [];
  const calls = { initSDK: 0, login: 0, logout: 0, unInitSDK: 0 };
  const ok = (): Promise<ImResult> => Promise.resolve({ code: 0, desc: 'ok' });

  const sdk: ImSdk = {
    initSDK(params) {
      calls.initSDK += 1;
      listener = params.listener;
      return ok();
    },
    unInitSDK() {
      calls.unInitSDK += 1;
      listener = undefined;
    },
    login() {
      calls.login += 1;
      const code = loginFailures.shift();
      return code === undefined ? ok() : Promise.resolve({ code, desc: `login failed (${code})` });
    },
    logout() {
      calls.logout += 1;
      return ok();
    },
  };

  const service = {
    /** The next logins are answered with these error codes, in order. */
    failLogins: (...codes: number[]) => loginFailures.push(...codes),
    kick: (reason: KickReason) => listener?.onKickedOffline(reason),
    expireUserSig: () => listener?.onUserSigExpired(),
    updateProfile: (info: SelfInfo) => listener?.onSelfInfoUpdated(info),
    dropNetwork() {
      listener?.onConnecting();
      listener?.onConnectFailed(2801, 'network unreachable');
    },
    restoreNetwork() {
      listener?.onConnecting();
      listener?.onConnectSuccess();
    },
  };

  return { sdk, service, calls };
}

let issued = 0;

/** Stands in for your backend, which signs UserSigs with the secret key (never ship the key to clients). */
export async function fetchUserSig(userID: string): Promise<string> {
  issued += 1;
  return `stand-in-usersig-${userID}-${issued}`;
}
