import { createSession } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { waitFor as waitForSnapshot } from 'xstate';
import { userLine } from '../src/session-controls';
import { button, device, expectStatus, modes, renderApp } from './support';

/** Why a disabled button is disabled, as its description says it. */
const reason = (id: 'A' | 'B', name: string) => {
  const control = button(id, name);
  expect(control).toHaveProperty('disabled', true);
  const described = control.getAttribute('aria-describedby');
  return described ? document.getElementById(described)?.textContent : undefined;
};
const userField = (id: 'A' | 'B') => device(id).getByLabelText('User ID') as HTMLInputElement;
const problems = (id: 'A' | 'B') => {
  const field = userField(id);
  const described = field.getAttribute('aria-describedby');
  return described ? document.getElementById(described)?.textContent : undefined;
};

describe.each(modes)('controls follow the state (%s)', (_, Mode) => {
  it('after start: only "Log in" and "Drop network"; each disabled button says why', async () => {
    await renderApp(Mode);
    expect(button('A', 'Log in')).toHaveProperty('disabled', false);
    expect(reason('A', 'Log out')).toBe('nobody is logged in');
    expect(reason('A', 'Log in again')).toBe('only after a kick');
    expect(reason('A', 'Restore network')).toBe('the network is connected');
    expect(button('A', 'Drop network')).toHaveProperty('disabled', false);
    expect(device('A').queryByText('Logged in as')).toBeNull();
  });

  it('online: "Log in" as the same user is disabled, as another user it is not', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    expect(reason('A', 'Log in')).toBe('already logged in as alice');
    expect(button('A', 'Log out')).toHaveProperty('disabled', false);
    expect(reason('A', 'Log in again')).toBe('only after a kick');
    expect(device('A').getByText('Logged in as').nextElementSibling?.textContent).toBe('alice');
    fireEvent.change(userField('A'), { target: { value: 'bob' } });
    expect(button('A', 'Log in')).toHaveProperty('disabled', false);
  });

  it('kicked: "Log in again" is enabled, the status names the reason, nobody is "logged in"', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('A', 'kicked · multipleAccount');
    expect(button('A', 'Log in again')).toHaveProperty('disabled', false);
    expect(device('A').queryByText('Logged in as')).toBeNull();
    expect(device('A').getByText('Was logged in as')).toBeTruthy();
  });
});

describe('"Logged in as"', () => {
  it('is not shown after a refused login, though the context still names the user', async () => {
    const server = createImServer({ sdkAppID: 1400000001, secretKey: 'test-key' });
    const session = createSession({
      sdk: server.createClient({ platform: 'web' }),
      sdkAppID: 1400000001,
    }).start();
    await waitForSnapshot(session, (snapshot) => snapshot.matches('loggedOut'));
    // A UserSig of another user: refused for good (70013).
    session.send({ type: 'LOGIN', userID: 'alice', userSig: server.issueUserSig('bob', 60) });
    const refused = await waitForSnapshot(session, (snapshot) => snapshot.context.error?.code === 70013);
    expect(refused.context.userID).toBe('alice');
    expect(userLine(refused)).toBeUndefined();
    session.stop();
  });
});

describe.each(modes)('validation at the field (%s)', (_, Mode) => {
  it.each([
    ['a'.repeat(33), '33 bytes; at most 32'],
    ['al ice', 'space is not allowed (character 3)'],
    [' alice', 'space is not allowed (character 1)'],
    ['zoë', '"ë" (U+00EB) is not allowed (character 3): ASCII letters only'],
    ['a@b.c', '"@" (U+0040) is not allowed (character 2, and 1 more): only A–Z, a–z, 0–9, _ and -'],
    ['', 'empty: a User ID has 1 to 32 characters'],
  ])('%j: names the rule it breaks', async (value, rule) => {
    await renderApp(Mode);
    fireEvent.change(userField('A'), { target: { value } });
    expect(userField('A').getAttribute('aria-invalid')).toBe('true');
    expect(problems('A')).toBe(rule);
    // Nothing is trimmed: the field keeps what was typed.
    expect(userField('A').value).toBe(value);
  });

  it('a refused LOGIN is sent as typed and refused by the session, which stays logged out', async () => {
    await renderApp(Mode);
    fireEvent.change(userField('A'), { target: { value: 'no spaces' } });
    fireEvent.click(button('A', 'Log in'));
    await waitFor(() => expect(device('A').getByText(/INVALID_USER_ID \(validation\)/)).toBeTruthy());
    await expectStatus('A', 'loggedOut · idle');
    fireEvent.change(userField('A'), { target: { value: 'alice_2' } });
    expect(userField('A').hasAttribute('aria-invalid')).toBe(false);
    expect(userField('A').hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByText(/is not allowed/)).toBeNull();
  });
});
