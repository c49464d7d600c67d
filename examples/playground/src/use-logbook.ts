import type { TraceEntry } from '@imstate/core/recorder';
import { useCallback, useState } from 'react';
import { clearRows, emptyLogbook, type LogNote, type PanelId, recordEntry, recordNote } from './logbook';

/** Adds a note: something the page or the server did beside any session. */
export type Note = (
  source: LogNote['source'],
  kind: LogNote['kind'],
  text: string,
  serverAt?: number,
) => void;

/** The page's logbook, and stable functions that write to it. */
export function useLogbook() {
  const [book, setBook] = useState(emptyLogbook);
  const record = useCallback((panel: PanelId, entry: TraceEntry) => {
    setBook((previous) => recordEntry(previous, panel, entry));
  }, []);
  const note = useCallback<Note>((source, kind, text, serverAt) => {
    const at = Date.now();
    setBook((previous) =>
      recordNote(previous, { at, source, kind, text, ...(serverAt !== undefined && { serverAt }) }),
    );
  }, []);
  /** A panel whose session is gone (a closed tab) leaves the diagram. */
  const forget = useCallback((panel: PanelId) => {
    setBook((previous) => {
      if (!previous.marks[panel]) return previous;
      const { [panel]: _gone, ...marks } = previous.marks;
      return { ...previous, marks };
    });
  }, []);
  const clear = useCallback(() => setBook(clearRows), []);
  return { book, record, note, forget, clear };
}
