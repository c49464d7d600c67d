import { createSession, selectStatus } from '@imstate/core';
import { SessionProvider, useSessionSelector } from '@imstate/react';
import { act, render, screen } from '@testing-library/react';
import { Activity } from 'react';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, modes } from './fake-sdk';

function Status() {
  return <p role="status">{useSessionSelector(selectStatus)}</p>;
}

const flushMicrotasks = () => act(async () => {});

describe.each(modes)('SessionProvider (%s)', (_, Mode) => {
  it('calls initSDK once and shows the status of the session it started', async () => {
    const { sdk, options } = createFakeSdk();
    render(
      <SessionProvider options={options}>
        <Status />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    await flushMicrotasks();
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(sdk.unInitSDK).not.toHaveBeenCalled();
  });

  it('calls unInitSDK once when the provider unmounts', async () => {
    const { sdk, options } = createFakeSdk();
    const { unmount } = render(<SessionProvider options={options} />, { wrapper: Mode });
    await flushMicrotasks();
    unmount();
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
    await flushMicrotasks();
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
  });

  it('stops the session even when unmounted in the same tick as it mounted', async () => {
    const { sdk, options } = createFakeSdk();
    const { unmount } = render(<SessionProvider options={options} />, { wrapper: Mode });
    unmount();
    await flushMicrotasks();
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('keeps its session across re-renders with new options objects', async () => {
    const { sdk, options } = createFakeSdk();
    const { rerender } = render(<SessionProvider options={{ ...options }} />, { wrapper: Mode });
    await flushMicrotasks();
    rerender(<SessionProvider options={{ ...options, logLevel: 'debug' }} />);
    await flushMicrotasks();
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
    expect(sdk.unInitSDK).not.toHaveBeenCalled();
  });

  it('never starts or stops a session the app passes in', async () => {
    const { sdk, options } = createFakeSdk();
    const session = createSession(options);
    const { unmount } = render(
      <SessionProvider session={session}>
        <Status />
      </SessionProvider>,
      { wrapper: Mode },
    );
    await flushMicrotasks();
    expect(screen.getByRole('status').textContent).toBe('init');
    expect(sdk.initSDK).not.toHaveBeenCalled();

    act(() => void session.start());
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    unmount();
    await flushMicrotasks();
    expect(sdk.unInitSDK).not.toHaveBeenCalled();
    expect(session.getSnapshot().status).toBe('active');
    session.stop();
  });

  it('releases the SDK while hidden by <Activity> and starts a fresh session when shown', async () => {
    const { sdk, options } = createFakeSdk();
    const ui = (mode: 'visible' | 'hidden') => (
      <Activity mode={mode}>
        <SessionProvider options={options}>
          <Status />
        </SessionProvider>
      </Activity>
    );
    const { rerender } = render(ui('visible'), { wrapper: Mode });
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    rerender(ui('hidden'));
    await flushMicrotasks();
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
    rerender(ui('visible'));
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(sdk.initSDK).toHaveBeenCalledTimes(2);
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
  });
});
