import { SessionProvider, useSession } from '@imstate/react';
import { act, render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createFakeSdk, modes } from './fake-sdk';

function Status() {
  const { status } = useSession();
  return <p role="status">{status}</p>;
}

describe.each(modes)('hydration (%s)', (_, Mode) => {
  it('hydrates the server markup without a mismatch, then starts the session', async () => {
    const server = createFakeSdk();
    const app = (options: typeof server.options) => (
      <Mode>
        <SessionProvider options={options}>
          <Status />
        </SessionProvider>
      </Mode>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(app(server.options));
    document.body.append(container);
    expect(server.sdk.initSDK).not.toHaveBeenCalled();

    const consoleError = vi.spyOn(console, 'error');
    const recoverable = vi.fn();
    const client = createFakeSdk();
    render(app(client.options), { container, hydrate: true, onRecoverableError: recoverable });
    await act(async () => {});
    expect(recoverable).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();

    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(client.sdk.initSDK).toHaveBeenCalledTimes(1);
  });
});
