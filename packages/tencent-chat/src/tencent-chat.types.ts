// Structural views of `@tencentcloud/chat` (its default export and its instance), kept to what the adapter
// uses. The real module is assignable to them (checked in the tests), and fakes can implement them.
// They avoid the SDK's default-export namespace type, which TypeScript cannot read from ESM under `node16`.

/** An event as the Web SDK hands it to `on()` handlers. */
export interface TencentChatEvent<T> {
  /** The event name, one of `TencentCloudChat.EVENT`. */
  name: string;
  /** The payload; its shape depends on the event. */
  data: T;
}

/** The SDK instance methods the adapter calls (`TencentCloudChat.create()` returns a `ChatSDK`). */
export interface TencentChatInstance {
  /** Logs in; settles when the login request does, before `SDK_READY`. */
  login(options: { userID: string; userSig: string }): Promise<unknown>;
  /** Logs out; emits `SDK_NOT_READY`. */
  logout(): Promise<unknown>;
  /** Logs out, closes the WebSocket, stops the SDK's timers and drops the cached instance. */
  destroy(): Promise<unknown>;
  /** 0 all logs … 4 none. Global to the module. */
  setLogLevel(level: number): void;
  /** Subscribes to an event of `TencentCloudChat.EVENT`. */
  on<T>(eventName: string, handler: (event: TencentChatEvent<T>) => void): void;
  /** Unsubscribes a handler given to `on()`. */
  off<T>(eventName: string, handler: (event: TencentChatEvent<T>) => void): void;
}

/** `TencentCloudChat.create()` options other than `SDKAppID`. */
export interface TencentChatOptions {
  /** A WebSocket address to use instead of Tencent's (`ws://…` or `wss://…`): a proxy or a test server. */
  proxyServer?: string;
  /** Any further `create()` option the SDK accepts (`fileUploadProxy`, `fileDownloadProxy`, …). */
  [option: string]: unknown;
}

/** The parts of the `@tencentcloud/chat` module the adapter uses: pass its default export. */
export interface TencentCloudChatModule {
  /** Creates the SDK instance, or returns the cached one for that SDKAppID; `null` for an unusable SDKAppID. */
  create(options: TencentChatOptions & { SDKAppID: number }): TencentChatInstance | null;
  /** Event names. */
  EVENT: Readonly<
    Record<'SDK_READY' | 'SDK_NOT_READY' | 'NET_STATE_CHANGE' | 'KICKED_OUT' | 'PROFILE_UPDATED', string>
  >;
  /** Payload constants of `NET_STATE_CHANGE` (`state`) and `KICKED_OUT` (`type`). */
  TYPES: Readonly<
    Record<
      | 'NET_STATE_CONNECTING'
      | 'NET_STATE_CONNECTED'
      | 'NET_STATE_DISCONNECTED'
      | 'KICKED_OUT_MULT_DEVICE'
      | 'KICKED_OUT_MULT_ACCOUNT'
      | 'KICKED_OUT_REST_API'
      | 'KICKED_OUT_USERSIG_EXPIRED',
      string
    >
  >;
}
