import { createImServer } from '@imstate/simulator';
import { createSessionPlugin } from '@imstate/vue';
import { flushPromises } from '@vue/test-utils';
import { expect, it, vi } from 'vitest';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { StatusLine } from './components';

it('hydrates the server’s markup without a mismatch, then starts the session', async () => {
  const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
  const onServer = im.createClient({ platform: 'web' });
  const html = await renderToString(
    createSSRApp(StatusLine).use(createSessionPlugin({ sdk: onServer, sdkAppID: im.sdkAppID })),
  );
  const container = document.createElement('div');
  container.innerHTML = html;
  const warn = vi.spyOn(console, 'warn');
  const error = vi.spyOn(console, 'error');

  const inBrowser = im.createClient({ platform: 'web' });
  const initSDK = vi.spyOn(inBrowser, 'initSDK');
  const unInitSDK = vi.spyOn(inBrowser, 'unInitSDK');
  const app = createSSRApp(StatusLine).use(createSessionPlugin({ sdk: inBrowser, sdkAppID: im.sdkAppID }));
  app.mount(container);
  expect(warn).not.toHaveBeenCalled();
  expect(error).not.toHaveBeenCalled();
  expect(initSDK).toHaveBeenCalledTimes(1);

  await flushPromises();
  expect(container.textContent).toBe('loggedOut:');
  app.unmount();
  expect(unInitSDK).toHaveBeenCalledTimes(1);
});
