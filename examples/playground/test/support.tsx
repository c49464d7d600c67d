import { render, screen, waitFor, within } from '@testing-library/react';
import { Fragment, StrictMode } from 'react';
import { expect } from 'vitest';
import { App } from '../src/App';

/** Every suite runs twice: inside <StrictMode> (as main.tsx renders the app) and without it. */
export const modes = [
  ['StrictMode', StrictMode],
  ['plain', Fragment],
] as const;

export type Mode = (typeof modes)[number][1];

/** Renders the whole page on a server without latency, and waits until both devices are logged out. */
export async function renderApp(Mode: Mode) {
  const result = render(<App latencyMs={0} userSigDelayMs={0} />, { wrapper: Mode });
  await expectStatus('A', 'loggedOut · idle');
  await expectStatus('B', 'loggedOut · idle');
  return result;
}

export const device = (id: 'A' | 'B') => within(screen.getByRole('region', { name: `Device ${id}` }));

export const button = (id: 'A' | 'B', name: string) => device(id).getByRole('button', { name });

export async function expectStatus(id: 'A' | 'B', text: string) {
  await waitFor(() => expect(device(id).getByRole('status').textContent).toBe(text));
}

/** The event log's lines, as text ("No events yet" is no line). */
export const logLines = () =>
  within(screen.getByRole('log'))
    .queryAllByRole('listitem')
    .filter((item) => !item.classList.contains('empty'))
    .map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim());
