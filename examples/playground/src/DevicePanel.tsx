import type { SessionActor } from '@imstate/core';
import { useSession, useSessionEvent, useSessionSelector } from '@imstate/react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Command } from './Command';
import { KickedPrompt } from './KickedPrompt';
import type { PanelId } from './logbook';
import { commandStates, statusText, tabLine, userLine } from './session-controls';
import { type RecordEntry, useSessionRecording } from './use-session-recording';
import { explainUserID } from './user-id';

export interface DevicePanelProps {
  panel: PanelId;
  /** The User ID field's value: kept by the page, so it survives a new session. */
  userID: string;
  onUserIDChange(userID: string): void;
  onSession(panel: PanelId, session: SessionActor | undefined): void;
  /** Whether this panel shows the "log in again?" prompt. */
  prompted: boolean;
  /** Asks for the prompt on a panel (one at a time: the newest kick), or for none. */
  onPrompt(panel: PanelId | undefined): void;
  record: RecordEntry;
  /** Fields beside the User ID (a device's Platform). */
  fields?: ReactNode;
  /** Controls below the session's own (a device's network, a tab's close button). */
  children?: ReactNode;
  /** Facts below the session's own (a device's network). */
  facts?: ReactNode;
}

/** A panel's session controls and live state, over the session of the nearest `SessionProvider`. */
export function DevicePanel({
  panel,
  userID,
  onUserIDChange,
  onSession,
  prompted,
  onPrompt,
  record,
  fields,
  children,
  facts,
}: DevicePanelProps) {
  const { status, selfInfo, error, kickReason, login, logout, relogin, session } = useSession();
  const line = useSessionSelector(statusText);
  const tab = useSessionSelector(tabLine);
  const user = useSessionSelector(userLine, (a, b) => a?.label === b?.label && a?.userID === b?.userID);
  const commands = useSessionSelector(
    (snapshot) => commandStates(snapshot, userID),
    (a, b) => a.login === b.login && a.logout === b.logout && a.relogin === b.relogin,
  );
  const fieldId = useId();
  const [touched, setTouched] = useState(false);
  const reloginButton = useRef<HTMLButtonElement>(null);
  const problems = touched ? explainUserID(userID) : [];
  useSessionRecording(session, panel, record);
  useSessionEvent('kicked', () => onPrompt(panel));
  useEffect(() => {
    onSession(panel, session);
    return () => onSession(panel, undefined);
  }, [panel, session, onSession]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    // Sent as typed, refused or not: the session's own validation answers too (INVALID_USER_ID, no SDK call).
    if (!commands.login) login({ userID });
  };
  // The prompt's buttons vanish with it: keep keyboard focus in this panel.
  const closePrompt = () => {
    onPrompt(undefined);
    reloginButton.current?.focus();
  };

  return (
    <>
      <form className="device-form" onSubmit={submit} noValidate>
        <div className="fields">
          <div className="field">
            <label htmlFor={`${fieldId}-user`}>User ID</label>
            <input
              id={`${fieldId}-user`}
              value={userID}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={problems.length > 0 || undefined}
              aria-describedby={problems.length > 0 ? `${fieldId}-problems` : undefined}
              onChange={(event) => {
                setTouched(true);
                onUserIDChange(event.target.value);
              }}
            />
            {problems.length > 0 && (
              <p id={`${fieldId}-problems`} className="field-error">
                {problems.join('. ')}
              </p>
            )}
          </div>
          {fields}
        </div>
        <div className="buttons">
          <Command type="submit" disabledBecause={commands.login}>
            Log in
          </Command>
          <Command onClick={logout} disabledBecause={commands.logout}>
            Log out
          </Command>
          <Command ref={reloginButton} onClick={relogin} disabledBecause={commands.relogin}>
            Log in again
          </Command>
        </div>
      </form>
      {children}
      <p className={`status status-${status}`}>
        <span className="label">Status</span> <strong role="status">{line}</strong>
      </p>
      <dl className="facts">
        {user && (
          <>
            <dt>{user.label}</dt>
            <dd>{user.userID}</dd>
          </>
        )}
        {tab && (
          <>
            <dt>Tab</dt>
            <dd>{tab}</dd>
          </>
        )}
        <dt>Nickname</dt>
        <dd>{selfInfo?.nickName ?? '—'}</dd>
        {facts}
        <dt>Last error</dt>
        <dd>{error ? `${error.code} (${error.source}) ${error.message}` : '—'}</dd>
      </dl>
      {prompted && status === 'kicked' && (
        <KickedPrompt
          panel={panel}
          reason={kickReason ?? 'unknown'}
          onRelogin={() => {
            closePrompt();
            relogin();
          }}
          onDismiss={closePrompt}
        />
      )}
    </>
  );
}
