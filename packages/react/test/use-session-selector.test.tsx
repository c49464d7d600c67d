import { type SessionSnapshot, selectStatus } from '@imstate/core';
import { SessionProvider, useSession, useSessionSelector } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { shallowEqual } from '@xstate/react';
import { describe, expect, it, vi } from 'vitest';
import { modes } from './modes';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

type Calls = { count: number };

function StatusOnly({ calls }: { calls: Calls }) {
  calls.count++;
  return <p role="status">{useSessionSelector(selectStatus)}</p>;
}

function StatusObject({ calls }: { calls: Calls }) {
  calls.count++;
  return <p>{useSessionSelector((s) => ({ status: selectStatus(s) }), shallowEqual).status}</p>;
}

function NewObjectEachTime({ calls }: { calls: Calls }) {
  calls.count++;
  return <p>{useSessionSelector((s) => ({ status: selectStatus(s) })).status}</p>;
}

function Profile() {
  const { userID, selfInfo, login } = useSession();
  return (
    <button type="button" onClick={() => login({ userID: 'alice', userSig })}>
      {`${userID} ${selfInfo?.nickName}`}
    </button>
  );
}

/** Hands the whole context it selects to the test. */
function Context({ seen }: { seen: { context?: SessionSnapshot['context'] } }) {
  seen.context = useSessionSelector((snapshot) => snapshot.context);
  return null;
}

describe.each(modes)('useSessionSelector (%s)', (mode, Mode) => {
  // StrictMode calls every component function twice per render.
  const callsPerRender = mode === 'StrictMode' ? 2 : 1;

  it('renders a status-only component again only when the status changes', async () => {
    const sdk = im.createClient({ platform: 'web' });
    const statusOnly = { count: 0 };
    const statusObject = { count: 0 };
    const newObjectEachTime = { count: 0 };
    render(
      <SessionProvider options={{ sdk, sdkAppID: im.sdkAppID }}>
        <StatusOnly calls={statusOnly} />
        <StatusObject calls={statusObject} />
        <NewObjectEachTime calls={newObjectEachTime} />
        <Profile />
      </SessionProvider>,
      { wrapper: Mode },
    );
    const status = screen.getByRole('status');
    await screen.findByText('loggedOut', { selector: '[role=status]' });
    fireEvent.click(screen.getByRole('button'));
    await screen.findByText('online', { selector: '[role=status]' });
    await act(async () => void im.updateProfile('alice', { nickName: 'Alice' }));
    await act(async () => void im.updateProfile('alice', { nickName: 'Al' }));
    expect(screen.getByRole('button').textContent).toBe('alice Al');
    await act(async () => sdk.network.drop());
    expect(status.textContent).toBe('connecting');
    await act(async () => sdk.network.restore());
    expect(status.textContent).toBe('online');

    // init, loggedOut, connecting, online, connecting, online: the two profile updates render nothing,
    // nor does the failed connection or the reconnect attempt, which keep the status at connecting.
    expect(statusOnly.count).toBe(6 * callsPerRender);
    expect(statusObject.count).toBe(6 * callsPerRender);
    expect(newObjectEachTime.count).toBeGreaterThan(6 * callsPerRender);
  });

  it('hands out data that cannot be written to the session', async () => {
    const sdk = im.createClient({ platform: 'web' });
    const seen: { context?: SessionSnapshot['context'] } = {};
    render(
      <SessionProvider options={{ sdk, sdkAppID: im.sdkAppID }}>
        <Context seen={seen} />
        <Profile />
      </SessionProvider>,
      { wrapper: Mode },
    );
    fireEvent.click(await screen.findByRole('button'));
    await vi.waitFor(() => expect(seen.context?.userID).toBe('alice'));
    const context = seen.context!;
    expect(() => Object.assign(context, { userID: 'mallory' })).toThrow(TypeError);
    expect(() => Object.assign(context.policy.retry, { maxAttempts: 100 })).toThrow(TypeError);
    await vi.waitFor(() => expect(screen.getByRole('button').textContent).toBe('alice undefined'));
  });
});
