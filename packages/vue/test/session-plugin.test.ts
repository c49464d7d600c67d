import { createSession, selectStatus } from '@imstate/core';
import { createSessionPlugin } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { StatusLine } from './components';
import { createFakeSdk, reach } from './fake-sdk';

describe('createSessionPlugin(options)', () => {
  it('initialises the SDK once the app mounts, not when the plugin is installed', async () => {
    const { sdk, options } = createFakeSdk();
    const app = createApp(StatusLine).use(createSessionPlugin(options));
    expect(sdk.initSDK).not.toHaveBeenCalled();

    app.mount(document.createElement('div'));
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
    app.unmount();
  });

  it('shows init on the first render, then the status the session reaches', async () => {
    const { options } = createFakeSdk();
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin(options)] } });
    expect(wrapper.text()).toBe('init:');

    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
  });

  it('releases the SDK once when the app unmounts', async () => {
    const { sdk, options } = createFakeSdk();
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin(options)] } });
    await flushPromises();

    wrapper.unmount();
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
    expect(sdk.initSDK).toHaveBeenCalledTimes(1);
  });

  it('gives each app it is installed in a session of its own', async () => {
    const { sdk, options } = createFakeSdk();
    const plugin = createSessionPlugin(options);
    const first = mount(StatusLine, { global: { plugins: [plugin] } });
    const second = mount(StatusLine, { global: { plugins: [plugin] } });
    await flushPromises();
    expect(sdk.initSDK).toHaveBeenCalledTimes(2);

    first.unmount();
    expect(sdk.unInitSDK).toHaveBeenCalledTimes(1);
    expect(second.text()).toBe('loggedOut:');
    second.unmount();
  });
});

describe('createSessionPlugin({ session })', () => {
  it('provides the app its own session without starting it', async () => {
    const { sdk, options } = createFakeSdk();
    const session = createSession(options);
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin({ session })] } });
    await flushPromises();
    expect(sdk.initSDK).not.toHaveBeenCalled();
    expect(wrapper.text()).toBe('init:');

    session.start();
    await reach(session, 'loggedOut');
    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
    session.stop();
  });

  it('leaves the session running when the app unmounts', async () => {
    const { sdk, options } = createFakeSdk();
    const session = createSession(options).start();
    await reach(session, 'loggedOut');
    const wrapper = mount(StatusLine, { global: { plugins: [createSessionPlugin({ session })] } });

    wrapper.unmount();
    expect(sdk.unInitSDK).not.toHaveBeenCalled();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
    await reach(session, 'online');
    expect(selectStatus(session.getSnapshot())).toBe('online');
    session.stop();
  });
});
