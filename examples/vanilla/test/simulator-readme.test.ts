import { createSession, type SessionActor, type SessionStatus, selectStatus } from '@imstate/core';
import { createImServer, type Platform } from '@imstate/simulator';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from 'xstate';

const server = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-secret-key' });
const sessions: SessionActor[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop(); // frees its place on the server, clears its timers
});

/** One device: a simulated SDK client with the session your app creates on it, logged in as `userID`. */
async function device(platform: Platform, userID: string) {
  const sdk = server.createClient({ platform });
  const session = createSession({
    sdk,
    sdkAppID: server.sdkAppID,
    getUserSig: async (id) => server.issueUserSig(id, 600), // stands in for your UserSig endpoint
  }).start();
  sessions.push(session);
  session.send({ type: 'LOGIN', userID });
  const reach = (status: SessionStatus) => waitFor(session, (s) => selectStatus(s) === status);
  await reach('online');
  return { sdk, session, reach };
}

it('a second phone of the same user kicks the first; a browser page does not', async () => {
  const phone = await device('ios', 'alice');
  const laptop = await device('web', 'alice');
  expect(phone.session.getSnapshot().value).toBe('online');

  await device('ios', 'alice');
  expect((await phone.reach('kicked')).context.kickReason).toBe('multipleDevice');
  // On the web every page is an instance: past maxWebInstances (default 1) the earliest is kicked.
  await device('web', 'alice');
  expect((await laptop.reach('kicked')).context.kickReason).toBe('multipleAccount');
});

it('reconnects by itself when the network comes back', async () => {
  const { sdk, session, reach } = await device('web', 'bob');
  sdk.network.drop();
  // A substate: the status `connecting` already holds in `connecting.reconnecting`, which comes first.
  await waitFor(session, (s) => s.matches({ connecting: 'offline' }));
  sdk.network.restore();
  await reach('online');
});
