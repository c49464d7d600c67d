import { createSession, type KickReason, selectStatus, selectSubstate } from '@imstate/core';
import { waitFor } from 'xstate';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

const { sdk, service, calls } = createMemorySdk();
const session = createSession({ sdk, sdkAppID: 1400000001, getUserSig: fetchUserSig });
const isOnline = () => waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');

// Stands in for your UI: the user decides whether to log in again, never the session.
const userWantsToLogInAgain = (reason: KickReason) => reason !== 'restApi';

let shown = '';
session.subscribe((snapshot) => {
  const substate = selectSubstate(snapshot);
  if (substate === shown) return;
  shown = substate;
  console.log(substate);
});
session.on('kicked', ({ reason }) => {
  if (userWantsToLogInAgain(reason)) session.send({ type: 'RELOGIN' });
});
session.on('error', ({ error }) => console.log(`  error ${error.code} (${error.source})`));
session.start();

session.send({ type: 'LOGIN', userID: 'alice' });
await isOnline();

service.dropNetwork(); // the SDK reconnects by itself…
service.restoreNetwork(); // …so the session never calls sdk.login for it

service.kick('multipleDevice'); // another phone logged in as alice
await isOnline();

service.expireUserSig(); // refreshed through getUserSig, once per expiry
await isOnline();

session.send({ type: 'LOGOUT' });
console.log(`sdk.login calls: ${calls.login}`); // LOGIN, RELOGIN, refresh
session.stop();
