import type { SessionActor } from '@imstate/core';
import { SessionProvider } from '@imstate/react';
import { PLATFORMS, type Platform } from '@imstate/simulator';
import type { TabsOptions } from '@imstate/tabs';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Command } from './Command';
import { DevicePanel } from './DevicePanel';
import type { InspectorBridge } from './inspector';
import type { PanelId } from './logbook';
import { createDeviceClient, type DeviceId, type DeviceSettings, type Simulation } from './simulation';
import type { Note } from './use-logbook';
import type { RecordEntry } from './use-session-recording';

/** What every panel that runs a session (Device A, its tab 2, Device B) is wired to on the page. */
export interface PanelWiring {
  /** Told which session drives this panel (`undefined` while none does), for the inspector. */
  onSession(panel: PanelId, session: SessionActor | undefined): void;
  /** Whether this panel shows the "log in again?" prompt. */
  prompted: boolean;
  /** Asks for the prompt on a panel (one at a time: the newest kick), or for none. */
  onPrompt(panel: PanelId | undefined): void;
  record: RecordEntry;
  note: Note;
  inspector: InspectorBridge;
}

export interface DeviceProps extends PanelWiring {
  id: DeviceId;
  simulation: Simulation;
  settings: DeviceSettings;
  onSettingsChange(id: DeviceId, settings: DeviceSettings): void;
  /** How Device A's browser tabs coordinate (`createTabs` options), or `undefined` while they do not. */
  tabs?: TabsOptions | undefined;
}

/** A panel's SDK client and session options, made again when any of what they are made of changes. */
export function useDeviceClient(
  simulation: Simulation,
  platform: Platform,
  panel: PanelId,
  tabs: TabsOptions | undefined,
  inspector: InspectorBridge,
  note: Note,
) {
  return useMemo(
    () =>
      createDeviceClient(
        simulation,
        platform,
        {
          inspect: inspector.inspect,
          onUserSigRequest: (userID, reason) => note(panel, 'action', `getUserSig(${userID}, ${reason})`),
        },
        tabs,
      ),
    [simulation, platform, panel, tabs, inspector, note],
  );
}

/** Remounts a panel's session provider whenever its client is made again: a session's options are fixed. */
export const sessionKey = (simulation: Simulation, platform: Platform, tabs: TabsOptions | undefined) =>
  `${simulation.id}-${platform}-${tabs ? 'tabs' : 'alone'}`;

/**
 * One simulated device. A client's platform is fixed when it is created, so choosing another platform
 * replaces the device's SDK client and session: the old session stops (its server session ends with it)
 * and a new one starts logged out, keeping the User ID.
 */
export const Device = memo(function Device({
  id,
  simulation,
  settings,
  onSettingsChange,
  onSession,
  prompted,
  onPrompt,
  record,
  note,
  inspector,
  tabs,
}: DeviceProps) {
  const { platform } = settings;
  const fieldId = useId();
  const client = useDeviceClient(simulation, platform, id, tabs, inspector, note);
  const [dropped, setDropped] = useState(client.sdk.network.dropped);
  useEffect(() => setDropped(client.sdk.network.dropped), [client]);
  // Keyboard users who just chose a platform keep their focus on the select, re-created with the new session.
  const platformFocus = useRef(false);
  const focusIfChosen = (select: HTMLSelectElement | null) => {
    if (!select || !platformFocus.current) return;
    platformFocus.current = false;
    select.focus();
  };

  const choosePlatform = (next: Platform) => {
    platformFocus.current = true;
    note(id, 'action', `platform ${platform} → ${next}: new SDK client and session`);
    onSettingsChange(id, { ...settings, platform: next });
  };
  const setNetwork = (drop: boolean) => {
    note(id, 'action', drop ? 'network dropped' : 'network restored');
    if (drop) client.sdk.network.drop();
    else client.sdk.network.restore();
    setDropped(drop);
  };

  return (
    <section
      aria-label={`Device ${id}`}
      id={`device-${id.toLowerCase()}`}
      className={`panel device panel-${id.toLowerCase()}`}
    >
      <h2>Device {id}</h2>
      <SessionProvider key={sessionKey(simulation, platform, tabs)} options={client.options}>
        <DevicePanel
          panel={id}
          userID={settings.userID}
          onUserIDChange={(userID) => onSettingsChange(id, { ...settings, userID })}
          onSession={onSession}
          prompted={prompted}
          onPrompt={onPrompt}
          record={record}
          fields={
            <div className="field">
              <label htmlFor={`${fieldId}-platform`}>Platform</label>
              <select
                id={`${fieldId}-platform`}
                value={platform}
                ref={focusIfChosen}
                onChange={(event) => choosePlatform(event.target.value as Platform)}
              >
                {PLATFORMS.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </select>
            </div>
          }
          facts={
            <>
              <dt>Network</dt>
              <dd>{dropped ? 'dropped' : 'connected'}</dd>
            </>
          }
        >
          <div className="buttons">
            <Command
              onClick={() => setNetwork(true)}
              disabledBecause={dropped ? 'the network is already dropped' : undefined}
            >
              Drop network
            </Command>
            <Command
              onClick={() => setNetwork(false)}
              disabledBecause={dropped ? undefined : 'the network is connected'}
            >
              Restore network
            </Command>
          </div>
        </DevicePanel>
      </SessionProvider>
    </section>
  );
});
