import { createSession, type SessionActor, type SessionOptions, selectStatus } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { createSessionPlugin, type SessionPluginOptions } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { StatusLine } from './components';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A new device on the simulated service, with spies counting what the session asks of its SDK. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return { options, initSDK: vi.spyOn(sdk, 'initSDK'), unInitSDK: vi.spyOn(sdk, 'unInitSDK') };
}

describe('createSessionPlugin(options)', () => {
  it('initialises the SDK once the app mounts, not when the plugin is installed', async () => {
    const { options, initSDK } = newDevice();
    const app = createApp(StatusLine).use(createSessionPlugin(options));
    expect(initSDK).not.toHaveBeenCalled();

    app.mount(document.createElement('div'));
    expect(initSDK).toHaveBeenCalledTimes(1);
    app.unmount();
  });

  it('shows init on the first render, then the status the session reaches', async () => {
    const { options } = newDevice();
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin(options)] } });
    expect(wrapper.text()).toBe('init:');

    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
  });

  it('releases the SDK once when the app unmounts', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin(options)] } });
    await flushPromises();

    wrapper.unmount();
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    expect(initSDK).toHaveBeenCalledTimes(1);
  });

  it('gives each app it is installed in a session of its own', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const plugin = createSessionPlugin(options);
    const first = mount(StatusLine, { global: { plugins: [plugin] } });
    const second = mount(StatusLine, { global: { plugins: [plugin] } });
    await flushPromises();
    expect(initSDK).toHaveBeenCalledTimes(2);

    first.unmount();
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    expect(second.text()).toBe('loggedOut:');
    second.unmount();
  });
});

describe('createSessionPlugin({ session })', () => {
  it('provides the app its own session without starting it', async () => {
    const { options, initSDK } = newDevice();
    const session = createSession(options);
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin({ session })] } });
    await flushPromises();
    expect(initSDK).not.toHaveBeenCalled();
    expect(wrapper.text()).toBe('init:');

    session.start();
    await reach(session, 'loggedOut');
    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
    session.stop();
  });

  it('leaves the session running when the app unmounts', async () => {
    const { options, unInitSDK } = newDevice();
    const session = createSession(options).start();
    await reach(session, 'loggedOut');
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin({ session })] } });

    wrapper.unmount();
    expect(unInitSDK).not.toHaveBeenCalled();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await reach(session, 'online');
    expect(selectStatus(session.getSnapshot())).toBe('online');
    session.stop();
  });
});

describe('createSessionPlugin(wrong input)', () => {
  const notOptions = {
    undefined: undefined,
    null: null,
    '{ session: {} }': { session: {} as SessionActor },
  };
  it.each(Object.entries(notOptions))('refuses %s with a TypeError when called', (_, input) => {
    expect(() => createSessionPlugin(input as SessionPluginOptions)).toThrow(
      new TypeError(
        'createSessionPlugin() takes session options (with an `sdk`) or `{ session }` holding a session actor.',
      ),
    );
  });
});
