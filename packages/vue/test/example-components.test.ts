import { createSession, type SessionActor } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { createSessionPlugin } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import App from './example/App.vue';
import KickedDialog from './example/KickedDialog.vue';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });

/** A started session of a new device, logging in through the simulator's UserSigs. */
function newSession() {
  const sdk = im.createClient({ platform: 'web' });
  const session = createSession({
    sdk,
    sdkAppID: im.sdkAppID,
    getUserSig: async (userID) => im.issueUserSig(userID, 3600),
  }).start();
  return { sdk, session, login: vi.spyOn(sdk, 'login') };
}

const mountWith = (component: typeof App, session: SessionActor) =>
  mount(component, { global: { plugins: [createSessionPlugin({ session })] } });

async function logIn(session: SessionActor, userID = 'alice') {
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID });
  await reach(session, 'online');
  await flushPromises();
}

describe('docs example: App.vue', () => {
  it('logs in with the typed user ID and greets the user, then logs out', async () => {
    const { session } = newSession();
    const wrapper = mountWith(App, session);
    await reach(session, 'loggedOut');
    await flushPromises();
    await wrapper.find('input').setValue('alice');
    await wrapper.find('form').trigger('submit');
    await reach(session, 'online');
    await flushPromises();
    expect(wrapper.text()).toContain('Hello, alice!');

    await wrapper.find('button').trigger('click');
    await flushPromises();
    expect(wrapper.find('form').exists()).toBe(true);
    wrapper.unmount();
    session.stop();
  });

  it('after a refused login shows the error, and no user as logged in', async () => {
    const { session, login } = newSession();
    login.mockResolvedValueOnce({ code: 70009, desc: 'bad signature' });
    const wrapper = mountWith(App, session);
    await reach(session, 'loggedOut');
    await wrapper.find('input').setValue('carol');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role=alert]').text()).toBe('Could not log in: bad signature (70009)');
    expect(wrapper.text()).not.toContain('Hello');
    wrapper.unmount();
    session.stop();
  });
});

describe('docs example: KickedDialog.vue', () => {
  it('asks after a kick by another device, and logs in again here on request', async () => {
    const a = newSession();
    const wrapper = mountWith(KickedDialog, a.session);
    await logIn(a.session);
    expect(wrapper.find('dialog').exists()).toBe(false);

    const b = newSession();
    await logIn(b.session);
    await reach(a.session, 'kicked');
    await flushPromises();
    expect(wrapper.find('h2').text()).toBe('You logged in on another device');
    expect(wrapper.text()).toContain('Log in again here as alice?');
    await wrapper.findAll('button')[0]?.trigger('click');
    await reach(a.session, 'online');
    await flushPromises();
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(a.login).toHaveBeenCalledTimes(2);
    wrapper.unmount();
    a.session.stop();
    b.session.stop();
  });

  it('says another tab has the chat, and takes it over on "Use here"', async () => {
    const { session, login } = newSession();
    const wrapper = mountWith(KickedDialog, session);
    await logIn(session);
    // Stands in for @imstate/tabs, whose coordinator kicks a tab this way when another one holds the login.
    session.send({ type: 'SDK.KICKED', reason: 'otherTab' });
    await flushPromises();
    expect(wrapper.find('h2').text()).toBe('Chat is open in another tab');
    expect(wrapper.text()).toContain('alice is using chat there.');
    const buttons = wrapper.findAll('button');
    expect(buttons.map((button) => button.text())).toEqual(['Use here']);

    await buttons[0]?.trigger('click');
    await reach(session, 'online');
    await flushPromises();
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(login).toHaveBeenCalledTimes(2);
    wrapper.unmount();
    session.stop();
  });
});
