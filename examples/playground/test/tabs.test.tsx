import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { button, device, expectStatus, modes, renderApp } from './support';

const serverSessions = () => screen.queryAllByText(/^alice on web/).length;

describe.each(modes)('Device A, tab 2 (%s)', (_, Mode) => {
  it('has its controls, and "Coordinate tabs" is checked', async () => {
    await renderApp(Mode);
    expect(device('A2').getByLabelText('User ID')).toHaveProperty('value', 'alice');
    for (const name of ['Log in', 'Log out', 'Log in again', 'Close tab'])
      expect(button('A2', name)).toBeTruthy();
    expect(device('A2').getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('checkbox', { name: 'Coordinate tabs' })).toHaveProperty('checked', true);
  });

  it('stands by while tab 1 holds the login; "Log in again" there takes it over; closing it hands it back', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');

    // T3: no second login; the tab names the tab holding the login as the reason.
    fireEvent.click(button('A2', 'Log in'));
    await expectStatus('A2', 'kicked · otherTab');
    await expectStatus('A', 'online');
    expect(serverSessions()).toBe(1);

    // T4: "use here".
    fireEvent.click(button('A2', 'Log in again'));
    await expectStatus('A2', 'online');
    await expectStatus('A', 'kicked · otherTab');
    expect(serverSessions()).toBe(1);

    // T6: the holding tab closes; the tab standing by takes over by itself.
    fireEvent.click(button('A2', 'Close tab'));
    await expectStatus('A2', 'tab closed');
    await expectStatus('A', 'online');
    expect(button('A2', 'Log in')).toHaveProperty('disabled', true);
    const chart = screen.getByRole('img', { name: /^State diagram/ });
    await waitFor(() => expect(chart.querySelector('[data-active~="A2"]')).toBeNull());

    fireEvent.click(button('A2', 'Open tab'));
    await expectStatus('A2', 'loggedOut · idle');
  });

  it('"Log out" in either tab logs both out', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A2', 'Log in'));
    await expectStatus('A2', 'kicked · otherTab');
    fireEvent.click(button('A2', 'Log out'));
    await expectStatus('A', 'loggedOut · idle');
    await expectStatus('A2', 'loggedOut · idle');
    expect(serverSessions()).toBe(0);
  });

  it('unchecked, the tabs are two web instances and the service kicks the older with multipleAccount', async () => {
    await renderApp(Mode);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Coordinate tabs' }));
    await expectStatus('A', 'loggedOut · idle');
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('A2', 'Log in'));
    await expectStatus('A2', 'online');
    await expectStatus('A', 'kicked · multipleAccount');
  });
});
