import type { SessionActor } from '@imstate/core';
import { recordSession, type TraceEntry } from '@imstate/core/recorder';
import { useEffect } from 'react';
import type { PanelId } from './logbook';

/** Takes a panel's recorded entry (into the logbook). */
export type RecordEntry = (panel: PanelId, entry: TraceEntry) => void;

/** Records `session` with core's flight recorder, handing each entry to `record` for the panel's log. */
export function useSessionRecording(session: SessionActor, panel: PanelId, record: RecordEntry): void {
  useEffect(() => {
    const recorder = recordSession(session);
    for (const entry of recorder.trace().entries) record(panel, entry);
    const stop = recorder.subscribe((entry) => record(panel, entry));
    return () => {
      stop();
      recorder.stop();
    };
  }, [session, panel, record]);
}
