import type { SessionActor } from '@imstate/core';
import { useCallback, useMemo, useState } from 'react';
import { Device } from './Device';
import { EventLog } from './EventLog';
import { useEventLog } from './event-log';
import { InspectorToggle } from './InspectorToggle';
import { createInspectorBridge } from './inspector';
import { ServerControls } from './ServerControls';
import { StateDiagram } from './StateDiagram';
import {
  createSimulation,
  DEFAULT_LATENCY_MS,
  DEFAULT_SETTINGS,
  DEFAULT_USER_SIG_DELAY_MS,
  DEVICE_IDS,
  type DeviceId,
  type DeviceSettings,
} from './simulation';

export interface AppProps {
  /** Latency of the first simulated server. Default {@link DEFAULT_LATENCY_MS}. */
  latencyMs?: number;
  /** How long the simulated backend takes to mint a UserSig. Default {@link DEFAULT_USER_SIG_DELAY_MS}. */
  userSigDelayMs?: number;
}

/** Two simulated devices on one simulated IM server, the session statechart and an event log. */
export function App({
  latencyMs = DEFAULT_LATENCY_MS,
  userSigDelayMs = DEFAULT_USER_SIG_DELAY_MS,
}: AppProps) {
  const [simulation, setSimulation] = useState(() => createSimulation(latencyMs, userSigDelayMs));
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const [sessions, setSessions] = useState<Partial<Record<DeviceId, SessionActor>>>({});
  // One "log in again?" prompt at a time, for the newest kick: the other kicked device keeps its status.
  const [prompted, setPrompted] = useState<DeviceId>();
  const [inspector] = useState(createInspectorBridge);
  const { entries, log, clear } = useEventLog();

  const changeSettings = useCallback((id: DeviceId, next: DeviceSettings) => {
    setSettings((previous) => ({ ...previous, [id]: next }));
  }, []);
  const trackSession = useCallback((id: DeviceId, session: SessionActor | undefined) => {
    setSessions((previous) => (previous[id] === session ? previous : { ...previous, [id]: session }));
  }, []);
  const changeLatency = (next: number) => {
    setSimulation(createSimulation(next, userSigDelayMs));
    log('server', 'server', `new server with ${next} ms latency: both devices start over`);
  };
  const running = useMemo(() => DEVICE_IDS.flatMap((id) => (sessions[id] ? [sessions[id]] : [])), [sessions]);
  // Kicking "Device A's user" means whoever A is logged in as, else whoever it is about to log in as.
  const targetUserID = sessions.A?.getSnapshot().context.userID ?? settings.A.userID;

  return (
    <>
      <header className="page-header">
        <h1>imstate playground</h1>
        <p className="hint">
          Two simulated devices on one simulated IM service, each driven by an <code>@imstate/core</code>{' '}
          session. Log both in as the same user on the same platform: the second kicks the first.
        </p>
        <InspectorToggle inspector={inspector} sessions={running} />
      </header>
      <main>
        <div className="stage">
          <Device
            id="A"
            simulation={simulation}
            settings={settings.A}
            onSettingsChange={changeSettings}
            onSession={trackSession}
            prompted={prompted === 'A'}
            onPrompt={setPrompted}
            log={log}
            inspector={inspector}
          />
          <ServerControls
            simulation={simulation}
            targetUserID={targetUserID}
            onLatencyChange={changeLatency}
            log={log}
          />
          <Device
            id="B"
            simulation={simulation}
            settings={settings.B}
            onSettingsChange={changeSettings}
            onSession={trackSession}
            prompted={prompted === 'B'}
            onPrompt={setPrompted}
            log={log}
            inspector={inspector}
          />
        </div>
        <div className="insight">
          <StateDiagram sessions={sessions} />
          <EventLog entries={entries} onClear={clear} />
        </div>
      </main>
    </>
  );
}
