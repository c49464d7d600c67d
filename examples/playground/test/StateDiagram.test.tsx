import { sessionMachine } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, expectStatus, modes, renderApp } from './support';

const box = (path: string) => {
  const element = document.querySelector(`[data-state="${path}"]`);
  if (!element) throw new Error(`no box for ${path}`);
  return element;
};

describe.each(modes)('state diagram (%s)', (_, Mode) => {
  it('draws every state and transition of sessionMachine', async () => {
    await renderApp(Mode);
    const { states, transitions } = describeMachine(sessionMachine);
    for (const state of states) expect(box(state.path).textContent).toContain(state.key);
    const drawn = screen.getByRole('region', { name: 'State diagram' }).querySelectorAll('.transitions li');
    expect(drawn).toHaveLength(transitions.length);
  });

  it("highlights each device's active state and its parent, in the device's colour", async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A', 'Drop network'));
    await expectStatus('A', 'connecting · offline');
    expect(box('connecting').classList).toContain('active-a');
    expect(box('connecting.offline').classList).toContain('active-a');
    expect(box('connecting.offline').textContent).toContain('Device A is here');
    expect(box('loggedOut').classList).toContain('active-b');
    expect(box('loggedOut.idle').classList).toContain('active-b');
    expect(box('loggedOut').classList).not.toContain('active-a');
    expect(document.querySelectorAll('.active-a')).toHaveLength(2);
    expect(document.querySelectorAll('.active-b')).toHaveLength(2);
  });
});
