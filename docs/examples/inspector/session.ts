import { createSession } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createBrowserInspector } from '@statelyai/inspect';

// Opens Stately's inspector (https://stately.ai/inspect) in a new tab: allow the pop-up.
const inspector = createBrowserInspector();

const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only-key' });
const session = createSession({
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: server.sdkAppID,
  getUserSig: async (userID) => server.issueUserSig(userID, 3600),
  // Every inspection event of the session, with the UserSig of LOGIN events redacted.
  inspect: inspector.inspect,
});

session.start();
session.send({ type: 'LOGIN', userID: 'alice' });
