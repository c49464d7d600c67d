import type { SessionActor } from '@imstate/core';
import type { TabsOptions } from '@imstate/tabs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Device, type PanelWiring } from './Device';
import { DeviceTab } from './DeviceTab';
import { Diagram } from './Diagram';
import { EventLog, formatTime } from './EventLog';
import { InspectorToggle } from './InspectorToggle';
import { createInspectorBridge } from './inspector';
import {
  type Logbook,
  type LogRow,
  PANEL_IDS,
  PANEL_NAMES,
  type PanelId,
  replay,
  snapshotOf,
} from './logbook';
import { ServerControls } from './ServerControls';
import {
  createSimulation,
  DEFAULT_LATENCY_MS,
  DEFAULT_SETTINGS,
  DEFAULT_USER_SIG_DELAY_MS,
  type DeviceId,
  type DeviceSettings,
} from './simulation';
import { useLogbook } from './use-logbook';

export interface AppProps {
  /** Latency of the first simulated server. Default {@link DEFAULT_LATENCY_MS}. */
  latencyMs?: number;
  /** How long the simulated backend takes to mint a UserSig. Default {@link DEFAULT_USER_SIG_DELAY_MS}. */
  userSigDelayMs?: number;
  /** How long a replayed trace shows each state row. */
  replayStepMs?: number;
  /**
   * Web Locks and BroadcastChannel for Device A's tabs (tests pass in-memory stand-ins); default the browser's own,
   * so the two tabs of one page coordinate exactly as two real tabs do.
   */
  tabs?: Omit<TabsOptions, 'key'>;
}

/** A loaded trace being replayed: its rows, and the state row the diagram shows. */
interface Replay {
  name: string;
  book: Logbook;
  playing: boolean;
}

const stateRows = (book: Logbook) => book.rows.filter((row) => row.marks);

/** Two simulated devices on one simulated IM server, the session statechart and an event log. */
export function App({
  latencyMs = DEFAULT_LATENCY_MS,
  userSigDelayMs = DEFAULT_USER_SIG_DELAY_MS,
  replayStepMs = 700,
  tabs: tabsApis,
}: AppProps) {
  const [simulation, setSimulation] = useState(() => createSimulation(latencyMs, userSigDelayMs));
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const [sessions, setSessions] = useState<Partial<Record<PanelId, SessionActor>>>({});
  // One "log in again?" prompt at a time, for the newest kick: the other kicked panel keeps its status.
  const [prompted, setPrompted] = useState<PanelId>();
  const [inspector] = useState(createInspectorBridge);
  const { book, record, note, forget, clear } = useLogbook();
  const [viewing, setViewing] = useState<number>();
  const [tabOpen, setTabOpen] = useState(true);
  const [tabUserID, setTabUserID] = useState(DEFAULT_SETTINGS.A.userID);
  const [coordinated, setCoordinated] = useState(true);
  // Locks are shared by every page of the origin: a key of this page's own keeps other playground tabs out.
  const [page] = useState(() => Math.random().toString(36).slice(2, 10));
  const tabs = useMemo<TabsOptions | undefined>(
    () => (coordinated ? { key: `playground-${page}-${simulation.id}`, ...tabsApis } : undefined),
    [coordinated, page, simulation, tabsApis],
  );
  const [replaying, setReplaying] = useState<Replay>();

  const changeSettings = useCallback((id: DeviceId, next: DeviceSettings) => {
    setSettings((previous) => ({ ...previous, [id]: next }));
  }, []);
  const trackSession = useCallback((panel: PanelId, session: SessionActor | undefined) => {
    setSessions((previous) => (previous[panel] === session ? previous : { ...previous, [panel]: session }));
  }, []);
  const changeLatency = (next: number) => {
    const replacement = createSimulation(next, userSigDelayMs);
    setSimulation(replacement);
    note(
      'server',
      'server',
      `new server with ${next} ms latency: both devices start over`,
      replacement.server.now(),
    );
  };
  const openTab = useCallback(
    (open: boolean) => {
      note('A2', 'action', open ? 'tab opened' : 'tab closed: its session stops');
      setTabOpen(open);
      if (!open) forget('A2');
    },
    [note, forget],
  );
  const coordinate = useCallback(
    (next: boolean) => {
      note('A', 'action', `tabs ${next ? '' : 'not '}coordinated: both tabs of Device A start over`);
      setCoordinated(next);
    },
    [note],
  );
  const running = useMemo(() => PANEL_IDS.flatMap((id) => (sessions[id] ? [sessions[id]] : [])), [sessions]);
  // Kicking "Device A's user" means whoever A is logged in as, else whoever it is about to log in as.
  const targetUserID = sessions.A?.getSnapshot().context.userID ?? settings.A.userID;

  // What the log and the diagram show: the present, or a loaded trace.
  const shown = replaying?.book ?? book;
  const viewed = viewing === undefined ? undefined : shown.rows.find((row) => row.id === viewing);
  const backToLive = useCallback(() => {
    setViewing(undefined);
    setReplaying(undefined);
  }, []);
  const load = (trace: Parameters<typeof replay>[0], name: string) => {
    const loaded = replay(trace);
    setReplaying({ name, book: loaded, playing: true });
    setViewing(stateRows(loaded)[0]?.id);
  };
  const select = (row: LogRow) => {
    setViewing(row.id);
    setReplaying((current) => current && { ...current, playing: false });
  };

  // A loaded trace plays by itself, one state row after another, until the user picks a row.
  useEffect(() => {
    if (!replaying?.playing) return;
    const timer = setTimeout(() => {
      const rows = stateRows(replaying.book);
      const next = rows[rows.findIndex((row) => row.id === viewing) + 1];
      if (next) setViewing(next.id);
      else setReplaying({ ...replaying, playing: false });
    }, replayStepMs);
    return () => clearTimeout(timer);
  }, [replaying, viewing, replayStepMs]);

  const marks = viewed?.marks ?? (replaying ? [] : snapshotOf(book.marks));
  const past = (viewed || replaying) && {
    label: viewed
      ? `${formatTime(viewed.at)}, ${PANEL_NAMES[viewed.source as PanelId]}: ${viewed.text}`
      : `the trace ${replaying?.name}`,
    onBackToLive: backToLive,
  };
  const panels = PANEL_IDS.filter((panel) => sessions[panel]);
  /** What each panel that runs a session is wired to: the same for all three, but for whose prompt shows. */
  const wiring = (panel: PanelId): PanelWiring => ({
    onSession: trackSession,
    prompted: prompted === panel,
    onPrompt: setPrompted,
    record,
    note,
    inspector,
  });

  return (
    <>
      <header className="page-header">
        <h1>imstate playground</h1>
        <p className="hint">
          Two simulated devices (and a second browser tab of Device A) on one simulated IM service, each
          driven by an <code>@imstate/core</code> session. Log both devices in as the same user on the same
          platform: the second kicks the first. Log in in tab 2 while tab 1 is online: it stands by, and takes
          over when you ask.
        </p>
        <InspectorToggle inspector={inspector} sessions={running} />
      </header>
      <nav aria-label="Sections" className="jump">
        <a href="#device-a">Device A</a>
        <a href="#device-a2">Tab 2</a>
        <a href="#device-b">Device B</a>
        <a href="#server">Server</a>
        <a href="#state-diagram">Diagram</a>
        <a href="#event-log">Log</a>
      </nav>
      <main>
        <div className="stage">
          <Device
            id="A"
            simulation={simulation}
            settings={settings.A}
            onSettingsChange={changeSettings}
            {...wiring('A')}
            tabs={tabs}
          />
          <DeviceTab
            simulation={simulation}
            userID={tabUserID}
            onUserIDChange={setTabUserID}
            open={tabOpen}
            onOpenChange={openTab}
            tabs={tabs}
            onCoordinatedChange={coordinate}
            {...wiring('A2')}
          />
          <Device
            id="B"
            simulation={simulation}
            settings={settings.B}
            onSettingsChange={changeSettings}
            {...wiring('B')}
          />
          <ServerControls
            simulation={simulation}
            targetUserID={targetUserID}
            onLatencyChange={changeLatency}
            note={note}
          />
        </div>
        <div className="insight">
          <Diagram marks={marks} panels={panels} past={past || undefined} />
          <EventLog
            rows={shown.rows}
            selected={viewing}
            onSelect={select}
            onClear={clear}
            trace={book.trace}
            onLoad={load}
            replaying={replaying?.name}
          />
        </div>
      </main>
    </>
  );
}
