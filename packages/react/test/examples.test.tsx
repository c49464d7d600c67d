import {
  createSession,
  type SessionOptions,
  SessionProvider,
  selectStatus,
  useSession,
  useSessionSelector,
} from '@imstate/react';
import { createImServer, type ImServer } from '@imstate/simulator';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionBanner } from './examples/connection-banner';
import { Conversations, OnlineOnly, SendButton } from './examples/gate-until-online';
import { KickedDialog } from './examples/kicked-dialog';
import { App } from './examples/quick-start';
import { createSessionOptions } from './examples/user-sig-endpoint';
import { modes } from './modes';

function newServer(): ImServer {
  return createImServer({ sdkAppID: 1400000001, secretKey: 'test-only' });
}

function simulatedOptions(server: ImServer, platform: 'web' | 'ios' = 'web') {
  const sdk = server.createClient({ platform });
  const options: SessionOptions = {
    sdk,
    sdkAppID: server.sdkAppID,
    getUserSig: async (userID) => server.issueUserSig(userID, 3600),
  };
  return { sdk, options };
}

function Status() {
  return <p role="status">{useSessionSelector(selectStatus)}</p>;
}

function LogInAs({ userID }: { userID: string }) {
  const { login } = useSession();
  return (
    <button type="button" onClick={() => login({ userID })}>
      Log in as {userID}
    </button>
  );
}

function Device(props: { label: string; options: SessionOptions; children?: ReactNode }) {
  return (
    <section aria-label={props.label}>
      <SessionProvider options={props.options}>
        <Status />
        <LogInAs userID="alice" />
        {props.children}
      </SessionProvider>
    </section>
  );
}

const device = (label: string) => within(screen.getByRole('region', { name: label }));

async function logIn(label: string) {
  await device(label).findByText('loggedOut');
  fireEvent.click(device(label).getByText('Log in as alice'));
  await device(label).findByText('online');
}

describe.each(modes)('docs examples (%s)', (_, Mode) => {
  it('quick start: logs in with the typed user ID and logs out', async () => {
    render(<App />, { wrapper: Mode });
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('User ID'), { target: { value: 'alice' } });
    fireEvent.click(screen.getByText('Log in'));
    expect(await screen.findByText('online as alice')).toBeTruthy();
    fireEvent.click(screen.getByText('Log out'));
    expect(await screen.findByText('loggedOut')).toBeTruthy();
  });

  it('kicked dialog: asks, then logs in again here and kicks the other device', async () => {
    const server = newServer();
    // Two phones: the service kicks the first with multipleDevice (two web pages get multipleAccount).
    const a = simulatedOptions(server, 'ios');
    const b = simulatedOptions(server, 'ios');
    render(
      <>
        <Device label="Device A" options={a.options}>
          <KickedDialog />
        </Device>
        <Device label="Device B" options={b.options}>
          <KickedDialog />
        </Device>
      </>,
      { wrapper: Mode },
    );
    await logIn('Device A');
    expect(device('Device A').queryByRole('alertdialog')).toBeNull();
    await logIn('Device B');
    const dialog = await device('Device A').findByRole('alertdialog');
    expect(dialog.textContent).toContain('You logged in on another device.');

    fireEvent.click(within(dialog).getByText('Log in again'));
    expect(await device('Device A').findByText('online')).toBeTruthy();
    expect(device('Device A').queryByRole('alertdialog')).toBeNull();
    expect(await device('Device B').findByRole('alertdialog')).toBeTruthy();
    expect(server.sessions().map((s) => s.userID)).toEqual(['alice']);
  });

  it('kicked dialog: another tab holds the login; "Use here" takes it over', async () => {
    const server = newServer();
    const { sdk, options } = simulatedOptions(server);
    const login = vi.spyOn(sdk, 'login');
    const session = createSession(options).start();
    render(
      <section aria-label="Tab 2">
        <SessionProvider session={session}>
          <Status />
          <LogInAs userID="alice" />
          <KickedDialog />
        </SessionProvider>
      </section>,
      { wrapper: Mode },
    );
    await logIn('Tab 2');
    // Stands in for @imstate/tabs, whose coordinator kicks a tab this way when another one holds the login.
    act(() => session.send({ type: 'SDK.KICKED', reason: 'otherTab' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Chat is open in another tab');
    expect(dialog.textContent).toContain('alice is using chat there');

    fireEvent.click(within(dialog).getByText('Use here'));
    expect(await device('Tab 2').findByText('online')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(login).toHaveBeenCalledTimes(2);
    session.stop();
  });

  it('connection banner: shows while offline and goes away on reconnect', async () => {
    const server = newServer();
    const a = simulatedOptions(server);
    render(
      <Device label="Device A" options={a.options}>
        <ConnectionBanner />
      </Device>,
      { wrapper: Mode },
    );
    await logIn('Device A');
    expect(screen.queryByText(/offline/)).toBeNull();
    act(() => a.sdk.network.drop());
    expect(await screen.findByText(/You are offline/)).toBeTruthy();
    act(() => a.sdk.network.restore());
    expect(await device('Device A').findByText('online')).toBeTruthy();
    expect(screen.queryByText(/offline|Reconnecting/)).toBeNull();
  });

  it('UserSig endpoint: logs in and refreshes an expired UserSig through fetch', async () => {
    const server = newServer();
    const sdk = server.createClient({ platform: 'web' });
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      const { userID } = JSON.parse(String(init.body)) as { userID: string };
      return Response.json({ userSig: server.issueUserSig(userID, 60) });
    });
    vi.stubGlobal('fetch', fetch);
    render(<Device label="Device A" options={createSessionOptions(sdk)} />, { wrapper: Mode });
    await logIn('Device A');

    act(() => server.advanceTime(61_000));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(await device('Device A').findByText('online')).toBeTruthy();
    const bodies = fetch.mock.calls.map(([url, init]) => [url, JSON.parse(String(init.body))]);
    expect(bodies).toEqual([
      ['/api/im/user-sig', { userID: 'alice', reason: 'login' }],
      ['/api/im/user-sig', { userID: 'alice', reason: 'expired' }],
    ]);
    expect(fetch.mock.calls[0]?.[1].signal).toBeInstanceOf(AbortSignal);
  });

  it('gating: renders, loads and sends only once online, keeping the list through a reconnect', async () => {
    const server = newServer();
    const a = simulatedOptions(server);
    const load = vi.fn(async () => ['general', 'random']);
    const send = vi.fn();
    render(
      <Device label="Device A" options={a.options}>
        <OnlineOnly fallback={<p>Connecting to chat…</p>}>
          <p>Chat is ready</p>
        </OnlineOnly>
        <Conversations load={load} />
        <SendButton send={send} />
      </Device>,
      { wrapper: Mode },
    );
    expect(screen.getByText('Connecting to chat…')).toBeTruthy();
    fireEvent.click(screen.getByText('Send'));
    await device('Device A').findByText('loggedOut');
    expect(load).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('Log in as alice'));
    expect(await screen.findByText('Chat is ready')).toBeTruthy();
    expect(await screen.findByText('random')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);

    act(() => a.sdk.network.drop());
    expect(await screen.findByText('Connecting to chat…')).toBeTruthy();
    expect(screen.getByText('random')).toBeTruthy();
    act(() => a.sdk.network.restore());
    await screen.findByText('Chat is ready');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe.each(modes)('app-owned session example (%s)', (_, Mode) => {
  it('logs in from outside React and shows it; unmounting leaves the session running', async () => {
    const { Root, logInFromLoader, session } = await import('./examples/app-owned-session');
    const { unmount } = render(
      <Root>
        <Status />
      </Root>,
      { wrapper: Mode },
    );
    await screen.findByText('loggedOut');
    await act(() => logInFromLoader('alice'));
    expect(screen.getByRole('status').textContent).toBe('online');
    unmount();
    expect(session.getSnapshot().status).toBe('active');
    session.send({ type: 'LOGOUT' });
    await vi.waitFor(() => expect(selectStatus(session.getSnapshot())).toBe('loggedOut'));
  });
});
