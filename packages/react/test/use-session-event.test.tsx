import { createSession, type KickReason, type SessionActor } from '@imstate/core';
import { type SessionOptions, SessionProvider, useSession, useSessionEvent } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { tryToWrite } from '@imstate/test-support/probes';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Activity, useLayoutEffect, useState } from 'react';
import { describe, expect, it, type MockInstance, vi } from 'vitest';
import { modes } from './modes';
import { renderCatching } from './render-catching';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

/** A new device on the simulated service, with a spy on the session's initSDK call. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return { options, initSDK: vi.spyOn(sdk, 'initSDK') };
}

function Events({ seen }: { seen: string[] }) {
  const { login, logout } = useSession();
  useSessionEvent('online', () => seen.push('online'));
  useSessionEvent('kicked', (event) => seen.push(`kicked:${event.reason satisfies KickReason}`));
  useSessionEvent('loggedOut', () => seen.push('loggedOut'));
  return (
    <>
      <button type="button" onClick={() => login({ userID: 'alice', userSig })}>
        Log in
      </button>
      <button type="button" onClick={logout}>
        Log out
      </button>
    </>
  );
}

/** Calls the handler it got with the label it shows; clicking it changes the label. */
function LabelledKickHandler({ received }: { received: string[] }) {
  const [label, setLabel] = useState('first');
  useSessionEvent('kicked', () => received.push(label));
  return (
    <button type="button" onClick={() => setLabel('second')}>
      {label}
    </button>
  );
}

/** Hands the provider's session to the test, with a spy on its `on` method. */
function SpyOnSession({ found }: { found: (session: SessionActor, on: MockInstance) => void }) {
  const { session } = useSession();
  const [on] = useState(() => vi.spyOn(session, 'on'));
  found(session, on);
  return null;
}

/** Writes down the type of each event of the one `type` it is given. */
function ListenTo({ type, seen }: { type: 'online' | 'loggedOut'; seen: string[] }) {
  useSessionEvent(type, (event) => seen.push(event.type));
  return null;
}

/** Logs the session out from its layout effect, i.e. in the very commit it mounts in. */
function LogOutOnMount() {
  const { logout } = useSession();
  useLayoutEffect(() => logout(), [logout]);
  return null;
}

/** Tries to rewrite the error of each `error` event it hears, and writes down whether that threw. */
function RewriteErrors({ seen }: { seen: string[] }) {
  useSessionEvent('error', ({ error }) => seen.push(tryToWrite(error, { message: 'rewritten' })));
  return null;
}

/** Passes `null` where the handler goes, as untyped code might. */
function NullHandler() {
  useSessionEvent('online', null as unknown as () => void);
  return null;
}

describe.each(modes)('useSessionEvent (%s)', (_, Mode) => {
  it('receives online, kicked with its reason, and loggedOut', async () => {
    const device = newDevice();
    const seen: string[] = [];
    render(
      <SessionProvider options={device.options}>
        <Events seen={seen} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    fireEvent.click(screen.getByText('Log in'));
    await vi.waitFor(() => expect(seen).toEqual(['online']));

    const otherDevice = createSession(newDevice().options).start();
    otherDevice.send({ type: 'LOGIN', userID: 'alice', userSig });
    await vi.waitFor(() => expect(seen).toEqual(['online', 'kicked:multipleAccount']));
    fireEvent.click(screen.getByText('Log out'));
    await vi.waitFor(() => expect(seen).toEqual(['online', 'kicked:multipleAccount', 'loggedOut']));
    otherDevice.stop();
  });

  it('calls the latest handler without subscribing again on each render', async () => {
    const device = newDevice();
    let session: SessionActor | undefined;
    let on: MockInstance | undefined;
    const received: string[] = [];
    render(
      <SessionProvider options={device.options}>
        <SpyOnSession found={(s, spy) => ([session, on] = [s, spy])} />
        <LabelledKickHandler received={received} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    const subscriptionsAtMount = on?.mock.calls.length;
    // Subscribed in an insertion effect, which StrictMode does not run twice.
    expect(subscriptionsAtMount).toBe(1);

    fireEvent.click(screen.getByText('first'));
    expect(screen.getByRole('button').textContent).toBe('second');
    expect(on?.mock.calls.length).toBe(subscriptionsAtMount);

    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    act(() => session?.send({ type: 'LOGIN', userID: 'alice', userSig }));
    await vi.waitFor(() => expect(session?.getSnapshot().value).toBe('online'));
    await act(async () => void im.kick('alice'));
    expect(received).toEqual(['second']);
  });

  it('listens to the new event type when the type it is given changes', async () => {
    const device = newDevice();
    const session = createSession(device.options).start();
    const seen: string[] = [];
    const { rerender } = render(
      <SessionProvider session={session}>
        <ListenTo type="loggedOut" seen={seen} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    rerender(
      <SessionProvider session={session}>
        <ListenTo type="online" seen={seen} />
      </SessionProvider>,
    );
    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    act(() => session.send({ type: 'LOGIN', userID: 'alice', userSig }));
    await vi.waitFor(() => expect(seen).toEqual(['online']));
    act(() => session.send({ type: 'LOGOUT' }));
    await act(async () => {});

    expect(seen).toEqual(['online']);
    session.stop();
  });

  it('throws a TypeError at the call when the handler is not a function', () => {
    const { options } = newDevice();
    const { caught } = renderCatching(
      <SessionProvider options={options}>
        <NullHandler />
      </SessionProvider>,
      Mode,
    );
    expect(caught).toStrictEqual([new TypeError("useSessionEvent()'s handler must be a function.")]);
  });

  it('hears an event a sibling sends from a layout effect in the commit both mount in', async () => {
    const device = newDevice();
    const session = createSession(device.options).start();
    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await vi.waitFor(() => expect(session.getSnapshot().value).toBe('online'));
    const seen: string[] = [];
    render(
      <SessionProvider session={session}>
        <LogOutOnMount />
        <ListenTo type="loggedOut" seen={seen} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(seen).toEqual(['loggedOut']);
    session.stop();
  });

  it('hears nothing while hidden by <Activity>, and hears events again once shown', async () => {
    const device = newDevice();
    const session = createSession(device.options).start();
    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    const seen: string[] = [];
    const ui = (mode: 'visible' | 'hidden') => (
      <SessionProvider session={session}>
        <Activity mode={mode}>
          <ListenTo type="online" seen={seen} />
        </Activity>
      </SessionProvider>
    );
    const { rerender } = render(ui('hidden'), { wrapper: Mode });
    act(() => session.send({ type: 'LOGIN', userID: 'alice', userSig }));
    await vi.waitFor(() => expect(session.getSnapshot().value).toBe('online'));
    act(() => session.send({ type: 'LOGOUT' }));
    rerender(ui('visible'));
    rerender(ui('hidden'));
    act(() => session.send({ type: 'LOGIN', userID: 'alice', userSig }));
    await vi.waitFor(() => expect(session.getSnapshot().value).toBe('online'));
    expect(seen).toEqual([]);

    rerender(ui('visible'));
    act(() => session.send({ type: 'LOGOUT' }));
    act(() => session.send({ type: 'LOGIN', userID: 'alice', userSig }));
    await vi.waitFor(() => expect(seen).toEqual(['online']));
    session.stop();
  });

  it('hands the handler event data that cannot be written to the session', async () => {
    const device = newDevice();
    const session = createSession(device.options).start();
    await vi.waitFor(() => expect(device.initSDK).toHaveResolved());
    const seen: string[] = [];
    render(
      <SessionProvider session={session}>
        <RewriteErrors seen={seen} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    act(() => session.send({ type: 'LOGIN', userID: 'bad id', userSig }));
    expect(seen).toEqual(['refused']);
    expect(session.getSnapshot().context.error?.message).not.toBe('rewritten');
    session.stop();
  });
});
