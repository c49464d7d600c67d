import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type LogRow, PANEL_NAMES, type PlaygroundTrace, parseTrace } from './logbook';

export interface EventLogProps {
  rows: readonly LogRow[];
  /** The state row whose moment the diagram shows, if any. */
  selected: number | undefined;
  onSelect(row: LogRow): void;
  onClear(): void;
  /** What "Export trace" saves. */
  trace: PlaygroundTrace;
  /** A trace the user loaded (dropped or pasted), to replay. */
  onLoad(trace: PlaygroundTrace, name: string): void;
  /** The name of the trace being replayed, while one is. */
  replaying: string | undefined;
}

const SOURCE_NAMES = { ...PANEL_NAMES, server: 'Server' } as const;

/** `12:04:05.123`: local wall-clock time with milliseconds. */
export function formatTime(at: number): string {
  const date = new Date(at);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function RowContent({ row }: { row: LogRow }) {
  return (
    <>
      <time dateTime={new Date(row.at).toISOString()} title="this browser's clock">
        {formatTime(row.at)}
      </time>{' '}
      <span className="source">{SOURCE_NAMES[row.source]}</span> <span className="kind">{row.kind}</span>{' '}
      <span className="text">{row.text}</span>
      {row.serverAt !== undefined && (
        <span className="server-clock" title="the simulated server's clock">
          {' '}
          server {formatTime(row.serverAt)}
        </span>
      )}
    </>
  );
}

/** Saves the trace as a JSON file. */
function download(trace: PlaygroundTrace) {
  const blob = new Blob([`${JSON.stringify(trace, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `imstate-trace-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/**
 * Everything that happened, oldest first. Each state row is a button: it shows the diagram as it was right after it.
 * The log exports as a JSON trace (no UserSig in it) and loads one back, dropped or pasted, to replay it.
 */
export function EventLog({ rows, selected, onSelect, onClear, trace, onLoad, replaying }: EventLogProps) {
  const id = useId();
  const list = useRef<HTMLOListElement>(null);
  const [pasted, setPasted] = useState('');
  const [loadError, setLoadError] = useState<string>();
  const newest = rows.at(-1)?.id;
  useEffect(() => {
    // Follow new rows while nothing is selected; scrolling the list itself keeps the page where it is.
    if (newest !== undefined && selected === undefined && list.current) {
      list.current.scrollTop = list.current.scrollHeight;
    }
  }, [newest, selected]);

  const load = (text: string, name: string) => {
    try {
      onLoad(parseTrace(text), name);
      setLoadError(undefined);
      setPasted('');
    } catch (error) {
      setLoadError(`Could not load ${name}: ${(error as Error).message}`);
    }
  };
  const loadFile = async (file: File | undefined) => {
    if (file) load(await file.text(), file.name);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    void loadFile(event.dataTransfer.files[0]);
  };
  const submitPaste = (event: FormEvent) => {
    event.preventDefault();
    load(pasted, 'the pasted trace');
  };

  return (
    <section
      aria-labelledby={`${id}-title`}
      id="event-log"
      className="panel log"
      onDragOver={(event) => event.preventDefault()}
      onDrop={drop}
    >
      <div className="log-header">
        <h2 id={`${id}-title`}>Event log</h2>
        <div className="buttons">
          {!replaying && (
            <>
              <button type="button" onClick={onClear}>
                Clear log
              </button>
              <button type="button" onClick={() => download(trace)} disabled={trace.steps.length === 0}>
                Export trace
              </button>
            </>
          )}
        </div>
      </div>
      <p className="hint">
        {replaying ? (
          <>
            Replaying <strong>{replaying}</strong>. Pick a state row to see the diagram at that moment.
          </>
        ) : (
          <>
            Times are this browser's clock; server rows also give the simulated server's, which runs ahead
            once UserSigs are expired. Pick a <span className="kind">state</span> row to see the diagram at
            that moment.
          </>
        )}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <ol ref={list} role="log" aria-labelledby={`${id}-title`} className="log-entries" tabIndex={0}>
        {rows.length === 0 && <li className="empty">No events yet</li>}
        {rows.map((row) => (
          <li key={row.id} className={`entry kind-${row.kind} source-${row.source.toLowerCase()}`}>
            {row.marks ? (
              <button
                type="button"
                className="entry-button"
                aria-pressed={row.id === selected}
                onClick={() => onSelect(row)}
              >
                <RowContent row={row} />
              </button>
            ) : (
              <RowContent row={row} />
            )}
          </li>
        ))}
      </ol>
      <details className="load-trace">
        <summary>Load a trace</summary>
        <p className="hint">
          A file from "Export trace", or a <code>recordSession(session).trace()</code> from your own app: drop
          it on the log, choose it, or paste it.
        </p>
        <div className="field">
          <label htmlFor={`${id}-file`}>Trace file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept="application/json,.json"
            onChange={(event) => void loadFile(event.target.files?.[0])}
          />
        </div>
        <form className="field" onSubmit={submitPaste}>
          <label htmlFor={`${id}-paste`}>Paste a trace</label>
          <textarea
            id={`${id}-paste`}
            rows={3}
            value={pasted}
            spellCheck={false}
            onChange={(event) => setPasted(event.target.value)}
          />
          <button type="submit" disabled={pasted.trim() === ''}>
            Replay it
          </button>
        </form>
        {loadError && (
          <p role="alert" className="field-error">
            {loadError}
          </p>
        )}
      </details>
    </section>
  );
}
