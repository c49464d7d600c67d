import { createSession, selectStatus } from '@imstate/core';
import { waitFor } from 'xstate';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

// Any ImSdk: @imstate/tencent-chat in production, @imstate/simulator in tests and demos.
const { sdk } = createMemorySdk();

const session = createSession({ sdk, sdkAppID: 1400000001, getUserSig: fetchUserSig });
session.on('online', () => console.log('online'));
session.on('kicked', ({ reason }) => console.log(`kicked (${reason}): ask the user before logging in again`));
session.start();

session.send({ type: 'LOGIN', userID: 'alice' });
await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
console.log(`logged in as ${session.getSnapshot().context.userID}`);

session.stop(); // clears every timer and releases the SDK (unInitSDK)
