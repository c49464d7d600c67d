import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/App';
import { button, expectStatus, logLines, modes, renderApp } from './support';

const log = () => within(screen.getByRole('log'));
const chart = () => screen.getByRole('img', { name: /^State diagram/ });
const activeIn = (path: string) =>
  chart().querySelector(`[data-state="${path}"]`)?.getAttribute('data-active');
const stateRow = (text: RegExp) => log().getAllByRole('button', { name: text });

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(modes)('time travel (%s)', (_, Mode) => {
  it('a state row shows the diagram right after it, for every panel; "Back to live" returns', async () => {
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    expect(activeIn('online')).toBe('A');

    const [loggingIn] = stateRow(/Device A state connecting\.loggingIn/);
    fireEvent.click(loggingIn!);
    expect(loggingIn!.getAttribute('aria-pressed')).toBe('true');
    expect(activeIn('connecting.loggingIn')).toBe('A');
    expect(activeIn('loggedOut.idle')).toBe('A2 B');
    expect(activeIn('online')).toBeNull();
    expect(document.querySelector('.past')?.textContent).toMatch(
      /^Showing .*, Device A: connecting\.loggingIn/,
    );

    // The present goes on meanwhile; the diagram stays at the moment picked.
    fireEvent.click(button('A', 'Log out'));
    await expectStatus('A', 'loggedOut · idle');
    expect(activeIn('connecting.loggingIn')).toBe('A');

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    expect(screen.queryByRole('button', { name: 'Back to live' })).toBeNull();
    expect(activeIn('loggedOut.idle')).toBe('A A2 B');
  });

  it('"Clear log" leaves "No events yet"', async () => {
    await renderApp(Mode);
    fireEvent.click(screen.getByRole('button', { name: 'Clear log' }));
    expect(logLines()).toEqual([]);
    expect(log().getByText('No events yet')).toBeTruthy();
    // The diagram still shows where everyone is.
    expect(activeIn('loggedOut.idle')).toBe('A A2 B');
  });

  it('exports the log as a JSON trace without the UserSig, and replays a pasted one', async () => {
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:trace';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await renderApp(Mode);
    fireEvent.click(button('A', 'Log in'));
    await expectStatus('A', 'online');
    fireEvent.click(screen.getByRole('button', { name: 'Export trace' }));
    const file = await saved[0]!.text();
    expect(JSON.parse(file)).toMatchObject({ format: 'imstate.playground-trace', version: 1 });
    expect(file).not.toMatch(/"userSig"|eJw/);
    const rowsThen = logLines();

    fireEvent.click(button('A', 'Log out'));
    await expectStatus('A', 'loggedOut · idle');
    fireEvent.change(screen.getByLabelText('Paste a trace'), { target: { value: file } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay it' }));
    expect(screen.getByText(/Replaying/)).toBeTruthy();
    expect(logLines()).toEqual(rowsThen);
    // Replay starts at the first state row.
    expect(activeIn('init') ?? activeIn('loggedOut')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    expect(screen.queryByText(/Replaying/)).toBeNull();
    expect(activeIn('loggedOut.idle')).toBe('A A2 B');
  });

  it('says why a pasted text is not a trace', async () => {
    await renderApp(Mode);
    fireEvent.change(screen.getByLabelText('Paste a trace'), { target: { value: '{"hello": 1}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay it' }));
    expect(screen.getByRole('alert').textContent).toMatch(
      /Could not load the pasted trace: This is not an imstate trace/,
    );
  });
});

describe('a replayed trace', () => {
  it('plays by itself, one state row after another', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { render } = await import('@testing-library/react');
    render(<App latencyMs={0} userSigDelayMs={0} replayStepMs={50} />);
    const trace = {
      format: 'imstate.trace',
      version: 1,
      entries: [
        { at: 1, kind: 'state', state: 'loggedOut.idle', transitions: [], context: { attempt: 0 } },
        { at: 2, kind: 'state', state: 'connecting.loggingIn', transitions: [], context: { attempt: 1 } },
        { at: 3, kind: 'state', state: 'online', transitions: [], context: { attempt: 1 } },
      ],
    };
    fireEvent.change(screen.getByLabelText('Paste a trace'), { target: { value: JSON.stringify(trace) } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay it' }));
    expect(activeIn('loggedOut.idle')).toBe('A');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50);
    });
    expect(activeIn('connecting.loggingIn')).toBe('A');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50);
    });
    await waitFor(() => expect(activeIn('online')).toBe('A'));
    vi.useRealTimers();
  });
});
