import { readFileSync } from 'node:fs';
import { sessionMachine } from '@imstate/core';
import { describeMachine, toMermaid } from '@imstate/core/diagram';
import { describe, expect, test } from 'vitest';
import { renderStateMachinePage, STATE_NOTES } from '../scripts/state-machine-page';

const page = new URL('../../../docs/state-machine.md', import.meta.url);

describe('the generated state diagram', () => {
  test('docs/state-machine.md is what `pnpm docs:diagram` renders now (run it when this fails)', () => {
    expect(readFileSync(page, 'utf8')).toBe(renderStateMachinePage());
  });

  test('every state of the machine is explained on the page, and no stale state is', () => {
    const paths = describeMachine(sessionMachine).states.map((state) => state.path);
    expect(Object.keys(STATE_NOTES).sort()).toEqual([...paths].sort());
  });

  test('the six statuses are the top-level states of the diagram', () => {
    const topLevel = describeMachine(sessionMachine)
      .states.filter((state) => state.parent === undefined)
      .map((state) => state.key);
    expect(topLevel).toEqual(['init', 'loggedOut', 'connecting', 'online', 'kicked', 'sigExpired']);
  });

  test('the Mermaid diagram draws transitions with their events and guards', () => {
    const mermaid = toMermaid(sessionMachine);
    expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(mermaid).toContain('kicked --> connecting: RELOGIN');
    expect(mermaid).toContain('connecting_loggingIn --> connecting_retrying: error: login [hasAttemptsLeft]');
    expect(mermaid).toContain('connecting_retrying --> connecting_choosingUserSig: after retryDelay');
    // The decisions a login makes are arrows of the diagram, named by their guards.
    expect(mermaid).toContain(
      'connecting_choosingUserSig --> connecting_loggingIn: always [heldUserSigIsFresh]',
    );
    expect(mermaid).toContain(
      'connecting_loggingIn --> connecting_waitingForEarlierCall: error: login [anEarlierCallIsInFlight]',
    );
    expect(mermaid).toContain(
      'loggedOut_loggingOut --> loggedOut_idle: error: logout [aLoginIsStillInFlight]',
    );
    // A kick never leads straight back to a login by itself: the app's RELOGIN/LOGIN leave `kicked` for a login;
    // the one exception is the tab standing by for another tab's login (T6), when the coordinator grants it.
    const intoLogin = describeMachine(sessionMachine).transitions.filter(
      (edge) => edge.source.startsWith('kicked') && edge.target.startsWith('connecting'),
    );
    expect(intoLogin.map((edge) => `${edge.source} ${edge.event}`).sort()).toEqual([
      'kicked LOGIN',
      'kicked LOGIN',
      'kicked RELOGIN',
      'kicked RELOGIN',
      'kicked.standingBy TAB.GRANTED',
    ]);
    // Only a tab that may take over by itself stands by.
    const intoStandingBy = describeMachine(sessionMachine).transitions.filter(
      (edge) => edge.target === 'kicked.standingBy',
    );
    expect(new Set(intoStandingBy.map((edge) => edge.guard))).toEqual(new Set(['mayTakeOverByItself']));
  });
});
