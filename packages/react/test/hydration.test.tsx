import { type SessionOptions, SessionProvider, useSession } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { act, render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { modes } from './modes';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A new device on the simulated service, with a spy counting the session's initSDK calls. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return { options, initSDK: vi.spyOn(sdk, 'initSDK') };
}

function Status() {
  const { status } = useSession();
  return <p role="status">{status}</p>;
}

describe.each(modes)('hydration (%s)', (_, Mode) => {
  it('hydrates the server markup without a mismatch, then starts the session', async () => {
    const server = newDevice();
    const app = (options: SessionOptions) => (
      <Mode>
        <SessionProvider options={options}>
          <Status />
        </SessionProvider>
      </Mode>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(app(server.options));
    document.body.append(container);
    expect(server.initSDK).not.toHaveBeenCalled();

    const consoleError = vi.spyOn(console, 'error');
    const recoverable = vi.fn();
    const client = newDevice();
    render(app(client.options), { container, hydrate: true, onRecoverableError: recoverable });
    await act(async () => {});
    expect(recoverable).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();

    expect(await screen.findByText('loggedOut')).toBeTruthy();
    expect(client.initSDK).toHaveBeenCalledTimes(1);
  });
});
