/**
 * Run by `test/create-session.test.ts` in a child process under `--conditions=development`: sends a LOGIN carrying
 * the UserSig given as argument to a stopped session, so that XState's development build warns about it.
 */
import { createSession, type ImSdk } from '@imstate/core';

const ok = async () => ({ code: 0, desc: 'ok' });
const sdk: ImSdk = { initSDK: ok, unInitSDK: () => {}, login: ok, logout: ok };
const session = createSession({ sdk, sdkAppID: 1400000001 });
session.start();
session.stop();
session.send({ type: 'LOGIN', userID: 'alice', userSig: process.argv[2] ?? 'no UserSig given' });
