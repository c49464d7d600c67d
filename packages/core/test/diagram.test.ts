import { readFileSync } from 'node:fs';
import { sessionMachine } from '@imstate/core';
import { describeMachine, toMermaid } from '@imstate/core/diagram';
import { describe, expect, test } from 'vitest';
import { createMachine } from 'xstate';
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

describe('diagrams of any machine', () => {
  const lamp = createMachine({
    id: 'lamp',
    initial: 'off',
    on: { RESET: '.off' },
    states: {
      off: { on: { TOGGLE: { target: 'on', guard: { type: 'hasPower', params: { volts: 230 } } } } },
      on: {
        initial: 'dim',
        on: { TOGGLE: 'off' },
        states: {
          dim: { on: { BRIGHTER: { target: 'bright', guard: ({ event }) => event.type === 'BRIGHTER' } } },
          bright: {},
        },
      },
    },
  });

  test('draws nested states inside their parents, and transitions of the whole machine from its start', () => {
    expect(toMermaid(lamp)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> off',
        '  state "off" as off',
        '  state "on" as on',
        '  state on {',
        '    [*] --> on_dim',
        '    state "dim" as on_dim',
        '    state "bright" as on_bright',
        '  }',
        '  [*] --> off: RESET',
        '  off --> on: TOGGLE [hasPower]',
        '  on --> off: TOGGLE',
        '  on_dim --> on_bright: BRIGHTER',
        '',
      ].join('\n'),
    );
  });

  test('names a parameterised guard by its type, and an inline guard not at all', () => {
    const guards = describeMachine(lamp).transitions.map((edge) => [edge.event, edge.guard]);
    expect(guards).toEqual([
      ['RESET', undefined],
      ['TOGGLE', 'hasPower'],
      ['TOGGLE', undefined],
      ['BRIGHTER', undefined],
    ]);
  });

  test('keeps the names of an app’s own events, even those that contain an XState event name', () => {
    const relay = createMachine({
      id: 'relay',
      initial: 'idle',
      states: { idle: { on: { 'log.xstate.done.actor.login': 'idle', 'log.xstate.after.5.idle': 'idle' } } },
    });
    expect(describeMachine(relay).transitions.map((edge) => edge.event)).toEqual([
      'log.xstate.done.actor.login',
      'log.xstate.after.5.idle',
    ]);
  });

  test('draws a machine without states as an empty diagram', () => {
    const plain = createMachine({ id: 'plain' });
    expect(describeMachine(plain)).toEqual({ id: 'plain', initial: undefined, states: [], transitions: [] });
    expect(toMermaid(plain)).toBe('stateDiagram-v2\n');
  });
});
