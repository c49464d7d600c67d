// @vitest-environment node
import { SessionProvider, useSession } from '@imstate/react';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createFakeSdk, modes } from './fake-sdk';

function Status() {
  return <p role="status">{useSession().status}</p>;
}

describe.each(modes)('server rendering (%s)', (_, Mode) => {
  it('renders the status init and never touches the SDK', () => {
    const { sdk, options } = createFakeSdk();
    const html = renderToString(
      <Mode>
        <SessionProvider options={options}>
          <Status />
        </SessionProvider>
      </Mode>,
    );
    expect(html).toBe('<p role="status">init</p>');
    for (const method of [sdk.initSDK, sdk.unInitSDK, sdk.login, sdk.logout]) {
      expect(method).not.toHaveBeenCalled();
    }
  });
});

it('renders the same markup under StrictMode', () => {
  const { options } = createFakeSdk();
  const app = (
    <SessionProvider options={options}>
      <Status />
    </SessionProvider>
  );
  expect(renderToString(<StrictMode>{app}</StrictMode>)).toBe(renderToString(app));
});
