import type { SessionEmitted } from '@imstate/core';
import { useCallback, useRef, useState } from 'react';
import type { DeviceId } from './simulation';

/** Where an entry comes from: a device's session, or the simulated server. */
export type LogSource = DeviceId | 'server';

/** What happened: something the user did, a state change, an event the session emitted, the server acting. */
export type LogKind = 'action' | 'state' | 'emitted' | 'server';

export interface LogEntry {
  id: number;
  /** Wall-clock time, ms since the epoch. */
  at: number;
  source: LogSource;
  kind: LogKind;
  text: string;
}

export type Log = (source: LogSource, kind: LogKind, text: string) => void;

const MAX_ENTRIES = 200;

/** The event log's entries (newest last) and a stable function that appends one. */
export function useEventLog(): { entries: LogEntry[]; log: Log; clear: () => void } {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const nextId = useRef(0);
  const log = useCallback<Log>((source, kind, text) => {
    nextId.current += 1;
    const entry: LogEntry = { id: nextId.current, at: Date.now(), source, kind, text };
    setEntries((previous) => [...previous.slice(1 - MAX_ENTRIES), entry]);
  }, []);
  const clear = useCallback(() => setEntries([]), []);
  return { entries, log, clear };
}

/** `12:04:05.123`: local wall-clock time with milliseconds. */
export function formatTime(at: number): string {
  const date = new Date(at);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A session's emitted event as one line, e.g. `kicked (multipleDevice)`. */
export function describeEmitted(event: SessionEmitted): string {
  switch (event.type) {
    case 'kicked':
      return `kicked (${event.reason})`;
    case 'error':
      return `error ${event.error.code} from ${event.error.source}: ${event.error.message || 'no message'}`;
    default:
      return event.type;
  }
}
