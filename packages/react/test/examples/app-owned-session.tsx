import { createSession, type SessionOptions, selectIsOnline } from '@imstate/core';
import { SessionProvider } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import type { ReactNode } from 'react';
import { waitFor } from 'xstate';

const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only' });
const sessionOptions: SessionOptions = {
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: server.sdkAppID,
  getUserSig: async (userID) => server.issueUserSig(userID, 3600),
};

// Created and started once, in the browser, outside React; the provider never starts or stops it.
export const session = createSession(sessionOptions);
session.start();

/** Code outside components (a router loader, a store) drives the same session. */
export async function logInFromLoader(userID: string) {
  session.send({ type: 'LOGIN', userID });
  await waitFor(session, selectIsOnline, { timeout: 15_000 });
}

export function Root({ children }: { children: ReactNode }) {
  return <SessionProvider session={session}>{children}</SessionProvider>;
}
