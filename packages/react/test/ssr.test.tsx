// @vitest-environment node
import { SessionProvider, useSession } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { modes } from './modes';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

function Status() {
  return <p role="status">{useSession().status}</p>;
}

describe.each(modes)('server rendering (%s)', (_, Mode) => {
  it('renders the status init and never touches the SDK', () => {
    const sdk = im.createClient({ platform: 'web' });
    const calls = (['initSDK', 'unInitSDK', 'login', 'logout'] as const).map((name) => vi.spyOn(sdk, name));
    const html = renderToString(
      <Mode>
        <SessionProvider options={{ sdk, sdkAppID: im.sdkAppID }}>
          <Status />
        </SessionProvider>
      </Mode>,
    );
    expect(html).toBe('<p role="status">init</p>');
    for (const call of calls) expect(call).not.toHaveBeenCalled();
  });
});

it('renders the same markup under StrictMode', () => {
  const app = (
    <SessionProvider options={{ sdk: im.createClient({ platform: 'web' }), sdkAppID: im.sdkAppID }}>
      <Status />
    </SessionProvider>
  );
  expect(renderToString(<StrictMode>{app}</StrictMode>)).toBe(renderToString(app));
});
