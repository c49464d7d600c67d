import { createSessionPlugin } from '@imstate/vue';
import { type DOMWrapper, mount } from '@vue/test-utils';
import { vi } from 'vitest';
import App from '../src/App.vue';
import { createSimulatedService, sessionOptionsFor, simulatedServiceKey } from '../src/simulated-service';

/** Mounts the app the way main.ts does, on a fresh simulated service, with helpers to drive it as a user. */
export function mountApp(options: { latencyMs?: number } = {}) {
  const service = createSimulatedService(options);
  const wrapper = mount(App, {
    attachTo: document.body,
    global: {
      plugins: [createSessionPlugin(sessionOptionsFor(service.server, service.device))],
      provide: { [simulatedServiceKey]: service },
    },
  });

  function button(name: string): DOMWrapper<HTMLButtonElement> {
    const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
    if (!found) throw new Error(`no button named "${name}"`);
    return found as DOMWrapper<HTMLButtonElement>;
  }

  return {
    service,
    wrapper,
    button,
    /** Clicks the button with this exact text. */
    click: (name: string) => button(name).trigger('click'),
    /** The text of the status line (role="status"). */
    status: () => wrapper.get('[role="status"]').text(),
    /** The connection banner's text, or `null` when there is no banner. */
    banner: () => (wrapper.find('.banner').exists() ? wrapper.get('.banner').text() : null),
    dialog: () => wrapper.get<HTMLDialogElement>('dialog'),
    /** Types a User ID into the login form and submits it. */
    async logIn(userID: string) {
      await wrapper.get('input').setValue(userID);
      await wrapper.get('form').trigger('submit');
    },
    /** Waits (polling, a few ms at a time) until `expectation` stops throwing. */
    until: (expectation: () => void) => vi.waitFor(expectation, { timeout: 2000, interval: 5 }),
  };
}
