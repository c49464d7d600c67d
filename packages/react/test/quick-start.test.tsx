import type * as Simulator from '@imstate/simulator';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from './examples/quick-start';
import { modes } from './modes';

// The quick start's simulated service, except that its UserSig endpoint hands carol a UserSig the service refuses.
vi.mock('@imstate/simulator', async (importOriginal) => {
  const simulator = await importOriginal<typeof Simulator>();
  return {
    ...simulator,
    createImServer: (options: Simulator.ImServerOptions) => {
      const server = simulator.createImServer(options);
      const issueUserSig = server.issueUserSig.bind(server);
      server.issueUserSig = (userID, seconds) =>
        userID === 'carol' ? 'not-a-user-sig' : issueUserSig(userID, seconds);
      return server;
    },
  };
});

describe.each(modes)('the quick start (%s)', (_, Mode) => {
  it('after a refused login, says loggedOut, not "as carol": the session keeps carol only for RETRY', async () => {
    render(<App />, { wrapper: Mode });
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('User ID'), { target: { value: 'carol' } });
    fireEvent.click(screen.getByText('Log in'));
    expect((await screen.findByRole('alert')).textContent).toBe('UserSig cannot be decoded');
    expect(screen.getByRole('status').textContent).toBe('loggedOut');
  });
});
