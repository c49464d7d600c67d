import { createSession, selectStatus } from '@imstate/core';
import { createImServer } from '@imstate/simulator';

// The simulator stands in for the IM service; in production pass createTencentChatSdk(TencentCloudChat).
const server = createImServer({ sdkAppID: 1400000001, secretKey: 'demo-secret-key' });

const session = createSession({
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: 1400000001,
  // Ask your own server for a UserSig: on login, on "log in again", and when one expires.
  getUserSig: async (userID) => server.issueUserSig(userID, 300),
});

session.subscribe((snapshot) => console.log('status:', selectStatus(snapshot)));
session.on('kicked', ({ reason }) => console.log('logged in elsewhere:', reason));

session.start(); // init: initSDK runs
session.send({ type: 'LOGIN', userID: 'alice' }); // kept until initSDK answers, then connecting → online
