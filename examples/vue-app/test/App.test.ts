import { afterEach, expect, it, vi } from 'vitest';
import { mountApp } from './mount-app';

let app: ReturnType<typeof mountApp> | undefined;
afterEach(() => {
  app?.wrapper.unmount();
  vi.useRealTimers();
});

async function onlineAs(userID: string) {
  app = mountApp();
  const { until, status, logIn } = app;
  await until(() => expect(status()).toContain('loggedOut'));
  await logIn(userID);
  await until(() => expect(status()).toBe(`Status: online · ${userID}`));
  return app;
}

it('shows the login form, labelled, once the SDK is ready', async () => {
  app = mountApp();
  await app.until(() => expect(app?.status()).toBe('Status: loggedOut (idle)'));
  const input = app.wrapper.get('input');
  expect(app.wrapper.get(`label[for="${input.attributes('id')}"]`).text()).toBe('User ID');
  expect(app.button('Log in').attributes('type')).toBe('submit');
});

it('logs in, is kicked by another device with the reason shown, and logs in again', async () => {
  const { click, until, status, dialog, wrapper } = await onlineAs('alice');
  expect(dialog().element.open).toBe(false);
  expect(wrapper.text()).toContain('Signed in as alice');

  await click('Log in on another device');
  await until(() => expect(status()).toBe('Status: kicked · alice'));
  expect(dialog().element.open).toBe(true);
  expect(dialog().get('h2').text()).toBe('You logged in on another device — log in again?');
  expect(dialog().text()).toContain('This account opened chat in another browser or window.');
  expect(dialog().text()).toContain('Reason: multipleAccount');
  await until(() => expect(wrapper.get('.other-device-status').text()).toBe('Other device: online · alice'));

  await click('Log in again');
  await until(() => expect(status()).toBe('Status: online · alice'));
  expect(dialog().element.open).toBe(false);
  await until(() => expect(wrapper.get('.other-device-status').text()).toBe('Other device: kicked · alice'));
});

it('"Log out" in the kicked dialog returns to the login form and leaves the other device online', async () => {
  const { click, until, status, dialog, wrapper } = await onlineAs('alice');
  await click('Log in on another device');
  await until(() => expect(dialog().element.open).toBe(true));

  await dialog()
    .findAll('button')
    .find((button) => button.text() === 'Log out')
    ?.trigger('click');
  await until(() => expect(status()).toBe('Status: loggedOut (idle)'));
  expect(dialog().element.open).toBe(false);
  expect(wrapper.find('form').exists()).toBe(true);
  expect(wrapper.get('.other-device-status').text()).toBe('Other device: online · alice');
});

it('closing the kicked dialog (Escape) declines to log in again', async () => {
  const { click, until, status, dialog } = await onlineAs('alice');
  await click('Log in on another device');
  await until(() => expect(dialog().element.open).toBe(true));

  dialog().element.close();
  await until(() => expect(status()).toBe('Status: loggedOut (idle)'));
});

it('a REST API kick names the service as the reason', async () => {
  const { click, until, status, dialog } = await onlineAs('alice');
  await click('Kick via REST API');
  await until(() => expect(status()).toBe('Status: kicked · alice'));
  expect(dialog().get('h2').text()).toBe('You were signed out by the service — log in again?');
  expect(dialog().text()).toContain('Reason: restApi');
});

it('an invalid User ID is reported in an alert and nothing logs in', async () => {
  app = mountApp();
  const { until, status, logIn, wrapper, service } = app;
  await until(() => expect(status()).toContain('loggedOut'));
  await logIn('not valid!');
  await until(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
  expect(wrapper.get('[role="alert"]').text()).toContain('INVALID_USER_ID');
  expect(wrapper.get('input').attributes('aria-invalid')).toBe('true');
  expect(status()).toBe('Status: loggedOut (idle)');
  expect(service.server.sessions()).toEqual([]);
});

it('a login that gave up names no one: the session keeps carol for RETRY, but nobody is logged in', async () => {
  vi.useFakeTimers();
  app = mountApp();
  const { click, until, status, logIn, button, wrapper } = app;
  await until(() => expect(status()).toBe('Status: loggedOut (idle)'));
  await click('Drop network');
  await logIn('carol');
  expect(status()).toBe('Status: connecting (loggingIn) · carol');

  // Every attempt fails offline (2801); after the last one the session rests in loggedOut.
  await vi.advanceTimersByTimeAsync(5 * 60_000);
  await until(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
  expect(status()).toBe('Status: loggedOut (idle)');
  expect(button('Kick via REST API').element.disabled).toBe(true);
  expect(button('Log in on another device').element.disabled).toBe(true);
});

it('expired UserSigs are renewed without the user: sigExpired is logged, then online again', async () => {
  const { click, until, status, wrapper } = await onlineAs('alice');
  await click('Expire UserSigs');
  await until(() => expect(wrapper.get('.events').text()).toContain('sigExpired'));
  await until(() => expect(status()).toBe('Status: online · alice'));
  const events = wrapper.findAll('.events .event').map((item) => item.text());
  expect(events.slice(0, 3)).toEqual(['online', 'sigExpired', 'online']);
});

it('"Log out" signs this device out of the service', async () => {
  const { click, until, status, service } = await onlineAs('alice');
  await click('Log out');
  await until(() => expect(status()).toBe('Status: loggedOut (idle)'));
  expect(service.server.sessions()).toEqual([]);
});

it('unmounting the app logs both devices out of the service', async () => {
  const { click, until, wrapper, service } = await onlineAs('alice');
  await click('Log in on another device');
  await until(() => expect(wrapper.get('.other-device-status').text()).toContain('online'));
  expect(service.server.sessions()).toHaveLength(1);

  wrapper.unmount();
  app = undefined;
  expect(service.server.sessions()).toEqual([]);
});
