import { createSession } from '@imstate/core';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

const { sdk } = createMemorySdk();
const session = createSession({
  sdk,
  sdkAppID: 1400000001,
  inspect: (inspection) => {
    if (inspection.type === '@xstate.event' && inspection.event.type === 'LOGIN') {
      console.log(JSON.stringify(inspection.event));
    }
  },
});
session.start();

session.send({ type: 'LOGIN', userID: 'alice', userSig: await fetchUserSig('alice') });
// {"type":"LOGIN","userID":"alice","userSig":"[redacted]"}
session.stop();
