import { createSession, type ImSdk, type SessionActor } from '@imstate/core';
import { recordSession, type TraceEntry } from '@imstate/core/recorder';
import { createImServer } from '@imstate/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import {
  clearRows,
  emptyLogbook,
  type Logbook,
  parseTrace,
  recordEntry,
  recordNote,
  replay,
} from '../src/logbook';

type StateEntry = Extract<TraceEntry, { kind: 'state' }>;
const state = (
  at: number,
  path: string,
  transitions: StateEntry['transitions'],
  context = {},
): TraceEntry => ({
  at,
  kind: 'state',
  state: path,
  transitions,
  context: { attempt: 0, tab: 'alone', ...context },
});
const texts = (book: Logbook) => book.rows.map((row) => `${row.source} ${row.kind} ${row.text}`);

describe('the logbook', () => {
  it('turns state entries into rows that remember where every panel was', () => {
    let book = recordEntry(emptyLogbook(), 'A', state(1, 'loggedOut.idle', []));
    book = recordEntry(book, 'B', state(2, 'loggedOut.idle', []));
    book = recordEntry(
      book,
      'A',
      state(3, 'connecting.loggingIn', [{ from: 'loggedOut', to: 'connecting', event: 'LOGIN' }]),
    );
    expect(texts(book)).toEqual([
      'A state loggedOut.idle',
      'B state loggedOut.idle',
      'A state connecting.loggingIn',
    ]);
    expect(book.rows[2]!.marks).toEqual([
      {
        panel: 'A',
        state: 'connecting.loggingIn',
        last: { from: 'loggedOut', to: 'connecting', event: 'LOGIN', seq: 1 },
      },
      { panel: 'B', state: 'loggedOut.idle', last: undefined },
    ]);
    // The first row still shows only A, as it was then.
    expect(book.rows[0]!.marks).toEqual([{ panel: 'A', state: 'loggedOut.idle', last: undefined }]);
  });

  it('says when the session gave up: retries used up, a refresh episode used up, a login refused for good', () => {
    const error = { code: 2801, source: 'sdk' as const, message: 'timeout' };
    let book = recordEntry(
      emptyLogbook(),
      'A',
      state(1, 'loggedOut.idle', [{ from: 'connecting.loggingIn', to: 'loggedOut', event: 'error: login' }], {
        attempt: 5,
        error,
      }),
    );
    book = recordEntry(
      book,
      'B',
      state(
        2,
        'loggedOut.idle',
        [{ from: 'connecting.loggingIn', to: 'loggedOut', event: 'error: login', guard: 'refusedForGood' }],
        {
          attempt: 1,
          error: { code: 70009, source: 'sdk', message: '' },
        },
      ),
    );
    book = recordEntry(
      book,
      'A',
      state(
        3,
        'sigExpired.waiting',
        [{ from: 'sigExpired.refreshing', to: 'sigExpired.waiting', event: 'error: login' }],
        { attempt: 3 },
      ),
    );
    expect(texts(book).filter((line) => line.includes(' note '))).toEqual([
      'A note gave up after 5 attempts (last error 2801 from sdk: timeout)',
      'B note refused for good, not retried (last error 70009 from sdk)',
      'A note gave up refreshing the UserSig after 3 attempts',
    ]);
  });

  it("shows a re-attached recorder's first state once, and keeps the marks when the rows are cleared", () => {
    let book = recordEntry(emptyLogbook(), 'A', state(1, 'online', []));
    book = recordEntry(book, 'A', state(2, 'online', []));
    expect(book.rows).toHaveLength(1);
    book = clearRows(
      recordNote(book, { at: 3, source: 'server', kind: 'server', text: 'kick', serverAt: 9 }),
    );
    expect(book.rows).toEqual([]);
    expect(book.marks.A?.state).toBe('online');
  });

  it('replays its own trace into the same rows', () => {
    let book = recordEntry(emptyLogbook(), 'A', state(1, 'loggedOut.idle', []));
    book = recordNote(book, { at: 2, source: 'A', kind: 'action', text: 'network dropped' });
    book = recordEntry(book, 'A', { at: 3, kind: 'event', event: 'LOGIN', userID: 'alice' });
    book = recordEntry(book, 'B', { at: 3, kind: 'emitted', event: 'kicked', reason: 'multipleDevice' });
    book = recordEntry(book, 'A', { at: 3, kind: 'event', event: 'USER_SIG.DECODED' });
    const again = replay(parseTrace(JSON.stringify(book.trace)));
    expect(again.rows).toEqual(book.rows);
    expect(texts(again)).toEqual([
      'A state loggedOut.idle',
      'A action network dropped',
      'A event LOGIN alice',
      'B emitted kicked (multipleDevice)',
    ]);
  });
});

describe('the logbook over a real session', () => {
  it('says "gave up after 2 attempts" when the retries of a login run out', async () => {
    const sdk: ImSdk = {
      initSDK: async () => ({ code: 0, desc: 'ok' }),
      unInitSDK() {},
      login: async () => ({ code: 2801, desc: 'timeout' }),
      logout: async () => ({ code: 0, desc: 'ok' }),
    };
    const session = createSession({
      sdk,
      sdkAppID: 1400000001,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    }).start();
    let book = emptyLogbook();
    recordSession(session).subscribe((entry) => {
      book = recordEntry(book, 'A', entry);
    });
    await waitFor(session, (snapshot) => snapshot.matches('loggedOut'));
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    await waitFor(session, (snapshot) => snapshot.matches('loggedOut') && snapshot.context.attempt === 2);
    session.stop();
    expect(texts(book)).toContain('A note gave up after 2 attempts (last error 2801 from sdk: timeout)');
  });
});

describe('parseTrace', () => {
  const sessions: SessionActor[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stop();
  });

  it("reads an app's own recordSession trace, as Device A, with no UserSig in it", async () => {
    const server = createImServer({ sdkAppID: 1400000001, secretKey: 'test-key' });
    const session = createSession({ sdk: server.createClient({ platform: 'web' }), sdkAppID: 1400000001 });
    sessions.push(session);
    const recorder = recordSession(session);
    session.start();
    await waitFor(session, (snapshot) => snapshot.matches('loggedOut'));
    const userSig = server.issueUserSig('alice', 60);
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await waitFor(session, (snapshot) => snapshot.matches('online'));
    const file = JSON.stringify(recorder.trace());
    expect(file).not.toContain(userSig);

    const rows = replay(parseTrace(file)).rows.map((row) => `${row.source} ${row.kind} ${row.text}`);
    expect(rows).toContain('A event LOGIN alice');
    expect(rows.at(-1)).toBe('A state online');
  });

  it('refuses what is not a trace, saying why', () => {
    expect(() => parseTrace('{')).toThrow('This is not JSON.');
    expect(() => parseTrace('{"format":"something else"}')).toThrow(/not an imstate trace/);
    expect(() => parseTrace('{"format":"imstate.trace","version":1,"entries":[{"at":"x"}]}')).toThrow(
      'This trace has no entries.',
    );
  });

  it('drops malformed steps and keeps the rest', () => {
    const trace = parseTrace(
      JSON.stringify({
        format: 'imstate.playground-trace',
        version: 1,
        steps: [
          {
            panel: 'A',
            entry: { at: 1, kind: 'state', state: 'online', transitions: [], context: { attempt: 0 } },
          },
          { panel: 'Z', entry: { at: 1, kind: 'event', event: 'LOGIN' } },
          { note: { at: 2, source: 'server', kind: 'server', text: 'kick' } },
          { note: { at: 2, source: 'server', kind: 'bogus', text: 'x' } },
          'junk',
        ],
      }),
    );
    expect(trace.steps).toHaveLength(2);
  });
});
