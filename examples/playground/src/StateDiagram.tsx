import { type SessionActor, selectSubstate, sessionMachine } from '@imstate/core';
import { type DiagramState, describeMachine, toMermaid } from '@imstate/core/diagram';
import { memo, useCallback, useId, useSyncExternalStore } from 'react';
import { DEVICE_IDS, type DeviceId } from './simulation';

// The same generator as docs/state-machine.md: the diagram can never drift from the machine.
const diagram = describeMachine(sessionMachine);
const mermaid = toMermaid(sessionMachine);

const initialState = sessionMachine.config.initial;
const childrenOf = (parent: string | undefined) => diagram.states.filter((state) => state.parent === parent);
const transitionsFrom = (path: string) =>
  diagram.transitions.filter((transition) => transition.source === path);

type ActiveStates = Partial<Record<DeviceId, string>>;

const isActive = (path: string, substate: string | undefined) =>
  substate !== undefined && (substate === path || substate.startsWith(`${path}.`));

/** The session's active state path (`connecting.offline`), live. */
function useSubstate(session: SessionActor | undefined): string | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const subscription = session?.subscribe({ next: onChange, error: () => {} });
      return () => subscription?.unsubscribe();
    },
    [session],
  );
  const read = () => (session ? selectSubstate(session.getSnapshot()) : undefined);
  return useSyncExternalStore(subscribe, read, () => undefined);
}

interface StateBoxProps {
  state: DiagramState;
  initial: boolean;
  active: ActiveStates;
}

function StateBox({ state, initial, active }: StateBoxProps) {
  const here = DEVICE_IDS.filter((device) => isActive(state.path, active[device]));
  const children = childrenOf(state.path);
  const transitions = transitionsFrom(state.path);
  const classes = [
    'state',
    state.parent ? 'substate' : 'top',
    ...here.map((device) => `active-${device.toLowerCase()}`),
  ];
  return (
    <li className={classes.join(' ')} data-state={state.path}>
      <div className="state-title">
        {initial && (
          <span className="initial" title="initial state">
            <span className="visually-hidden">initial state: </span>
          </span>
        )}
        <span className="state-name">{state.key}</span>
        {here.map((device) => (
          <span key={device} className={`badge badge-${device.toLowerCase()}`}>
            <span aria-hidden="true">{device}</span>
            <span className="visually-hidden">: Device {device} is here</span>
          </span>
        ))}
      </div>
      {transitions.length > 0 && (
        <ul className="transitions">
          {transitions.map((transition) => (
            <li key={`${transition.event}-${transition.target}-${transition.guard ?? ''}`}>
              <span className="event">{transition.event}</span>
              {transition.guard && <span className="guard"> [{transition.guard}]</span>} → {transition.target}
            </li>
          ))}
        </ul>
      )}
      {children.length > 0 && (
        <ul className="states">
          {children.map((child) => (
            <StateBox key={child.path} state={child} initial={child.path === state.initial} active={active} />
          ))}
        </ul>
      )}
    </li>
  );
}

export interface StateDiagramProps {
  sessions: Partial<Record<DeviceId, SessionActor>>;
}

/** `sessionMachine`'s states and transitions, each device's active state highlighted in its colour. */
export const StateDiagram = memo(function StateDiagram({ sessions }: StateDiagramProps) {
  const id = useId();
  const active: ActiveStates = { A: useSubstate(sessions.A), B: useSubstate(sessions.B) };
  return (
    <section aria-labelledby={`${id}-title`} className="panel diagram">
      <h2 id={`${id}-title`}>State diagram</h2>
      <p className="hint">
        Generated from <code>sessionMachine</code>. Each box lists the transitions it declares (a parent's
        cover its children). Device <span className="badge badge-a">A</span> and device{' '}
        <span className="badge badge-b">B</span> mark the active states.
      </p>
      <ul className="states top-states">
        {childrenOf(undefined).map((state) => (
          <StateBox key={state.path} state={state} initial={state.path === initialState} active={active} />
        ))}
      </ul>
      <details>
        <summary>Mermaid source</summary>
        <pre>{mermaid}</pre>
      </details>
    </section>
  );
});
