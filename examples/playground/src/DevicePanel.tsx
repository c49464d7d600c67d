import { type SessionActor, selectSubstate } from '@imstate/core';
import { useSession, useSessionEvent, useSessionSelector } from '@imstate/react';
import { PLATFORMS, type Platform, type SimulatedSdk } from '@imstate/simulator';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Log } from './event-log';
import { KickedPrompt } from './KickedPrompt';
import type { DeviceId, DeviceSettings } from './simulation';
import { useSessionLog } from './use-session-log';

export interface DevicePanelProps {
  id: DeviceId;
  sdk: SimulatedSdk;
  settings: DeviceSettings;
  onSettingsChange(settings: DeviceSettings): void;
  onSession(id: DeviceId, session: SessionActor | undefined): void;
  /** Whether this device shows the "log in again?" prompt. */
  prompted: boolean;
  /** Asks for the prompt on a device (one at a time: the newest kick), or for none. */
  onPrompt(id: DeviceId | undefined): void;
  log: Log;
  /** Set when the user just chose a platform: the re-created select takes the focus back, once. */
  platformFocus: { current: boolean };
}

/** A device's controls and live state, over the session of the nearest `SessionProvider`. */
export function DevicePanel({
  id,
  sdk,
  settings,
  onSettingsChange,
  onSession,
  prompted,
  onPrompt,
  log,
  platformFocus,
}: DevicePanelProps) {
  const { status, userID, selfInfo, error, kickReason, login, logout, relogin, session } = useSession();
  const substate = useSessionSelector(selectSubstate);
  const [dropped, setDropped] = useState(sdk.network.dropped);
  const fieldId = useId();
  const reloginButton = useRef<HTMLButtonElement>(null);
  const platformSelect = useRef<HTMLSelectElement>(null);
  useSessionLog(session, id, log);
  useSessionEvent('kicked', () => onPrompt(id));
  useEffect(() => {
    onSession(id, session);
    return () => onSession(id, undefined);
  }, [id, session, onSession]);
  useEffect(() => {
    if (!platformFocus.current) return;
    platformFocus.current = false;
    platformSelect.current?.focus();
  }, [platformFocus]);

  const send = (text: string, action: () => void) => {
    log(id, 'action', text);
    action();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(`LOGIN ${settings.userID}`, () => login({ userID: settings.userID }));
  };
  const relogIn = () => send('RELOGIN', relogin);
  // The prompt's buttons vanish with it: keep keyboard focus in this device.
  const closePrompt = () => {
    onPrompt(undefined);
    reloginButton.current?.focus();
  };
  const setNetwork = (drop: boolean) =>
    send(drop ? 'network dropped' : 'network restored', () => {
      if (drop) sdk.network.drop();
      else sdk.network.restore();
      setDropped(drop);
    });

  return (
    <>
      <form className="device-form" onSubmit={submit}>
        <div className="fields">
          <div className="field">
            <label htmlFor={`${fieldId}-user`}>User ID</label>
            <input
              id={`${fieldId}-user`}
              value={settings.userID}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => onSettingsChange({ ...settings, userID: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${fieldId}-platform`}>Platform</label>
            <select
              id={`${fieldId}-platform`}
              value={settings.platform}
              ref={platformSelect}
              onChange={(event) =>
                onSettingsChange({ ...settings, platform: event.target.value as Platform })
              }
            >
              {PLATFORMS.map((platform) => (
                <option key={platform}>{platform}</option>
              ))}
            </select>
          </div>
        </div>
        <div className="buttons">
          <button type="submit">Log in</button>
          <button type="button" onClick={() => send('LOGOUT', logout)}>
            Log out
          </button>
          <button type="button" ref={reloginButton} onClick={relogIn}>
            Log in again
          </button>
        </div>
      </form>
      <div className="buttons">
        <button type="button" onClick={() => setNetwork(true)}>
          Drop network
        </button>
        <button type="button" onClick={() => setNetwork(false)}>
          Restore network
        </button>
      </div>
      <p className={`status status-${status}`}>
        <span className="label">Status</span> <strong role="status">{substate.split('.').join(' · ')}</strong>
      </p>
      <dl className="facts">
        <dt>Logged in as</dt>
        <dd>{userID ?? '—'}</dd>
        <dt>Nickname</dt>
        <dd>{selfInfo?.nickName ?? '—'}</dd>
        <dt>Network</dt>
        <dd>{dropped ? 'dropped' : 'connected'}</dd>
        <dt>Last error</dt>
        <dd>{error ? `${error.code} (${error.source}) ${error.message}` : '—'}</dd>
      </dl>
      {prompted && status === 'kicked' && (
        <KickedPrompt
          device={id}
          reason={kickReason ?? 'unknown'}
          onRelogin={() => {
            closePrompt();
            relogIn();
          }}
          onDismiss={closePrompt}
        />
      )}
    </>
  );
}
