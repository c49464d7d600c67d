import type { KickReason, SessionActor } from '@imstate/core';
import { SessionProvider, useSession, useSessionEvent } from '@imstate/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, type MockInstance, vi } from 'vitest';
import { createFakeSdk, modes } from './fake-sdk';

function Events({ seen }: { seen: string[] }) {
  const { login, logout } = useSession();
  useSessionEvent('online', () => seen.push('online'));
  useSessionEvent('kicked', (event) => seen.push(`kicked:${event.reason satisfies KickReason}`));
  useSessionEvent('loggedOut', () => seen.push('loggedOut'));
  return (
    <>
      <button type="button" onClick={() => login({ userID: 'alice', userSig: 'sig' })}>
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

describe.each(modes)('useSessionEvent (%s)', (mode, Mode) => {
  it('receives online, kicked with its reason, and loggedOut', async () => {
    const fake = createFakeSdk();
    const seen: string[] = [];
    render(
      <SessionProvider options={fake.options}>
        <Events seen={seen} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    await vi.waitFor(() => expect(fake.sdk.initSDK).toHaveResolved());
    fireEvent.click(screen.getByText('Log in'));
    await vi.waitFor(() => expect(seen).toEqual(['online']));

    act(() => fake.listener().onKickedOffline('multipleDevice'));
    fireEvent.click(screen.getByText('Log out'));
    await vi.waitFor(() => expect(seen).toEqual(['online', 'kicked:multipleDevice', 'loggedOut']));
  });

  it('calls the latest handler without subscribing again on each render', async () => {
    const fake = createFakeSdk();
    let session: SessionActor | undefined;
    let on: MockInstance | undefined;
    const received: string[] = [];
    render(
      <SessionProvider options={fake.options}>
        <SpyOnSession found={(s, spy) => ([session, on] = [s, spy])} />
        <LabelledKickHandler received={received} />
      </SessionProvider>,
      { wrapper: Mode },
    );
    const subscriptionsAtMount = on?.mock.calls.length;
    // StrictMode mounts effects twice: subscribe, unsubscribe, subscribe.
    expect(subscriptionsAtMount).toBe(mode === 'StrictMode' ? 2 : 1);

    fireEvent.click(screen.getByText('first'));
    expect(screen.getByRole('button').textContent).toBe('second');
    expect(on?.mock.calls.length).toBe(subscriptionsAtMount);

    await vi.waitFor(() => expect(fake.sdk.initSDK).toHaveResolved());
    act(() => session?.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' }));
    await vi.waitFor(() => expect(session?.getSnapshot().value).toBe('online'));
    act(() => fake.listener().onKickedOffline('restApi'));
    expect(received).toEqual(['second']);
  });
});
