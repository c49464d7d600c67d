import { createImServer } from '@imstate/simulator';
import { createSessionPlugin } from '@imstate/vue';
import { createApp } from 'vue';
import App from './App.vue';

// The simulated IM service stands in for Tencent Cloud Chat here; in production pass
// `createTencentChatSdk(TencentCloudChat)` from @imstate/tencent-chat as `sdk`, and fetch UserSigs
// from your own server (see user-sig.ts).
const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only-key' });

createApp(App)
  .use(
    createSessionPlugin({
      sdk: server.createClient({ platform: 'web' }),
      sdkAppID: server.sdkAppID,
      getUserSig: async (userID) => server.issueUserSig(userID, 3600),
    }),
  )
  .mount('#app');
