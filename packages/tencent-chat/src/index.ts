export { createTencentChatSdk } from './tencent-chat';
export type {
  TencentChatEvent,
  TencentChatInstance,
  TencentChatOptions,
  TencentCloudChatModule,
} from './tencent-chat.types';
