import { createMemoryChannels, createMemoryLocks } from '@imstate/tabs/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import { Fragment, StrictMode } from 'react';
import { expect } from 'vitest';
import { App, type AppProps } from '../src/App';
import { PANEL_NAMES, type PanelId } from '../src/logbook';

/** Every suite runs twice: inside <StrictMode> (as main.tsx renders the app) and without it. */
export const modes = [
  ['StrictMode', StrictMode],
  ['plain', Fragment],
] as const;

export type Mode = (typeof modes)[number][1];

/** Renders the whole page on a server without latency, and waits until every panel is logged out. */
export async function renderApp(Mode: Mode, props: Partial<AppProps> = {}) {
  // happy-dom has no Web Locks: the standards' in-memory stand-ins, one page's view, as the page's tabs share it.
  const tabs = { locks: createMemoryLocks().tab(), channel: createMemoryChannels().open };
  const result = render(<App latencyMs={0} userSigDelayMs={0} tabs={tabs} {...props} />, { wrapper: Mode });
  await expectStatus('A', 'loggedOut · idle');
  await expectStatus('A2', 'loggedOut · idle');
  await expectStatus('B', 'loggedOut · idle');
  return result;
}

/** A panel of the page: Device A, Device B, or Device A's second tab. */
export type Panel = PanelId;

export const device = (id: Panel) => within(screen.getByRole('region', { name: PANEL_NAMES[id] }));

export const button = (id: Panel, name: string) => device(id).getByRole('button', { name });

export async function expectStatus(id: Panel, text: string) {
  await waitFor(() => expect(device(id).getByRole('status').textContent).toBe(text));
}

/** The event log's lines, as text ("No events yet" is no line). */
export const logLines = () =>
  within(screen.getByRole('log'))
    .queryAllByRole('listitem')
    .filter((item) => !item.classList.contains('empty'))
    .map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim());
