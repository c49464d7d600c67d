import { createSession } from '@imstate/core';
import { type SessionOptions, SessionProvider, type UseSessionResult, useSession } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { modes } from './modes';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

/** A new device on the simulated service, with spies counting what the session asks of its SDK. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return {
    options,
    initSDK: vi.spyOn(sdk, 'initSDK'),
    login: vi.spyOn(sdk, 'login'),
    logout: vi.spyOn(sdk, 'logout'),
  };
}

let latest: UseSessionResult | undefined;

function Device() {
  const session = useSession();
  latest = session;
  const { status, userID, kickReason, error } = session;
  return (
    <section>
      <p role="status">{[status, userID, kickReason, error?.code].filter(Boolean).join(' ')}</p>
      <button type="button" onClick={() => session.login({ userID: 'alice', userSig })}>
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

function renderDevice(Mode: (typeof modes)[number][1], device = newDevice()) {
  render(
    <SessionProvider options={device.options}>
      <Device />
    </SessionProvider>,
    { wrapper: Mode },
  );
  return device;
}

/** Logs in as soon as it mounts, before the provider has even started the session. */
function AutoLogin() {
  const { login } = useSession();
  useEffect(() => login({ userID: 'alice', userSig }), [login]);
  return null;
}

const status = () => screen.getByRole('status').textContent;
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe.each(modes)('useSession (%s)', (_, Mode) => {
  it('shows the status through init, login and logout', async () => {
    const { initSDK, login, logout } = renderDevice(Mode);
    expect(status()).toBe('init');
    expect(await screen.findByText('loggedOut')).toBeTruthy();

    click('Log in');
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(login).toHaveBeenCalledTimes(1);
    expect(login).toHaveBeenCalledWith({ userID: 'alice', userSig });

    click('Log out');
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(logout).toHaveBeenCalledTimes(1);
    expect(initSDK).toHaveBeenCalledTimes(1);
  });

  it('shows the kick reason and logs in again once on relogin()', async () => {
    const { login } = renderDevice(Mode);
    await screen.findByText('loggedOut');
    click('Log in');
    await screen.findByText('online alice');

    const otherDevice = createSession(newDevice().options).start();
    otherDevice.send({ type: 'LOGIN', userID: 'alice', userSig });
    expect(await screen.findByText('kicked alice multipleAccount')).toBeTruthy();
    expect(login).toHaveBeenCalledTimes(1);

    click('Log in again');
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(login).toHaveBeenCalledTimes(2);
    otherDevice.stop();
  });

  it('shows the error of a failed initSDK and initialises again on retry()', async () => {
    const device = newDevice();
    // The simulator's initSDK fails only for an invalid SDKAppID, which the session never sends: script one.
    device.initSDK.mockResolvedValueOnce({ code: 6013, desc: 'not initialised' });
    renderDevice(Mode, device);
    expect(await screen.findByText('init 6013')).toBeTruthy();

    click('Retry');
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(device.initSDK).toHaveBeenCalledTimes(2);
  });

  it('logs in once when a child logs in from a mount effect', async () => {
    const { options, initSDK, login } = newDevice();
    render(
      <SessionProvider options={options}>
        <Device />
        <AutoLogin />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(login).toHaveBeenCalledTimes(1);
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

  it("sends its actions to the provider's new session once the app passes another one", async () => {
    const first = newDevice();
    const second = newDevice();
    const sessions = [createSession(first.options).start(), createSession(second.options).start()] as const;
    const { rerender } = render(
      <SessionProvider session={sessions[0]}>
        <Device />
      </SessionProvider>,
      { wrapper: Mode },
    );
    rerender(
      <SessionProvider session={sessions[1]}>
        <Device />
      </SessionProvider>,
    );
    await vi.waitFor(() => expect(status()).toBe('loggedOut'));
    click('Log in');

    await vi.waitFor(() => expect(status()).toBe('online alice'));
    expect(latest?.session).toBe(sessions[1]);
    expect(second.login).toHaveBeenCalledTimes(1);
    expect(first.login).not.toHaveBeenCalled();
    for (const session of sessions) session.stop();
  });

  it('hands out a view and a profile that cannot be written, and the session keeps its own', async () => {
    renderDevice(Mode);
    await screen.findByText('loggedOut');
    click('Log in');
    await screen.findByText('online alice');
    act(() => void im.updateProfile('alice', { nickName: 'Alice' }));
    await vi.waitFor(() => expect(latest?.selfInfo?.nickName).toBe('Alice'));
    const view = latest!;
    expect(() => Object.assign(view, { userID: 'mallory' })).toThrow(TypeError);
    expect(() => Object.assign(view.selfInfo ?? {}, { nickName: 'Mallory' })).toThrow(TypeError);
    expect(view.session.getSnapshot().context.selfInfo?.nickName).toBe('Alice');
  });

  it('shows the tab role: alone for a session without tabs', async () => {
    renderDevice(Mode);
    await screen.findByText('loggedOut');
    expect(latest?.tab).toBe('alone');
  });

  it('does not show a refused login’s user as logged in, and retry() repeats that login', async () => {
    const device = renderDevice(Mode);
    await screen.findByText('loggedOut');
    device.login.mockResolvedValueOnce({ code: 70009, desc: 'bad signature' });
    click('Log in');
    expect(await screen.findByText('loggedOut 70009')).toBeTruthy();
    expect(latest?.userID).toBeUndefined();

    click('Retry');
    expect(await screen.findByText('online alice')).toBeTruthy();
    expect(device.login).toHaveBeenCalledTimes(2);
  });
});
