import type { ImResult, ImSdk, ImSdkListener, KickReason, LogLevel } from '@imstate/core';
import type { Profile } from '@tencentcloud/chat';
import type {
  TencentChatEvent,
  TencentChatInstance,
  TencentChatOptions,
  TencentCloudChatModule,
} from './tencent-chat.types';

// Codes from the SDK's own error table, for failures the adapter has to name itself.
const NO_SDKAPPID = 2000; // create() returned null
const NO_IDENTIFIER = 2002; // login() threw "Params validate failed." over the userID
const NO_USERSIG = 2003; // … over the userSig
const USER_NOT_LOGGED_IN = 2024;
const NETWORK_ERROR = 2800; // NET_STATE_CHANGE 'disconnected' carries no code
const SDK_IS_NOT_READY = 2999; // SDK_NOT_READY came before SDK_READY

const LOG_LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, none: 4 };
const ok: ImResult = { code: 0, desc: '' };

const isObject = (value: unknown) => typeof value === 'object' && value !== null;
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
  const { EVENT, TYPES } = chatModule;
  let chat: TencentChatInstance | null = null;
  let listener: ImSdkListener | undefined;
  let userID: string | undefined;
  let settleLogin: ((result: ImResult) => void) | undefined;
  /** Whether SDK_READY has come since the last SDK_NOT_READY (which follows a logout or kick): the SDK is usable. */
  let ready = false;
  let destroying: Promise<unknown> | undefined;

  const kickReasons = new Map<string, KickReason>([
    [TYPES.KICKED_OUT_MULT_DEVICE, 'multipleDevice'],
    [TYPES.KICKED_OUT_MULT_ACCOUNT, 'multipleAccount'],
    [TYPES.KICKED_OUT_REST_API, 'restApi'],
  ]);
  const finishLogin = (result: ImResult) => {
    settleLogin?.(result);
    settleLogin = undefined;
  };
  const onReady = () => {
    ready = true;
    finishLogin(ok);
  };
  // Also follows KICKED_OUT and logout(): those already told the listener, so only a waiting login hears it.
  const onNotReady = () => {
    ready = false;
    finishLogin({ code: SDK_IS_NOT_READY, desc: 'SDK_NOT_READY before SDK_READY' });
  };
  const onNetStateChange = ({ data }: TencentChatEvent<{ state: string }>) => {
    if (data.state === TYPES.NET_STATE_CONNECTING) listener?.onConnecting();
    else if (data.state === TYPES.NET_STATE_CONNECTED) listener?.onConnectSuccess();
    else if (data.state === TYPES.NET_STATE_DISCONNECTED)
      listener?.onConnectFailed(NETWORK_ERROR, data.state);
  };
  const onKickedOut = ({ data }: TencentChatEvent<{ type: string }>) => {
    if (data.type === TYPES.KICKED_OUT_USERSIG_EXPIRED) listener?.onUserSigExpired();
    else listener?.onKickedOffline(kickReasons.get(data.type) ?? 'unknown');
  };
  const onProfileUpdated = ({ data }: TencentChatEvent<Profile[]>) => {
    // The SDK reports friends' profiles here too.
    for (const { nick, avatar, ...profile } of data) {
      if (profile.userID !== userID) continue;
      listener?.onSelfInfoUpdated({ ...profile, nickName: nick, faceUrl: avatar });
    }
  };
  const subscriptions: [string, (event: TencentChatEvent<never>) => void][] = [
    [EVENT.SDK_READY, onReady],
    [EVENT.SDK_NOT_READY, onNotReady],
    [EVENT.NET_STATE_CHANGE, onNetStateChange],
    [EVENT.KICKED_OUT, onKickedOut],
    [EVENT.PROFILE_UPDATED, onProfileUpdated],
  ];

  const detach = () => {
    const current = chat;
    for (const [name, handler] of subscriptions) current?.off(name, handler);
    chat = null;
    userID = undefined;
    settleLogin = undefined;
    ready = false;
    return current;
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
      for (const [name, handler] of subscriptions) chat.on(name, handler);
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
      let request: Promise<unknown>;
      try {
        request = current.login(params);
      } catch {
        // The SDK validates its arguments synchronously ("Params validate failed.").
        return { code: params.userID ? NO_USERSIG : NO_IDENTIFIER, desc: 'invalid login params' };
      }
      userID = params.userID;
      // A rejection (70001, 2801, …) is passed on as it is: the session reads its numeric `code`.
      await request;
      // Logged in is not usable yet: the SDK still syncs, then fires SDK_READY (a repeated login is ready at once).
      // Readiness is tracked from the events rather than asked of the instance, so any SDK_READY counts, even one
      // that came before login() settled.
      if (ready) return ok;
      return new Promise<ImResult>((resolve) => {
        settleLogin = resolve;
      });
    },

    async logout() {
      userID = undefined;
      try {
        await chat?.logout();
      } catch (error) {
        // Nobody to log out (e.g. after a kick): the user is logged out, which is what was asked.
        if ((error as { code?: unknown } | undefined)?.code !== USER_NOT_LOGGED_IN) throw error;
      }
      return ok;
    },
  };
}
