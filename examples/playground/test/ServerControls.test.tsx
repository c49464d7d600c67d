import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, device, expectStatus, logLines, modes, renderApp } from './support';

async function logInA(Mode: Parameters<typeof renderApp>[0]) {
  await renderApp(Mode);
  fireEvent.click(button('A', 'Log in'));
  await expectStatus('A', 'online');
}

describe.each(modes)('server controls (%s)', (_, Mode) => {
  it('Expire UserSigs: the device hears sigExpired, fetches a new UserSig by itself and is online again', async () => {
    await logInA(Mode);
    fireEvent.click(screen.getByRole('button', { name: 'Expire UserSigs' }));
    await waitFor(() =>
      expect(logLines()).toContainEqual(expect.stringMatching(/Device A emitted sigExpired$/)),
    );
    await expectStatus('A', 'online');
    expect(logLines()).toContainEqual(expect.stringMatching(/Device A action getUserSig\(alice, expired\)$/));
    expect(logLines()).toContainEqual(
      expect.stringMatching(/Server server clock moved \d+ s ahead: every UserSig has expired server \d\d:/),
    );
  });

  it("Kick via REST API kicks Device A's user and the prompt names the restApi reason", async () => {
    await logInA(Mode);
    const kick = screen.getByRole('button', { name: 'Kick via REST API' });
    kick.focus();
    fireEvent.click(kick);
    await expectStatus('A', 'kicked · restApi');
    expect(device('A').getByRole('alertdialog').textContent).toContain('restApi');
    // The kick needs an answer: its prompt takes the focus.
    await waitFor(() =>
      expect(document.activeElement).toBe(device('A').getByRole('button', { name: 'Yes' })),
    );
  });

  it("a profile update reaches Device A's session", async () => {
    await logInA(Mode);
    fireEvent.change(screen.getByLabelText('Nickname'), { target: { value: 'Al' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update profile' }));
    await waitFor(() => expect(device('A').getByText('Al')).toBeTruthy());
  });

  it('a new latency starts a new server: both devices start over logged out', async () => {
    await logInA(Mode);
    expect(screen.getByText(/alice on web/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Latency'), { target: { value: '500' } });
    await expectStatus('A', 'loggedOut · idle');
    expect(screen.getByText('Nobody.')).toBeTruthy();
    expect(screen.getByLabelText('Latency')).toHaveProperty('value', '500');
  });
});
