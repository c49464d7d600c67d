import { createSession, type SessionSnapshot, selectStatus } from '@imstate/core';
import { createSessionPlugin, useSessionSelector } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, type Ref, watch } from 'vue';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

describe('useSessionSelector()', () => {
  it('renders a component that reads only the status again only when the status changes', async () => {
    const fake = createFakeSdk();
    const session = createSession(fake.options);
    const render = vi.fn((status: string) => h('p', status));
    const Status = defineComponent({
      setup() {
        const status = useSessionSelector(selectStatus);
        return () => render(status.value);
      },
    });
    const wrapper = mount(Status, { global: { plugins: [createSessionPlugin({ session })] } });
    session.start();
    await flushPromises();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
    await nextTick();
    await flushPromises();
    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    await nextTick();
    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alicia' });
    await nextTick();

    expect(render.mock.calls.map(([status]) => status)).toEqual([
      'init',
      'loggedOut',
      'connecting',
      'online',
    ]);
    wrapper.unmount();
    session.stop();
  });

  it('updates only when compare says the selected value changed', async () => {
    const fake = createFakeSdk();
    const session = createSession(fake.options).start();
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
    await reach(session, 'online');
    const byNickName = (a?: { nickName?: string }, b?: { nickName?: string }) => a?.nickName === b?.nickName;
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const selfInfo = app.runWithContext(() =>
      scope.run(() => useSessionSelector((s: SessionSnapshot) => s.context.selfInfo, byNickName)),
    )!;

    const changes = vi.fn();
    scope.run(() => watch(selfInfo, changes, { flush: 'sync' }));
    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    const first = selfInfo.value;
    fake.listener.onSelfInfoUpdated({
      userID: 'alice',
      nickName: 'Alice',
      faceUrl: 'https://example.com/a.png',
    });
    expect(selfInfo.value).toBe(first);
    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alicia' });
    expect(selfInfo.value?.nickName).toBe('Alicia');
    expect(changes).toHaveBeenCalledTimes(2);
    scope.stop();
    session.stop();
  });

  it('works in an effectScope (as in a Pinia store) and stops listening when it is disposed', async () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    const listeners = trackListeners(session);
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const status = app.runWithContext(() => scope.run(() => useSessionSelector(selectStatus)))!;
    expect(listeners.open).toBe(1);
    await reach(session, 'loggedOut');
    expect(status.value).toBe('loggedOut');

    scope.stop();
    expect(listeners.open).toBe(0);
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
    await reach(session, 'online');
    expect(status.value).toBe('loggedOut');
    session.stop();
  });

  it('hands out a ref that cannot be written', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { options } = createFakeSdk();
    const app = createApp({ render: () => null }).use(createSessionPlugin(options));
    const scope = effectScope();
    const status = app.runWithContext(() => scope.run(() => useSessionSelector(selectStatus)))!;
    (status as Ref<string>).value = 'online';
    expect(status.value).toBe('init');
    expect(warn).toHaveBeenCalled();
    scope.stop();
  });

  it('outside a provider, throws an error naming createSessionPlugin and provideSession', () => {
    expect(() => useSessionSelector(selectStatus)).toThrow(
      /useSessionSelector\(\).*createSessionPlugin.*provideSession/,
    );
  });
});
