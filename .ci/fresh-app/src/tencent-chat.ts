import { createSession, type ImSdk } from '@imstate/core';
import {
  createTencentChatSdk,
  type TencentChatOptions,
  type TencentCloudChatModule,
} from '@imstate/tencent-chat';

// The real module is passed in by sdk/tencent-chat.ts; here the adapter's own declarations are checked.
declare const TencentCloudChat: TencentCloudChatModule;

const options: TencentChatOptions = { proxyServer: 'wss://chat-proxy.example.com' };
const sdk: ImSdk = createTencentChatSdk(TencentCloudChat, options);

export const tencentSession = createSession({
  sdk,
  sdkAppID: 1400000001,
  getUserSig: async () => 'from-your-server',
});
