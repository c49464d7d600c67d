import { createSession, type SessionActor, selectStatus } from '@imstate/core';
import { isSessionStopped } from '@imstate/core/bindings';
import { type SessionOptions, SessionProvider, useSession, useSessionSelector } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { act, render, screen } from '@testing-library/react';
import { Activity, useLayoutEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { modes } from './modes';
import { renderCatching } from './render-catching';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A new device on the simulated service, with spies counting what the session asks of its SDK. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return { options, initSDK: vi.spyOn(sdk, 'initSDK'), unInitSDK: vi.spyOn(sdk, 'unInitSDK') };
}

function Status() {
  return <p role="status">{useSessionSelector(selectStatus)}</p>;
}

const flushMicrotasks = () => act(async () => {});

/** Stops the first session it is given from a layout effect: before the provider's own effect starts it. */
function StopBeforeStart({ stopped }: { stopped: SessionActor[] }) {
  const { session } = useSession();
  useLayoutEffect(() => {
    if (stopped.length && stopped[0] !== session) return;
    stopped[0] = session;
    session.stop();
  }, [session, stopped]);
  return null;
}

describe.each(modes)('SessionProvider (%s)', (_, Mode) => {
  it('calls initSDK once and shows the status of the session it started', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    render(
      <SessionProvider options={options}>
        <Status />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    await flushMicrotasks();
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(unInitSDK).not.toHaveBeenCalled();
  });

  it('calls unInitSDK once when the provider unmounts', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const { unmount } = render(<SessionProvider options={options} />, { wrapper: Mode });
    await flushMicrotasks();
    unmount();
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    await flushMicrotasks();
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    expect(initSDK).toHaveBeenCalledTimes(1);
  });

  it('stops the session even when unmounted in the same tick as it mounted', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const { unmount } = render(<SessionProvider options={options} />, { wrapper: Mode });
    unmount();
    await flushMicrotasks();
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('keeps its session across re-renders with new options objects', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const { rerender } = render(<SessionProvider options={{ ...options }} />, { wrapper: Mode });
    await flushMicrotasks();
    rerender(<SessionProvider options={{ ...options, logLevel: 'debug' }} />);
    await flushMicrotasks();
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(unInitSDK).not.toHaveBeenCalled();
  });

  it('never starts or stops a session the app passes in', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const session = createSession(options);
    const { unmount } = render(
      <SessionProvider session={session}>
        <Status />
      </SessionProvider>,
      { wrapper: Mode },
    );
    await flushMicrotasks();
    expect(screen.getByRole('status').textContent).toBe('init');
    expect(initSDK).not.toHaveBeenCalled();

    act(() => void session.start());
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    unmount();
    await flushMicrotasks();
    expect(unInitSDK).not.toHaveBeenCalled();
    expect(session.getSnapshot().status).toBe('active');
    session.stop();
  });

  it('releases the SDK while hidden by <Activity> and starts a fresh session when shown', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
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
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    rerender(ui('visible'));
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(initSDK).toHaveBeenCalledTimes(2);
    expect(unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('never starts a session stopped before it started, and shows a fresh one instead', async () => {
    const { options, initSDK } = newDevice();
    const stopped: SessionActor[] = [];
    render(
      <SessionProvider options={options}>
        <StopBeforeStart stopped={stopped} />
        <Status />
      </SessionProvider>,
      { wrapper: Mode },
    );
    expect(await screen.findByText('loggedOut')).toBeTruthy();
    const [first] = stopped;
    expect(first && isSessionStopped(first)).toBe(true);
    expect(first && selectStatus(first.getSnapshot())).toBe('init');
    expect(initSDK).toHaveBeenCalledTimes(1);
  });
});

describe.each(modes)('SessionProvider given wrong props (%s)', (_, Mode) => {
  it('refuses both `options` and `session` with a TypeError, and starts no session', async () => {
    const { options, initSDK } = newDevice();
    const session = createSession(newDevice().options);
    const both = { options, session } as unknown as { session: SessionActor };
    const { caught } = renderCatching(<SessionProvider {...both} />, Mode);
    await flushMicrotasks();
    expect(caught).toStrictEqual([
      new TypeError('<SessionProvider> takes an `options` or a `session` prop, not both.'),
    ]);
    expect(initSDK).not.toHaveBeenCalled();
  });

  it('asks for `options` or `session` with a TypeError when given neither', () => {
    const neither = {} as { session: SessionActor };
    const { caught } = renderCatching(<SessionProvider {...neither} />, Mode);
    expect(caught).toStrictEqual([
      new TypeError('<SessionProvider> needs either an `options` or a `session` prop.'),
    ]);
  });

  it('refuses a `session` that is not a session actor with a TypeError', () => {
    const notASession = {} as SessionActor;
    const { caught } = renderCatching(
      <SessionProvider session={notASession}>
        <Status />
      </SessionProvider>,
      Mode,
    );
    expect(caught).toStrictEqual([
      new TypeError(
        '<SessionProvider> needs a session actor, as createSession() returns, in its `session` prop.',
      ),
    ]);
  });

  const cannotSwitch =
    '<SessionProvider> cannot switch between `options` and `session` once mounted: give it a new `key` instead.';

  it("says it cannot switch from the app's session to `options`", () => {
    const { options } = newDevice();
    const session = createSession(options);
    const { caught, rerender } = renderCatching(<SessionProvider session={session} />, Mode);
    rerender(<SessionProvider options={options} />);
    expect(caught).toStrictEqual([new Error(cannotSwitch)]);
  });

  it("says it cannot switch from `options` to the app's session, and releases its own SDK", async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const { caught, rerender } = renderCatching(<SessionProvider options={options} />, Mode);
    await flushMicrotasks();
    rerender(<SessionProvider session={createSession(newDevice().options)} />);
    await flushMicrotasks();
    expect(caught).toStrictEqual([new Error(cannotSwitch)]);
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('switches from one app session to another', () => {
    const first = createSession(newDevice().options);
    const second = createSession(newDevice().options).start();
    const { caught, rerender } = renderCatching(
      <SessionProvider session={first}>
        <Status />
      </SessionProvider>,
      Mode,
    );
    rerender(
      <SessionProvider session={second}>
        <Status />
      </SessionProvider>,
    );
    expect(caught).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe(selectStatus(second.getSnapshot()));
    second.stop();
  });
});
