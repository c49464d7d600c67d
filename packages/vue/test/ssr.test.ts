// @vitest-environment node
import { createSession, type SessionOptions } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners } from '@imstate/test-support/probes';
import { createSessionPlugin, provideSession, useSessionEvent } from '@imstate/vue';
import { describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { StatusLine } from './components';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A new device on the simulated service, with a spy on each SDK call a session can make. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  const calls = (['initSDK', 'unInitSDK', 'login', 'logout'] as const).map((name) => vi.spyOn(sdk, name));
  return { options, calls };
}

describe('server rendering', () => {
  it('renders init through the plugin and never touches the SDK', async () => {
    const { options, calls } = newDevice();
    const app = createSSRApp(StatusLine).use(createSessionPlugin(options));

    expect(await renderToString(app)).toBe('<p role="status">init:</p>');
    for (const call of calls) expect(call).not.toHaveBeenCalled();
  });

  it('renders init through provideSession and never touches the SDK', async () => {
    const { options, calls } = newDevice();
    const Root = defineComponent({
      setup() {
        provideSession(options);
        return () => h(StatusLine);
      },
    });

    expect(await renderToString(createSSRApp(Root))).toBe('<p role="status">init:</p>');
    for (const call of calls) expect(call).not.toHaveBeenCalled();
  });

  it('leaves no listener on a session the server shares between requests', async () => {
    const { options } = newDevice();
    const session = createSession(options).start();
    await reach(session, 'loggedOut');
    const listeners = trackListeners(session);
    const Page = defineComponent({
      setup() {
        useSessionEvent('online', () => {});
        return () => h(StatusLine);
      },
    });

    for (let request = 0; request < 3; request++) {
      const html = await renderToString(createSSRApp(Page).use(createSessionPlugin({ session })));
      expect(html).toBe('<p role="status">loggedOut:</p>');
    }
    expect(listeners.opened).toBe(0);
    session.stop();
  });
});
