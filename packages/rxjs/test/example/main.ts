import { createSession } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { createImServer } from '@imstate/simulator';
import { connectionBanner$ } from './connection-banner';
import { askToLogInAgain } from './kicked-dialog';

// The simulated IM service stands in for Tencent Cloud Chat here; in production pass
// `createTencentChatSdk(TencentCloudChat)` from @imstate/tencent-chat as `sdk`, and fetch UserSigs
// from your own server (see user-sig.ts).
const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only-key' });
const session = createSession({
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: server.sdkAppID,
  getUserSig: async (userID) => server.issueUserSig(userID, 3600),
});
const { status$, selfInfo$, error$ } = fromSession(session);

const element = (selector: string) => document.querySelector<HTMLElement>(selector)!;
status$.subscribe((status) => {
  element('#status').textContent = status;
  element('#login').hidden = status !== 'loggedOut';
  element('#logout').hidden = status !== 'online';
});
selfInfo$.subscribe((info) => {
  element('#greeting').textContent = info ? `Hello, ${info.nickName ?? info.userID}!` : '';
});
error$.subscribe((error) => {
  element('#error').textContent = error ? `${error.message} (${error.code})` : '';
});
connectionBanner$(session).subscribe((text) => {
  element('#banner').textContent = text ?? '';
});
askToLogInAgain(session, async (reason) =>
  window.confirm(
    reason === 'restApi'
      ? 'You were signed out by the service. Log in again?'
      : 'You logged in on another device. Log in again here?',
  ),
).subscribe();

element('#login').addEventListener('submit', (event) => {
  event.preventDefault();
  const userID = new FormData(event.target as HTMLFormElement).get('userID');
  session.send({ type: 'LOGIN', userID: String(userID) });
});
element('#logout').addEventListener('click', () => session.send({ type: 'LOGOUT' }));

session.start();
