import { SessionProvider } from '@imstate/react';
import type { TabsOptions } from '@imstate/tabs';
import { memo, type ReactNode, useId } from 'react';
import { Command } from './Command';
import { type PanelWiring, sessionKey, useDeviceClient } from './Device';
import { DevicePanel } from './DevicePanel';
import { PANEL_NAMES, type PanelId } from './logbook';
import type { Simulation } from './simulation';

export interface DeviceTabProps extends PanelWiring {
  simulation: Simulation;
  userID: string;
  onUserIDChange(userID: string): void;
  /** Whether the tab is open: a closed tab's session is stopped, as when a browser tab closes. */
  open: boolean;
  onOpenChange(open: boolean): void;
  /** How Device A's tabs coordinate (`createTabs` options), or `undefined` while they do not. */
  tabs: TabsOptions | undefined;
  onCoordinatedChange(coordinated: boolean): void;
}

const PANEL: PanelId = 'A2';

/**
 * Device A's browser opened twice: a second web page, so a second web instance for the IM service. While "Coordinate
 * tabs" is checked, both tabs' sessions share `createTabs` with one key (Web Locks and BroadcastChannel, as real tabs
 * do): one login per browser. Unchecked, they are two web instances and the service kicks the older one.
 */
export const DeviceTab = memo(function DeviceTab({
  simulation,
  userID,
  onUserIDChange,
  open,
  onOpenChange,
  tabs,
  onCoordinatedChange,
  onSession,
  prompted,
  onPrompt,
  record,
  note,
  inspector,
}: DeviceTabProps) {
  const id = useId();
  const client = useDeviceClient(simulation, 'web', PANEL, tabs, inspector, note);
  const toggle = (
    <div className="buttons">
      <Command aria-describedby={`${id}-toggle`} onClick={() => onOpenChange(!open)}>
        {open ? 'Close tab' : 'Open tab'}
      </Command>
    </div>
  );

  return (
    <section aria-label={PANEL_NAMES[PANEL]} id="device-a2" className="panel device panel-a2">
      <h2>{PANEL_NAMES[PANEL]}</h2>
      <p id={`${id}-toggle`} className="hint">
        Device A's browser, a second page (always <code>web</code>). Closing it stops its session, as closing
        a real tab does.
      </p>
      {open ? (
        <SessionProvider key={sessionKey(simulation, 'web', tabs)} options={client.options}>
          <DevicePanel
            panel={PANEL}
            userID={userID}
            onUserIDChange={onUserIDChange}
            onSession={onSession}
            prompted={prompted}
            onPrompt={onPrompt}
            record={record}
          >
            {toggle}
          </DevicePanel>
        </SessionProvider>
      ) : (
        <ClosedTab userID={userID}>{toggle}</ClosedTab>
      )}
      <div className="coordinate">
        <input
          id={`${id}-coordinate`}
          type="checkbox"
          checked={tabs !== undefined}
          aria-describedby={`${id}-coordinate-hint`}
          onChange={(event) => onCoordinatedChange(event.target.checked)}
        />
        <label htmlFor={`${id}-coordinate`}>Coordinate tabs</label>
        <p id={`${id}-coordinate-hint`} className="hint">
          {tabs
            ? 'Both tabs of Device A share createTabs({ key }): one holds the login, the other stands by. '
            : 'Two uncoordinated web instances: a login in one makes the service kick the other (multipleAccount). '}
          Changing this starts both tabs over.
        </p>
      </div>
    </section>
  );
});

/** A closed tab: its controls stay where they were, disabled, so the panel does not jump. */
function ClosedTab({ userID, children }: { userID: string; children: ReactNode }) {
  const id = useId();
  const why = 'the tab is closed';
  return (
    <>
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-user`}>User ID</label>
          <input id={`${id}-user`} value={userID} disabled readOnly />
        </div>
      </div>
      <div className="buttons">
        <Command disabledBecause={why}>Log in</Command>
        <Command disabledBecause={why}>Log out</Command>
        <Command disabledBecause={why}>Log in again</Command>
      </div>
      {children}
      <p className="status status-closed">
        <span className="label">Status</span> <strong role="status">tab closed</strong>
      </p>
    </>
  );
}
