import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, device, expectStatus, logLines, modes, renderApp } from './support';

describe.each(modes)('the playground page (%s)', (_, Mode) => {
  it('shows Device A and Device B with the contract labels, buttons and a live status', async () => {
    await renderApp(Mode);
    for (const id of ['A', 'B'] as const) {
      expect(device(id).getByLabelText('User ID')).toHaveProperty('value', 'alice');
      const platform = device(id).getByLabelText('Platform');
      expect(
        within(platform)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['web', 'ios', 'android', 'mac', 'windows', 'ipad']);
      for (const name of ['Log in', 'Log out', 'Log in again', 'Drop network', 'Restore network']) {
        expect(button(id, name)).toBeTruthy();
      }
      expect(device(id).getAllByRole('status')).toHaveLength(1);
    }
    expect(screen.getByRole('button', { name: 'Expire UserSigs' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kick via REST API' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'State diagram' })).toBeTruthy();
  });

  it('second device of the same user and platform kicks the first, which then asks to log in again', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('B', 'online');
    await expectStatus('A', 'kicked · multipleAccount');
    const prompt = device('A').getByRole('alertdialog', { name: 'Log in again?' });
    expect(prompt.textContent).toContain('multipleAccount');
    expect(device('B').queryByRole('alertdialog')).toBeNull();

    fireEvent.click(button('A', 'Log in again'));
    await expectStatus('A', 'online');
    await expectStatus('B', 'kicked · multipleAccount');
    expect(device('A').queryByRole('alertdialog')).toBeNull();
    expect(device('B').getByRole('alertdialog').textContent).toContain('multipleAccount');
  });

  it('"Yes" in the prompt logs in again; "Not now" hides it and leaves focus on "Log in again"', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('A', 'kicked · multipleAccount');
    fireEvent.click(device('A').getByRole('button', { name: 'Not now' }));
    expect(device('A').queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(button('A', 'Log in again'));
    await expectStatus('A', 'kicked · multipleAccount');

    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    await expectStatus('B', 'kicked · multipleAccount');
    fireEvent.click(device('B').getByRole('button', { name: 'Yes' }));
    await expectStatus('B', 'online');
    await expectStatus('A', 'kicked · multipleAccount');
  });

  it('prompts for the newest kick only; the other kicked device keeps its status and its button', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('A', 'kicked · multipleAccount');
    fireEvent.click(button('A', 'Log in again'));
    await expectStatus('B', 'kicked · multipleAccount');
    fireEvent.click(screen.getByRole('button', { name: 'Kick via REST API' }));
    await expectStatus('A', 'kicked · restApi');
    expect(screen.getAllByRole('alertdialog')).toHaveLength(1);
    expect(device('A').getByRole('alertdialog').textContent).toContain('restApi');
    await expectStatus('B', 'kicked · multipleAccount');
    fireEvent.click(button('B', 'Log in again'));
    await expectStatus('B', 'online');
  });

  it('devices on different platforms stay online together', async () => {
    await renderApp(Mode);
    fireEvent.change(device('B').getByLabelText('Platform'), { target: { value: 'ios' } });
    await expectStatus('B', 'loggedOut · idle');
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('B', 'online');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expectStatus('A', 'online');
    expect(screen.getByText(/alice on ios/)).toBeTruthy();
    expect(screen.getByText(/alice on web/)).toBeTruthy();
  });

  it('a new platform starts the device over on a new client, keeping the User ID and the focus', async () => {
    await renderApp(Mode);
    fireEvent.change(device('A').getByLabelText('User ID'), { target: { value: 'carol' } });
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.change(device('A').getByLabelText('Platform'), { target: { value: 'android' } });
    await expectStatus('A', 'loggedOut · idle');
    expect(device('A').getByLabelText('User ID')).toHaveProperty('value', 'carol');
    expect(document.activeElement).toBe(device('A').getByLabelText('Platform'));
    // The old client's server session ended with its session.
    expect(screen.queryByText(/carol on web/)).toBeNull();
    expect(logLines().some((line) => line.includes('platform web → android'))).toBe(true);
  });

  it('drop network → connecting · offline; restore → online, without a new LOGIN', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A', 'Drop network'));
    await expectStatus('A', 'connecting · offline');
    expect(device('A').getByText('dropped')).toBeTruthy();
    const logins = logLines().filter((line) => line.includes('LOGIN')).length;
    fireEvent.click(button('A', 'Restore network'));
    await expectStatus('A', 'online');
    expect(logLines().filter((line) => line.includes('LOGIN'))).toHaveLength(logins);
  });

  it('an invalid User ID stays logged out and shows the validation error', async () => {
    await renderApp(Mode);
    fireEvent.change(device('A').getByLabelText('User ID'), { target: { value: 'no spaces' } });
    fireEvent.submit(device('A').getByLabelText('User ID'));
    await waitFor(() => expect(device('A').getByText(/INVALID_USER_ID \(validation\)/)).toBeTruthy());
    await expectStatus('A', 'loggedOut · idle');
  });

  // XState delivers an emitted event during the transition, before observers see the new snapshot.
  it('logs every state change, emitted event and action with a timestamp and its device', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A', 'Log out'));
    await expectStatus('A', 'loggedOut · idle');
    // The tab lets go of the login (and stands by) once its sdk.logout() has settled.
    await waitFor(() =>
      expect(logLines().filter((line) => line.endsWith('Device A event TAB.ROLE standby'))).toHaveLength(1),
    );
    const lines = logLines();
    for (const line of lines) {
      expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} (Device A|Device A, tab 2|Device B|Server) /);
    }
    const a = lines.filter((line) => line.includes('Device A ')).map((line) => line.slice(13));
    expect(a).toEqual([
      'Device A state init.initializing',
      'Device A state loggedOut.idle',
      'Device A event LOGIN alice',
      // With tabs, a login is claimed first: the tab holds the login before it calls sdk.login.
      'Device A state connecting.claiming',
      'Device A event TAB.ROLE active',
      'Device A event TAB.GRANTED alice',
      'Device A action getUserSig(alice, login)',
      'Device A state connecting.loggingIn',
      'Device A emitted online',
      'Device A state online',
      'Device A event LOGOUT',
      'Device A emitted loggedOut',
      'Device A state loggedOut.loggingOut',
      'Device A state loggedOut.idle',
      'Device A event TAB.ROLE standby',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear log' }));
    expect(logLines()).toEqual([]);
  });
});
