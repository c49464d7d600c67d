import { createSession, selectStatus, selectTab } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createTabs } from '@imstate/tabs';

// The simulated IM service stands in for Tencent Cloud Chat here; in production pass
// `createTencentChatSdk(TencentCloudChat)` from @imstate/tencent-chat as `sdk`.
const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only-key' });
export const session = createSession({
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: server.sdkAppID,
  getUserSig: async (userID) => server.issueUserSig(userID, 3600),
  tabs: createTabs({ key: 'chat' }),
});

session.subscribe((snapshot) => {
  // 'active' in the tab that holds the login, 'standby' in the others, 'alone' where tabs cannot coordinate.
  const { kickReason } = snapshot.context;
  console.log(selectStatus(snapshot), selectTab(snapshot), kickReason ?? '');
});
session.start();
session.send({ type: 'LOGIN', userID: 'alice' });

/** The "Use here" button of a tab kicked with `otherTab`: the other tab logs out, this one logs in. */
export const useHere = () => session.send({ type: 'RELOGIN' });
