import {
  createSession,
  decodeUserSig,
  ErrorCode,
  PERMANENT_LOGIN_CODES,
  type SessionActor,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
  selectIsOnline,
  selectStatus,
  selectSubstate,
  sessionMachine,
  validateUserID,
} from '@imstate/core';
import { isSessionActor, sessionCommands } from '@imstate/core/bindings';
import { describeMachine, toMermaid } from '@imstate/core/diagram';
import { waitFor } from 'xstate';
import { simulatedSdk } from './simulator';

export const session: SessionActor = createSession({
  sdk: simulatedSdk,
  sdkAppID: 1400000001,
  getUserSig: async (userID, { reason, signal }) => {
    const response = await fetch(`/api/user-sig?user=${encodeURIComponent(userID)}&reason=${reason}`, {
      signal,
    });
    return ((await response.json()) as { userSig: string }).userSig;
  },
  retry: { maxAttempts: 3 },
  logLevel: 'warn',
});

export function describe(snapshot: SessionSnapshot): string {
  const status: SessionStatus = selectStatus(snapshot);
  const error: SessionError | undefined = snapshot.context.error;
  const refused = typeof error?.code === 'number' && PERMANENT_LOGIN_CODES.includes(error.code);
  return `${status} (${selectSubstate(snapshot)})${selectIsOnline(snapshot) ? ' online' : ''}${refused ? ' refused' : ''}`;
}

export async function logIn(userID: string): Promise<void> {
  if (validateUserID(userID) !== undefined) throw new Error(`bad user ID: ${ErrorCode.INVALID_USER_ID}`);
  const { login } = sessionCommands(session.start());
  login({ userID });
  await waitFor(session, selectIsOnline);
}

export const expiresAt: Promise<number | undefined> = decodeUserSig('a UserSig').then(
  (info) => info?.expiresAt,
);
export const isSession: boolean = isSessionActor(session);
export const stateCount: number = describeMachine(sessionMachine).states.length;
export const mermaid: string = toMermaid(sessionMachine);
