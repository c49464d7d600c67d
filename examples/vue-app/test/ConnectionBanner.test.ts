import { afterEach, expect, it, vi } from 'vitest';
import { mountApp } from './mount-app';

let app: ReturnType<typeof mountApp> | undefined;
afterEach(() => {
  app?.wrapper.unmount();
  vi.useRealTimers();
});

it('no banner while logged out or online', async () => {
  app = mountApp();
  const { until, status, banner, logIn } = app;
  await until(() => expect(status()).toContain('loggedOut'));
  expect(banner()).toBeNull();
  await logIn('alice');
  await until(() => expect(status()).toContain('online'));
  expect(banner()).toBeNull();
});

it('shows "Connecting…" while the login is on its way', async () => {
  vi.useFakeTimers();
  app = mountApp({ latencyMs: 100 });
  const { until, status, banner, logIn } = app;
  await until(() => expect(status()).toContain('loggedOut'));

  await logIn('alice');
  expect(status()).toBe('Status: connecting (loggingIn) · alice');
  expect(banner()).toBe('Connecting to the chat service…');
  await until(() => expect(status()).toBe('Status: online · alice'));
  expect(banner()).toBeNull();
});

it('shows an offline banner while the network is down and hides it once the SDK reconnects', async () => {
  app = mountApp();
  const { until, status, banner, logIn, click, button } = app;
  await until(() => expect(status()).toContain('loggedOut'));
  await logIn('alice');
  await until(() => expect(status()).toBe('Status: online · alice'));
  expect(button('Restore network').element.disabled).toBe(true);

  await click('Drop network');
  await until(() => expect(status()).toBe('Status: connecting (offline) · alice'));
  expect(banner()).toBe('You are offline. We will reconnect as soon as the network is back.');
  expect(button('Drop network').element.disabled).toBe(true);

  await click('Restore network');
  await until(() => expect(status()).toBe('Status: online · alice'));
  expect(banner()).toBeNull();
  expect(app.service.server.sessions()).toHaveLength(1);
});
