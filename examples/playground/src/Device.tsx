import type { SessionActor } from '@imstate/core';
import { SessionProvider } from '@imstate/react';
import { memo, useMemo, useRef } from 'react';
import { DevicePanel } from './DevicePanel';
import type { Log } from './event-log';
import type { InspectorBridge } from './inspector';
import { createDeviceClient, type DeviceId, type DeviceSettings, type Simulation } from './simulation';

export interface DeviceProps {
  id: DeviceId;
  simulation: Simulation;
  settings: DeviceSettings;
  onSettingsChange(id: DeviceId, settings: DeviceSettings): void;
  /** Told which session drives this device (`undefined` while none does), for the diagram and inspector. */
  onSession(id: DeviceId, session: SessionActor | undefined): void;
  /** Whether this device shows the "log in again?" prompt. */
  prompted: boolean;
  /** Asks for the prompt on a device (one at a time: the newest kick), or for none. */
  onPrompt(id: DeviceId | undefined): void;
  log: Log;
  inspector: InspectorBridge;
}

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
  log,
  inspector,
}: DeviceProps) {
  const { platform } = settings;
  const client = useMemo(
    () =>
      createDeviceClient(simulation, platform, {
        inspect: inspector.inspect,
        onUserSigRequest: (userID, reason) => log(id, 'action', `getUserSig(${userID}, ${reason})`),
      }),
    [simulation, platform, inspector, log, id],
  );
  // Keyboard users who just chose a platform keep their focus on the (re-created) select.
  const platformFocus = useRef(false);

  const changeSettings = (next: DeviceSettings) => {
    if (next.platform !== platform) {
      platformFocus.current = true;
      log(id, 'action', `platform ${platform} → ${next.platform}: new SDK client and session`);
    }
    onSettingsChange(id, next);
  };

  return (
    <section aria-label={`Device ${id}`} className={`panel device device-${id.toLowerCase()}`}>
      <h2>Device {id}</h2>
      <SessionProvider key={`${simulation.id}-${platform}`} options={client.options}>
        <DevicePanel
          id={id}
          sdk={client.sdk}
          settings={settings}
          onSettingsChange={changeSettings}
          onSession={onSession}
          prompted={prompted}
          onPrompt={onPrompt}
          log={log}
          platformFocus={platformFocus}
        />
      </SessionProvider>
    </section>
  );
});
