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
    expect(mermaid).toContain('connecting_retrying --> connecting_loggingIn: after retryDelay');
    // A kick never leads straight back to a login: only the app's RELOGIN/LOGIN leave `kicked`.
    const fromKicked = describeMachine(sessionMachine).transitions.filter((edge) => edge.source === 'kicked');
    expect(fromKicked.map((edge) => edge.event).sort()).toEqual(['LOGIN', 'LOGOUT', 'RELOGIN']);
  });
});
