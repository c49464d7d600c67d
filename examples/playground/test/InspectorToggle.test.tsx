import { act, fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { button, expectStatus, modes, renderApp } from './support';

const inspector = vi.hoisted(() => ({
  inspect: { next: vi.fn() },
  actor: vi.fn(),
  start: vi.fn(),
  stop: vi.fn(),
}));
const createBrowserInspector = vi.hoisted(() => vi.fn(() => inspector));
vi.mock('@statelyai/inspect', () => ({ createBrowserInspector }));

describe.each(modes)('"Open in XState inspector" (%s)', (_, Mode) => {
  beforeEach(() => {
    createBrowserInspector.mockClear();
    for (const fn of [inspector.inspect.next, inspector.actor, inspector.stop]) fn.mockClear();
  });

  it('creates no inspector until toggled; then shows it every session and their events', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    expect(createBrowserInspector).not.toHaveBeenCalled();

    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: 'Open in XState inspector' }));
    });
    expect(createBrowserInspector).toHaveBeenCalledTimes(1);
    expect(inspector.actor).toHaveBeenCalledTimes(3);
    expect(inspector.actor.mock.calls.map(([, snapshot]) => snapshot.value)).toEqual([
      'online',
      { loggedOut: 'idle' },
      { loggedOut: 'idle' },
    ]);

    fireEvent.click(button('A', 'Log out'));
    await expectStatus('A', 'loggedOut · idle');
    expect(inspector.inspect.next).toHaveBeenCalledWith(expect.objectContaining({ type: '@xstate.event' }));
  });

  it('stops forwarding when toggled off', async () => {
    await renderApp(Mode);
    const toggle = screen.getByRole('switch', { name: 'Open in XState inspector' });
    await act(async () => {
      fireEvent.click(toggle);
    });
    fireEvent.click(toggle);
    expect(inspector.stop).toHaveBeenCalledTimes(1);
    expect(toggle).toHaveProperty('checked', false);
    inspector.inspect.next.mockClear();
    fireEvent.click(button('B', 'Log in'));
    await expectStatus('B', 'online');
    expect(inspector.inspect.next).not.toHaveBeenCalled();
  });

  it('says so when the browser blocks the pop-up, and turns itself off', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    createBrowserInspector.mockImplementationOnce(((options: { window: Window }) => {
      options.window.open('https://stately.ai/inspect', 'xstateinspector');
      return inspector;
    }) as never);
    await renderApp(Mode);
    const toggle = screen.getByRole('switch', { name: 'Open in XState inspector' });
    await act(async () => {
      fireEvent.click(toggle);
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not open the inspector: the browser blocked its pop-up window; allow pop-ups for this page and try again.',
    );
    expect(toggle).toHaveProperty('checked', false);
    expect(inspector.stop).toHaveBeenCalledTimes(1);
  });

  it('says so when the window opened but the inspector never connected (offline)', async () => {
    vi.spyOn(window, 'open').mockReturnValue({} as Window);
    createBrowserInspector.mockImplementationOnce(((options: { window: Window }) => {
      options.window.open('https://stately.ai/inspect', 'xstateinspector');
      return inspector;
    }) as never);
    await renderApp(Mode);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await act(async () => {
        fireEvent.click(screen.getByRole('switch', { name: 'Open in XState inspector' }));
      });
      expect(screen.queryByRole('alert')).toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(15_000);
      });
      expect(screen.getByRole('alert').textContent).toMatch(/did not connect: it loads stately\.ai\/inspect/);
    } finally {
      vi.useRealTimers();
    }
  });
});
