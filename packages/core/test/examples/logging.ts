import { createSession } from '@imstate/core';
import { waitFor } from 'xstate';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

const { sdk } = createMemorySdk();
const session = createSession({
  sdk,
  sdkAppID: 1400000001,
  logLevel: 'info',
  logger: ({ level, message, data }) => console.log(level, message, JSON.stringify(data ?? {})),
});
session.start();

session.send({ type: 'LOGIN', userID: 'alice', userSig: await fetchUserSig('alice') });
await waitFor(session, (snapshot) => snapshot.matches('online'));
session.send({ type: 'LOGOUT' });
session.stop();
// info login {"userID":"alice","reason":"login"}
// info login succeeded {"userID":"alice"}
// info logout {}
