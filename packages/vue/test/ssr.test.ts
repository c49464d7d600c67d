// @vitest-environment node
import { createSession } from '@imstate/core';
import { createSessionPlugin, provideSession, useSessionEvent } from '@imstate/vue';
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { StatusLine } from './components';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

describe('server rendering', () => {
  it('renders init through the plugin and never touches the SDK', async () => {
    const { sdk, options } = createFakeSdk();
    const app = createSSRApp(StatusLine).use(createSessionPlugin(options));

    expect(await renderToString(app)).toBe('<p role="status">init:</p>');
    expect(sdk.initSDK).not.toHaveBeenCalled();
    expect(sdk.login).not.toHaveBeenCalled();
  });

  it('renders init through provideSession and never touches the SDK', async () => {
    const { sdk, options } = createFakeSdk();
    const Root = defineComponent({
      setup() {
        provideSession(options);
        return () => h(StatusLine);
      },
    });

    expect(await renderToString(createSSRApp(Root))).toBe('<p role="status">init:</p>');
    expect(sdk.initSDK).not.toHaveBeenCalled();
  });

  it('leaves no listener on a session the server shares between requests', async () => {
    const { options } = createFakeSdk();
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
