import type { SessionEmittedType, SessionError } from '@imstate/core';
import type { TraceEntry } from '@imstate/core/recorder';
import type { PanelMark } from './diagram/StateChart';

/** A panel of the page that runs a session: Device A, Device B, Device A's second tab. */
export type PanelId = 'A' | 'B' | 'A2';
export const PANEL_IDS: readonly PanelId[] = ['A', 'A2', 'B'];
export const PANEL_NAMES: Record<PanelId, string> = { A: 'Device A', A2: 'Device A, tab 2', B: 'Device B' };

/** Where a row comes from: a panel's session, or the simulated server. */
export type LogSource = PanelId | 'server';

/**
 * What a row tells: an event the session received, a state it reached, an event it emitted, something the page did
 * beside the session (`action`: a dropped network, a UserSig fetched), the server acting, or a conclusion (`note`).
 */
export type LogKind = 'event' | 'state' | 'emitted' | 'action' | 'server' | 'note';

export interface LogRow {
  id: number;
  /** This browser's clock, ms since the epoch. */
  at: number;
  /** The simulated server's clock, for what the server did: it runs ahead once UserSigs are expired. */
  serverAt?: number;
  source: LogSource;
  kind: LogKind;
  text: string;
  /** State rows: where every panel was right after this row, for the diagram to show it again. */
  marks?: PanelMark[];
}

/** Something the page did beside a session, or the server did. */
export interface LogNote {
  at: number;
  serverAt?: number;
  source: LogSource;
  kind: 'action' | 'server';
  text: string;
}

/** One step of the page's recording: a panel's session entry, or a note. */
export type TraceStep = { panel: PanelId; entry: TraceEntry } | { note: LogNote };

/**
 * The playground's flight recorder: every panel's recorded entries (core's `recordSession`, so no UserSig) and the
 * page's own notes, in the order they happened. It is what "Export trace" saves and "Load a trace" replays.
 */
export interface PlaygroundTrace {
  format: 'imstate.playground-trace';
  version: 1;
  steps: TraceStep[];
}

export interface Logbook {
  rows: LogRow[];
  /** Every panel's place on the diagram now. */
  marks: Partial<Record<PanelId, PanelMark>>;
  trace: PlaygroundTrace;
  nextId: number;
}

const MAX_ROWS = 500;

export const emptyLogbook = (): Logbook => ({
  rows: [],
  marks: {},
  trace: { format: 'imstate.playground-trace', version: 1, steps: [] },
  nextId: 1,
});

const describeError = (error: SessionError) =>
  `error ${error.code} from ${error.source}${error.message ? `: ${error.message}` : ''}`;

function describeEvent(entry: Extract<TraceEntry, { kind: 'event' }>): string {
  const detail =
    entry.userID ??
    entry.reason ??
    entry.role ??
    (entry.code === undefined ? undefined : `code ${entry.code}`);
  return detail === undefined ? entry.event : `${entry.event} ${detail}`;
}

function describeEmitted(event: SessionEmittedType, entry: Extract<TraceEntry, { kind: 'emitted' }>): string {
  if (event === 'kicked') return `kicked (${entry.reason})`;
  if (event === 'error' && entry.error) return describeError(entry.error);
  return event;
}

/** What a state change concludes that the state name alone does not say: the session gave up. */
function conclusion(entry: Extract<TraceEntry, { kind: 'state' }>): string | undefined {
  const last = entry.transitions.at(-1);
  if (last?.event !== 'error: login') return undefined;
  const { attempt, error } = entry.context;
  const why = error ? ` (last ${describeError(error)})` : '';
  if (last.guard === 'refusedForGood') return `refused for good, not retried${why}`;
  if (last.guard) return undefined;
  const attempts = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
  if (last.from.startsWith('sigExpired')) return `gave up refreshing the UserSig after ${attempts}${why}`;
  return `gave up after ${attempts}${why}`;
}

/** Every panel's mark, in badge order. */
export const snapshotOf = (marks: Logbook['marks']): PanelMark[] =>
  PANEL_IDS.flatMap((panel) => (marks[panel] ? [marks[panel]] : []));

function append(book: Logbook, rows: Omit<LogRow, 'id'>[]): Pick<Logbook, 'rows' | 'nextId'> {
  const numbered = rows.map((row, index) => ({ ...row, id: book.nextId + index }));
  return { rows: [...book.rows, ...numbered].slice(-MAX_ROWS), nextId: book.nextId + rows.length };
}

/** A session's recorded entry: into the panel's trace, the diagram's marks and the rows. */
export function recordEntry(book: Logbook, panel: PanelId, entry: TraceEntry): Logbook {
  const mark = book.marks[panel];
  // A recorder attached again (StrictMode, a new subscription) starts with the state the panel is known to be in.
  if (entry.kind === 'state' && entry.transitions.length === 0 && mark?.state === entry.state) return book;
  const trace = { ...book.trace, steps: [...book.trace.steps, { panel, entry }] };
  const base = { at: entry.at, source: panel };
  if (entry.kind === 'event') {
    // The session's own bookkeeping (the held UserSig's decoded expiry) is traced, not shown.
    if (entry.event.startsWith('USER_SIG.')) return { ...book, trace };
    return { ...book, trace, ...append(book, [{ ...base, kind: 'event', text: describeEvent(entry) }]) };
  }
  if (entry.kind === 'emitted') {
    const text = describeEmitted(entry.event, entry);
    return { ...book, trace, ...append(book, [{ ...base, kind: 'emitted', text }]) };
  }
  const taken = entry.transitions.at(-1);
  const marks = {
    ...book.marks,
    [panel]: {
      panel,
      state: entry.state,
      last: taken ? { ...taken, seq: (mark?.last?.seq ?? 0) + 1 } : mark?.last,
    },
  };
  const note = conclusion(entry);
  const rows: Omit<LogRow, 'id'>[] = [
    { ...base, kind: 'state', text: entry.state, marks: snapshotOf(marks) },
  ];
  if (note) rows.push({ ...base, kind: 'note', text: note });
  return { ...book, trace, marks, ...append(book, rows) };
}

/** Something the page or the server did, beside any session. */
export function recordNote(book: Logbook, note: LogNote): Logbook {
  const trace = { ...book.trace, steps: [...book.trace.steps, { note }] };
  return { ...book, trace, ...append(book, [note]) };
}

/** Rows start over; the diagram keeps where everyone is, so the next state row still shows all panels. */
export const clearRows = (book: Logbook): Logbook => ({
  ...emptyLogbook(),
  marks: book.marks,
  nextId: book.nextId,
});

/** Rebuilds the rows of a trace, as they were recorded. */
export const replay = (trace: PlaygroundTrace): Logbook =>
  trace.steps.reduce(
    (book, step) =>
      'note' in step ? recordNote(book, step.note) : recordEntry(book, step.panel, step.entry),
    emptyLogbook(),
  );

/** Reads a trace file: the playground's export, or one session's `recordSession(...).trace()` (shown as Device A). */
export function parseTrace(text: string): PlaygroundTrace {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This is not JSON.');
  }
  const trace = isObject(data) ? data : {};
  const steps: TraceStep[] = [];
  if (trace.format === 'imstate.trace' && Array.isArray(trace.entries)) {
    for (const entry of trace.entries) if (isEntry(entry)) steps.push({ panel: 'A', entry });
  } else if (trace.format === 'imstate.playground-trace' && Array.isArray(trace.steps)) {
    for (const step of trace.steps) {
      if (!isObject(step)) continue;
      if (isNote(step.note)) steps.push({ note: step.note });
      else if (PANEL_IDS.includes(step.panel as PanelId) && isEntry(step.entry)) {
        steps.push({ panel: step.panel as PanelId, entry: step.entry });
      }
    }
  } else {
    throw new Error(
      'This is not an imstate trace: its "format" is neither "imstate.playground-trace" nor "imstate.trace".',
    );
  }
  if (steps.length === 0) throw new Error('This trace has no entries.');
  return { format: 'imstate.playground-trace', version: 1, steps };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function isEntry(value: unknown): value is TraceEntry {
  if (!isObject(value) || typeof value.at !== 'number') return false;
  if (value.kind === 'state') {
    return typeof value.state === 'string' && Array.isArray(value.transitions) && isObject(value.context);
  }
  return (value.kind === 'event' || value.kind === 'emitted') && typeof value.event === 'string';
}

function isNote(value: unknown): value is LogNote {
  return (
    isObject(value) &&
    typeof value.at === 'number' &&
    typeof value.text === 'string' &&
    (value.kind === 'action' || value.kind === 'server') &&
    (value.source === 'server' || PANEL_IDS.includes(value.source as PanelId))
  );
}
