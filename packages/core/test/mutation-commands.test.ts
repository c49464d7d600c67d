import { type SessionEvent, sessionCommands } from '@imstate/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHarness, stopAllSessions } from './fake-sdk';

afterEach(() => {
  stopAllSessions();
});

/** The commands of an unstarted session, with every event they send recorded. */
function commandsWithSent() {
  const { session } = createHarness({ start: false });
  const sent: SessionEvent[] = [];
  vi.spyOn(session, 'send').mockImplementation((event) => {
    sent.push(event);
  });
  return { session, sent, commands: sessionCommands(session) };
}

describe('sessionCommands', () => {
  it('login sends LOGIN with the params, with or without a UserSig', () => {
    const { sent, commands } = commandsWithSent();
    commands.login({ userID: 'alice', userSig: 'sig-alice-1' });
    commands.login({ userID: 'bob' });
    expect(sent).toStrictEqual([
      { type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' },
      { type: 'LOGIN', userID: 'bob' },
    ]);
  });

  it('a params object cannot turn login into another event', () => {
    const { sent, commands } = commandsWithSent();
    commands.login({ userID: 'alice', type: 'LOGOUT' } as never);
    expect(sent).toStrictEqual([{ type: 'LOGIN', userID: 'alice' }]);
  });

  it('logout, relogin and retry send LOGOUT, RELOGIN and RETRY', () => {
    const { sent, commands } = commandsWithSent();
    commands.logout();
    commands.relogin();
    commands.retry();
    expect(sent).toStrictEqual([{ type: 'LOGOUT' }, { type: 'RELOGIN' }, { type: 'RETRY' }]);
  });

  it('hands back the session it was made for', () => {
    const { session, commands } = commandsWithSent();
    expect(commands.session).toBe(session);
  });
});
