import { type FormEvent, useId, useState } from 'react';
import { formatTime } from './EventLog';
import { LATENCIES_MS, type Simulation } from './simulation';
import type { Note } from './use-logbook';

export interface ServerControlsProps {
  simulation: Simulation;
  /** The user of Device A: the one the REST API kick and the profile update act on. */
  targetUserID: string;
  onLatencyChange(latencyMs: number): void;
  note: Note;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** What the IM service's operator can do: move its clock, kick through the REST API, edit a profile. */
export function ServerControls({ simulation, targetUserID, onLatencyChange, note }: ServerControlsProps) {
  const { server, latencyMs } = simulation;
  const id = useId();
  const [nickName, setNickName] = useState('Alice Liddell');
  // Read while rendering: the page renders again on every session change, which is when these change.
  const sessions = server.sessions();
  const ahead = server.now() - Date.now();

  const expireUserSigs = () => {
    const moved = server.expireAllUserSigs();
    note(
      'server',
      'server',
      moved > 0
        ? `clock moved ${seconds(moved)} ahead: every UserSig has expired`
        : 'no UserSig left to expire',
      server.now(),
    );
  };
  const kick = () => {
    const clients = server.kick(targetUserID);
    note('server', 'server', `REST API kick of ${targetUserID}: ${clients} client(s) kicked`, server.now());
  };
  const updateProfile = (event: FormEvent) => {
    event.preventDefault();
    server.updateProfile(targetUserID, { nickName });
    note('server', 'server', `profile of ${targetUserID}: nickName "${nickName}"`, server.now());
  };

  return (
    <section aria-labelledby={`${id}-title`} id="server" className="panel server">
      <h2 id={`${id}-title`}>Simulated server</h2>
      <p className="hint">
        Server clock {formatTime(server.now())}
        {ahead >= 1000 && ` (${seconds(ahead)} ahead)`}
      </p>
      <div className="buttons">
        <button type="button" onClick={expireUserSigs} aria-describedby={`${id}-expire`}>
          Expire UserSigs
        </button>
        <button type="button" onClick={kick} aria-describedby={`${id}-target`}>
          Kick via REST API
        </button>
      </div>
      <p id={`${id}-expire`} className="hint">
        Moves the server clock past every UserSig; sessions fetch new ones through <code>getUserSig</code>,
        which the simulated backend answers in {simulation.userSigDelayMs} ms.
      </p>
      <form className="inline-form" onSubmit={updateProfile} aria-describedby={`${id}-target`}>
        <label htmlFor={`${id}-nick`}>Nickname</label>
        <input id={`${id}-nick`} value={nickName} onChange={(event) => setNickName(event.target.value)} />
        <button type="submit">Update profile</button>
      </form>
      <p id={`${id}-target`} className="hint">
        The REST API kick and the profile update act on Device A's user,{' '}
        <strong>{targetUserID || '—'}</strong>.
      </p>
      <div className="field">
        <label htmlFor={`${id}-latency`}>Latency</label>
        <select
          id={`${id}-latency`}
          value={latencyMs}
          aria-describedby={`${id}-latency-hint`}
          onChange={(event) => onLatencyChange(Number(event.target.value))}
        >
          {LATENCIES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {ms} ms
            </option>
          ))}
        </select>
        <p id={`${id}-latency-hint`} className="hint">
          Delay of every reply and callback. Changing it starts a new server: both devices start over.
        </p>
      </div>
      <h3>Logged in on the server</h3>
      {sessions.length === 0 ? (
        <p className="hint">Nobody.</p>
      ) : (
        <ul className="sessions">
          {sessions.map((session) => (
            <li key={`${session.userID}-${session.platform}`}>
              {session.userID} on {session.platform}, UserSig valid until {formatTime(session.expiresAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
