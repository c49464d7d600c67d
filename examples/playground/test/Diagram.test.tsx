import { sessionMachine } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, expectStatus, modes, renderApp } from './support';

const chart = () => screen.getByRole('img', { name: /^State diagram/ });
const state = (path: string) => {
  const found = chart().querySelectorAll(`[data-state="${path}"]`);
  expect(found, `elements for ${path}`).toHaveLength(1);
  return found[0]!;
};
const transition = (from: string, to: string, event: string) =>
  chart().querySelector(`[data-from="${from}"][data-to="${to}"][data-event="${event}"]`);

describe.each(modes)('the drawn state diagram (%s)', (_, Mode) => {
  it('has one element per state and per transition of sessionMachine, with the contract attributes', async () => {
    await renderApp(Mode);
    const { states, transitions } = describeMachine(sessionMachine);
    for (const { path, key } of states) expect(state(path).textContent).toContain(key);
    for (const { source, target, event, guard } of transitions) {
      const selector = `[data-from="${source}"][data-to="${target}"][data-event="${event}"]${guard ? `[data-guard="${guard}"]` : ':not([data-guard])'}`;
      const found = chart().querySelectorAll(selector);
      expect(found, `${source} -${event}-> ${target}`).toHaveLength(1);
      expect(found[0]!.textContent).toContain(event);
      if (guard) expect(found[0]!.textContent).toContain(`[${guard}]`);
    }
    expect(chart().querySelectorAll('[data-event]')).toHaveLength(transitions.length);
    // Initial states are marked: one per compound state, and one for the machine.
    const initials = [
      describeMachine(sessionMachine).initial,
      ...states.map((candidate) => candidate.initial),
    ];
    for (const initial of initials.filter(Boolean)) {
      expect(chart().querySelector(`[data-initial="${initial}"]`), `initial ${initial}`).not.toBeNull();
    }
  });

  it('lists the panels in each state (a parent too), both side by side when they share it', async () => {
    await renderApp(Mode);
    expect(state('loggedOut.idle').getAttribute('data-active')).toBe('A A2 B');
    expect(state('loggedOut').getAttribute('data-active')).toBe('A A2 B');
    expect(state('loggedOut.idle').querySelectorAll('.sc-badge')).toHaveLength(3);
    expect(state('online').hasAttribute('data-active')).toBe(false);

    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A', 'Drop network'));
    await expectStatus('A', 'connecting · offline');
    expect(state('connecting').getAttribute('data-active')).toBe('A');
    expect(state('connecting.offline').getAttribute('data-active')).toBe('A');
    expect(state('loggedOut.idle').getAttribute('data-active')).toBe('A2 B');
    expect(chart().getAttribute('aria-label')).toBe(
      'State diagram of sessionMachine: A in connecting.offline, A2 in loggedOut.idle, B in loggedOut.idle',
    );
  });

  it("marks and animates each panel's last transition", async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    const loggedIn = transition('connecting.loggingIn', 'online', 'done: login');
    expect(loggedIn?.getAttribute('data-last')).toBe('A');
    expect(loggedIn?.querySelector('.sc-last-line')).not.toBeNull();
    expect(loggedIn?.querySelector('animateMotion')).not.toBeNull();

    fireEvent.click(button('A', 'Drop network'));
    await expectStatus('A', 'connecting · offline');
    await waitFor(() =>
      expect(
        transition('connecting.reconnecting', 'connecting.offline', 'SDK.CONNECT_FAILED')?.getAttribute(
          'data-last',
        ),
      ).toBe('A'),
    );
    expect(loggedIn?.hasAttribute('data-last')).toBe(false);
    expect(chart().querySelectorAll('[data-last~="A"]')).toHaveLength(1);
  });

  it('two panels that took the same transition last are both named', async () => {
    await renderApp(Mode);
    fireEvent.change(screen.getAllByLabelText('Platform')[1]!, { target: { value: 'ios' } });
    await expectStatus('B', 'loggedOut · idle');
    fireEvent.click(button('A', 'Log in'));
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('A', 'online');
    await expectStatus('B', 'online');
    expect(transition('connecting.loggingIn', 'online', 'done: login')?.getAttribute('data-last')).toBe(
      'A B',
    );
    expect(state('online').getAttribute('data-active')).toBe('A B');
  });
});
