import { SessionProvider, type UseSessionResult, useSession } from '@imstate/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, modes } from './fake-sdk';

let latest: UseSessionResult | undefined;

function Device() {
  const session = useSession();
  latest = session;
  const { status, userID, kickReason, error } = session;
  return (
    <section>
      <p role="status">{[status, userID, kickReason, error?.code].filter(Boolean).join(' ')}</p>
      <button type="button" onClick={() => session.login({ userID: 'alice', userSig: 'sig-alice' })}>
        Log in
      </button>
      <button type="button" onClick={session.logout}>
        Log out
      </button>
      <button type="button" onClick={session.relogin}>
        Log in again
      </button>
      <button type="button" onClick={session.retry}>
        Retry
      </button>
    </section>
  );
}

function renderDevice(Mode: (typeof modes)[number][1], fake = createFakeSdk()) {
  render(
    <SessionProvider options={fake.options}>
      <Device />
    </SessionProvider>,
    { wrapper: Mode },
  );
  return fake;
}

/** Logs in as soon as it mounts, before the provider has even started the session. */
function AutoLogin() {
  const { login } = useSession();
  useEffect(() => login({ userID: 'alice', userSig: 'sig-alice' }), [login]);
  return null;
}

const status = () => screen.getByRole('status').textContent;
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe.each(modes)('useSession (%s)', (_, Mode) => {
  it('shows the status through init, login and logout', async () => {
    const { sdk } = renderDevice(Mode);
    expect(status()).toBe('init');
    expect(await screen.findByText('loggedOut')).toBeTruthy();

    click('Log in');
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(sdk.login).toHaveBeenCalledTimes(1);
    expect(sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice' });

    click('Log out');
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(sdk.logout).toHaveBeenCalledTimes(1);
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
  });

  it('shows the kick reason and logs in again once on relogin()', async () => {
    const fake = renderDevice(Mode);
    await screen.findByText('loggedOut');
    click('Log in');
    await screen.findByText('online alice');

    act(() => fake.listener().onKickedOffline('multipleDevice'));
    expect(status()).toBe('kicked alice multipleDevice');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);

    click('Log in again');
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(fake.sdk.login).toHaveBeenCalledTimes(2);
  });

  it('shows the error of a failed initSDK and initialises again on retry()', async () => {
    const fake = createFakeSdk();
    fake.sdk.initSDK.mockResolvedValueOnce({ code: 6013, desc: 'not initialised' });
    renderDevice(Mode, fake);
    expect(await screen.findByText('init 6013')).toBeTruthy();

    click('Retry');
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
  });

  it('logs in once when a child logs in from a mount effect', async () => {
    const { sdk, options } = createFakeSdk();
    render(
      <SessionProvider options={options}>
        <Device />
        <AutoLogin />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(sdk.login).toHaveBeenCalledTimes(1);
  });

  it('keeps the identity of its actions across renders', async () => {
    renderDevice(Mode);
    const first = latest!;
    await screen.findByText('loggedOut');
    expect(latest).not.toBe(first);
    expect(latest?.login).toBe(first.login);
    expect(latest?.logout).toBe(first.logout);
    expect(latest?.relogin).toBe(first.relogin);
    expect(latest?.retry).toBe(first.retry);
    expect(latest?.session).toBe(first.session);
  });
});
