import { createSessionPlugin } from '@imstate/vue';
import { flushPromises } from '@vue/test-utils';
import { expect, it, vi } from 'vitest';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { StatusLine } from './components';
import { createFakeSdk } from './fake-sdk';

it('hydrates the server’s markup without a mismatch, then starts the session', async () => {
  const server = createFakeSdk();
  const html = await renderToString(createSSRApp(StatusLine).use(createSessionPlugin(server.options)));
  const container = document.createElement('div');
  container.innerHTML = html;
  const warn = vi.spyOn(console, 'warn');
  const error = vi.spyOn(console, 'error');

  const client = createFakeSdk();
  const app = createSSRApp(StatusLine).use(createSessionPlugin(client.options));
  app.mount(container);
  expect(warn).not.toHaveBeenCalled();
  expect(error).not.toHaveBeenCalled();
  expect(client.sdk.initSDK).toHaveBeenCalledTimes(1);

  await flushPromises();
  expect(container.textContent).toBe('loggedOut:');
  app.unmount();
  expect(client.sdk.unInitSDK).toHaveBeenCalledTimes(1);
});
