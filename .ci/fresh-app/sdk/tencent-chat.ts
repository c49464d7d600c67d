import { createSession } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import TencentCloudChat from '@tencentcloud/chat';

// The SDK's default export, as the docs pass it: it must fit the adapter's TencentCloudChatModule.
export const session = createSession({
  sdk: createTencentChatSdk(TencentCloudChat, { proxyServer: 'wss://chat-proxy.example.com' }),
  sdkAppID: 1400000001,
  getUserSig: async () => 'from-your-server',
});
