import type { ImResult, ImSdk, ImSdkListener, LogLevel } from '@imstate/core';
import { isObject, subscriptions } from './tencent-chat.events';
import { createLoginRequests, invalidLoginParams, LOGOUT, type LoginAnswer } from './tencent-chat.login';
import type { TencentChatInstance, TencentChatOptions, TencentCloudChatModule } from './tencent-chat.types';

// Codes from the SDK's own error table, for failures the adapter has to name itself.
const NO_SDKAPPID = 2000; // create() returned null
const USER_NOT_LOGGED_IN = 2024;
const SDK_IS_NOT_READY = 2999; // SDK_NOT_READY came before SDK_READY

const LOG_LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, none: 4 };
const ok: ImResult = { code: 0, desc: '' };

const isChatModule = (value: unknown): value is TencentCloudChatModule => {
  const { create, EVENT, TYPES } = (value ?? {}) as Partial<TencentCloudChatModule>;
  return typeof create === 'function' && isObject(EVENT) && isObject(TYPES);
};

/**
 * Makes the `@tencentcloud/chat` Web SDK an `ImSdk` for `createSession`.
 * @param TencentCloudChat The module's default export: `import TencentCloudChat from '@tencentcloud/chat'`
 * (or the namespace of `import * as TencentCloudChat`, whose `default` it is).
 * @param options Further `TencentCloudChat.create()` options, e.g. `proxyServer`.
 */
export function createTencentChatSdk(
  TencentCloudChat: TencentCloudChatModule | { default: TencentCloudChatModule },
  options: TencentChatOptions = {},
): ImSdk {
  // Node ESM's `import * as` of this CommonJS module has nothing but `default`.
  const chatModule = isChatModule(TencentCloudChat)
    ? TencentCloudChat
    : (TencentCloudChat as { default?: unknown } | null | undefined)?.default;
  if (!isChatModule(chatModule)) {
    throw new TypeError(
      'createTencentChatSdk: TencentCloudChat must be the @tencentcloud/chat default export (with create, EVENT and TYPES)',
    );
  }
  let chat: TencentChatInstance | null = null;
  let listener: ImSdkListener | undefined;
  /**
   * The user of the last login sent to `chat`, until a logout has settled: whose profile PROFILE_UPDATED reports,
   * and whom a login of anyone else logs out first (the SDK answers it as a repeated login, still logged in as them).
   */
  let userID: string | undefined;
  /** Logins the SDK has answered, waiting for SDK_READY: a logged-in SDK is not usable before it. */
  const waiting = new Set<(result: ImResult) => void>();
  /** Whether SDK_READY has come since the last SDK_NOT_READY (which follows a logout or kick): the SDK is usable. */
  let ready = false;
  let destroying: Promise<unknown> | undefined;
  let requests = createLoginRequests();

  const finishLogins = (result: ImResult) => {
    for (const settle of waiting) settle(result);
    waiting.clear();
  };
  const handlers = subscriptions(chatModule, {
    listener: () => listener,
    userID: () => userID,
    ready: () => {
      ready = true;
      finishLogins(ok);
    },
    // Also follows KICKED_OUT and logout(): those already told the listener, so only a waiting login hears it.
    notReady: () => {
      ready = false;
      finishLogins({ code: SDK_IS_NOT_READY, desc: 'SDK_NOT_READY before SDK_READY' });
    },
  });

  const detach = () => {
    const current = chat;
    for (const [name, handler] of handlers) current?.off(name, handler);
    chat = null;
    userID = undefined;
    waiting.clear();
    // Calls to the next instance do not wait for this one's.
    requests = createLoginRequests();
    ready = false;
    return current;
  };
  // Logs `current` out. Nobody to log out (2024: kicked, or no login succeeded) is logged out all the same.
  const logOut = async (current: TencentChatInstance | null) => {
    try {
      await current?.logout();
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code !== USER_NOT_LOGGED_IN) throw error;
    }
    userID = undefined;
  };
  // Sends one login to `current`, unless that instance is gone by the time earlier calls have settled.
  const request = async (
    current: TencentChatInstance,
    params: { userID: string; userSig: string },
  ): LoginAnswer => {
    // Logged in as someone else, the SDK would answer as a repeated login and stay logged in as them.
    if (userID && userID !== params.userID) await logOut(current);
    if (chat !== current) throw new Error('login() after unInitSDK()');
    let answer: Promise<unknown>;
    try {
      answer = current.login(params);
    } catch {
      // The SDK validates its arguments synchronously ("Params validate failed.").
      return invalidLoginParams(params);
    }
    userID = params.userID;
    // A rejection (70001, 2801, …) is passed on as it is: the session reads its numeric `code`.
    await answer;
  };

  return {
    async initSDK({ sdkAppID, logLevel, listener: next }) {
      detach();
      // create() hands out the cached instance per SDKAppID until destroy() has settled, even a dying one.
      await destroying;
      chat = chatModule.create({ ...options, SDKAppID: sdkAppID });
      if (!chat) return { code: NO_SDKAPPID, desc: 'TencentCloudChat.create() returned null' };
      chat.setLogLevel(LOG_LEVELS[logLevel]);
      listener = next;
      for (const [name, handler] of handlers) chat.on(name, handler);
      return ok;
    },

    async unInitSDK() {
      // Rejects 2024 when nobody is logged in; it has released everything all the same.
      destroying = detach()
        ?.destroy()
        .catch(() => undefined);
      await destroying;
    },

    async login(params) {
      const current = chat;
      if (!current) throw new Error('login() before initSDK()');
      const refused = await requests.send(params, () => request(current, params));
      if (refused) return refused;
      // Logged in is not usable yet: the SDK still syncs, then fires SDK_READY (a repeated login is ready at once).
      // Readiness is tracked from the events rather than asked of the instance, so any SDK_READY counts, even one
      // that came before login() settled.
      if (ready) return ok;
      return new Promise<ImResult>((resolve) => waiting.add(resolve));
    },

    async logout() {
      const current = chat;
      await requests.send(LOGOUT, () => logOut(current));
      return ok;
    },
  };
}
