import { useEffect, useId, useRef } from 'react';
import { formatTime, type LogEntry } from './event-log';

export interface EventLogProps {
  entries: readonly LogEntry[];
  onClear(): void;
}

const SOURCE_NAMES = { A: 'Device A', B: 'Device B', server: 'Server' } as const;

/** Everything that happened, oldest first, each line with its time and device. */
export function EventLog({ entries, onClear }: EventLogProps) {
  const id = useId();
  const list = useRef<HTMLOListElement>(null);
  const newest = entries.at(-1)?.id;
  useEffect(() => {
    // Follow new entries; scrolling the list itself keeps the page where it is.
    if (newest !== undefined && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [newest]);

  return (
    <section aria-labelledby={`${id}-title`} className="panel log">
      <div className="log-header">
        <h2 id={`${id}-title`}>Event log</h2>
        <button type="button" onClick={onClear}>
          Clear log
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <ol ref={list} role="log" aria-labelledby={`${id}-title`} className="log-entries" tabIndex={0}>
        {entries.map((entry) => (
          <li key={entry.id} className={`entry kind-${entry.kind} source-${entry.source.toLowerCase()}`}>
            <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>
            <span className="source">{SOURCE_NAMES[entry.source]}</span>
            <span className="kind">{entry.kind}</span>
            <span className="text">{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
