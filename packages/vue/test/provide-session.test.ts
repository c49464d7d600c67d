import { createSession, type SessionActor, type SessionOptions } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { provideSession, useSession } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { StatusLine } from './components';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

/** A new device on the simulated service, with spies counting what the session asks of its SDK. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return {
    options,
    initSDK: vi.spyOn(sdk, 'initSDK'),
    unInitSDK: vi.spyOn(sdk, 'unInitSDK'),
    login: vi.spyOn(sdk, 'login'),
  };
}

/** A component that provides a session (options or actor) to the StatusLine below it. */
function providerOf(source: Parameters<typeof provideSession>[0], child = StatusLine) {
  return defineComponent({
    setup() {
      provideSession(source);
      return () => h(child);
    },
  });
}

describe('provideSession(options)', () => {
  it('initialises the SDK once mounted and shows init first, then the reached status', async () => {
    const { options, initSDK } = newDevice();
    const wrapper = mount(providerOf(options));
    expect(initSDK).toHaveBeenCalledTimes(1);
    expect(wrapper.text()).toBe('init:');

    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
  });

  it('releases the SDK once when the providing component unmounts', async () => {
    const { options, unInitSDK } = newDevice();
    const shown = ref(true);
    const wrapper = mount(() => (shown.value ? h(providerOf(options)) : h('p', 'gone')));
    await flushPromises();

    shown.value = false;
    await flushPromises();
    expect(wrapper.text()).toBe('gone');
    expect(unInitSDK).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    expect(unInitSDK).toHaveBeenCalledTimes(1);
  });

  it('returns the session, for the providing component itself', async () => {
    const { options } = newDevice();
    let provided: SessionActor | undefined;
    const wrapper = mount(
      defineComponent({
        setup() {
          provided = provideSession(options);
          return () => h(StatusLine);
        },
      }),
    );
    await flushPromises();
    provided?.send({ type: 'LOGIN', userID: 'alice', userSig });
    await flushPromises();
    expect(wrapper.text()).toBe('online:alice');
    wrapper.unmount();
  });

  it('gives descendants the nearest provider’s session', async () => {
    const outer = newDevice();
    const inner = newDevice();
    let outerSession: SessionActor | undefined;
    const wrapper = mount(
      defineComponent({
        setup() {
          outerSession = provideSession(outer.options);
          return () => h('div', [h(StatusLine), h(providerOf(inner.options))]);
        },
      }),
    );
    await flushPromises();
    outerSession?.send({ type: 'LOGIN', userID: 'alice', userSig });
    await flushPromises();

    expect(wrapper.findAll('p').map((p) => p.text())).toEqual(['online:alice', 'loggedOut:']);
    expect(inner.login).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('must be called in setup()', () => {
    const { options } = newDevice();
    expect(() => provideSession(options)).toThrow(/setup\(\)/);
  });
});

describe('provideSession(wrong input)', () => {
  it.each([null, undefined])('refuses %s with a TypeError saying what it takes', (input) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => mount(providerOf(input as unknown as SessionOptions))).toThrow(
      new TypeError('provideSession() takes session options (with an `sdk`) or a session actor.'),
    );
  });
});

describe('provideSession(session)', () => {
  it('provides the app’s session without starting or stopping it', async () => {
    const { options, initSDK, unInitSDK } = newDevice();
    const session = createSession(options);
    const wrapper = mount(providerOf(session));
    await flushPromises();
    expect(initSDK).not.toHaveBeenCalled();

    session.start();
    await reach(session, 'loggedOut');
    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    wrapper.unmount();
    expect(unInitSDK).not.toHaveBeenCalled();
    session.stop();
  });
});

it('useSession() in the providing component sees an ancestor’s session, as inject() does', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { options } = newDevice();
  const Lonely = defineComponent({
    setup() {
      provideSession(options);
      useSession();
      return () => null;
    },
  });
  expect(() => mount(Lonely)).toThrow(/createSessionPlugin/);
});
