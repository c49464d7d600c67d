import { type SessionOptions, type SessionSnapshot, sessionMachine } from '@imstate/core';
import { getAdjacencyMap, getShortestPaths, getStateNodes, type TraversalOptions } from '@xstate/graph';
import {
  __unsafe_getAllOwnEventDescriptors,
  type ActorLogic,
  type AnyActorScope,
  type AnyTransitionDefinition,
  createEmptyActor,
  type EventObject,
} from 'xstate';

/**
 * The statechart as a model: its pure transitions (`sessionMachine.transition`) explored with
 * `@xstate/graph`. No actor runs here; the results of the invoked actors (`xstate.done.actor.*` when a
 * step succeeded, `xstate.error.actor.*` when it failed) and the delays (`xstate.after.*`) are events the
 * model sends itself.
 */

/** An event the model can take: app and SDK events, invoked actors' results, fired delays. */
export type ModelEvent = EventObject & Record<string, unknown>;

/** One way to create the session: the model is explored once per variant. */
export interface ModelVariant {
  name: string;
  input: SessionOptions;
}

/** A generated path: the events the model takes from the initial state. */
export interface ModelPath {
  variant: ModelVariant;
  events: ModelEvent[];
}

/** What a path does in the model: every microstep's transitions and state nodes, and each step's snapshot. */
export interface PathTrace {
  transitions: Set<AnyTransitionDefinition>;
  stateNodes: Set<string>;
  /** `[0]` is the initial snapshot; `[i]` the snapshot after `events[i - 1]`. */
  snapshots: SessionSnapshot[];
}

const notRunByTheModel = () => {
  throw new Error('the model explores pure transitions: it never calls the SDK');
};

const modelSdk = {
  initSDK: notRunByTheModel,
  unInitSDK: notRunByTheModel,
  login: notRunByTheModel,
  logout: notRunByTheModel,
};

// Two attempts are enough to take both sides of the `hasAttemptsLeft` / `hasRefreshesLeft` guards.
const policy = { retry: { maxAttempts: 2 }, sigRetry: { maxAttempts: 2 } } as const;

/** A tab coordinator the model never runs: the model sends the `TAB.*` events itself. */
const modelTabs = { autoTakeOver: true, join: notRunByTheModel };

export const MODEL_VARIANTS: readonly ModelVariant[] = [
  {
    name: 'with getUserSig',
    input: { sdk: modelSdk, sdkAppID: 1400000001, getUserSig: notRunByTheModel, ...policy },
  },
  {
    name: 'with tabs',
    input: { sdk: modelSdk, sdkAppID: 1400000001, getUserSig: notRunByTheModel, tabs: modelTabs, ...policy },
  },
  {
    name: 'with tabs, no takeover by itself',
    input: {
      sdk: modelSdk,
      sdkAppID: 1400000001,
      getUserSig: notRunByTheModel,
      tabs: { ...modelTabs, autoTakeOver: false },
      ...policy,
    },
  },
  { name: 'without getUserSig', input: { sdk: modelSdk, sdkAppID: 1400000001, ...policy } },
  // A tab that takes over as another tab's user has no UserSig for that user, and nobody to ask for one.
  {
    name: 'with tabs, without getUserSig',
    input: { sdk: modelSdk, sdkAppID: 1400000001, tabs: modelTabs, ...policy },
  },
  { name: 'with an invalid SDKAppID', input: { sdk: modelSdk, sdkAppID: 0, ...policy } },
];

const networkError = { code: 2801, message: 'network', source: 'sdk' } as const;

/** What a failed login reports, by failure class, as the runtime classifies SDK codes. */
export const LOGIN_FAILURE_CODES = { transient: 2801, expired: 70001, permanent: 70009 } as const;

const loginFailure = (failure: keyof typeof LOGIN_FAILURE_CODES) => ({
  type: 'xstate.error.actor.login',
  error: { failure, error: { code: LOGIN_FAILURE_CODES[failure], message: failure, source: 'sdk' } },
});

/** The payloads the model tries for each event type (types not listed are sent as `{ type }`). */
const EVENT_PAYLOADS: readonly ModelEvent[] = [
  { type: 'LOGIN', userID: 'alice', userSig: 'model-sig-alice' },
  { type: 'LOGIN', userID: 'alice' },
  { type: 'LOGIN', userID: 'bob', userSig: 'model-sig-bob' },
  { type: 'LOGIN', userID: 'not valid!', userSig: 'model-sig' },
  { type: 'SDK.CONNECT_FAILED', error: networkError },
  { type: 'SDK.KICKED', reason: 'multipleDevice' },
  { type: 'SDK.SELF_INFO', info: { userID: 'alice', nickName: 'Alice' } },
  // The held UserSig's expiry, read from it: already past.
  { type: 'xstate.done.actor.sigExpiry', output: 0 },
  { type: 'xstate.error.actor.initSdk', error: { error: networkError } },
  { type: 'xstate.error.actor.logout', error: { error: networkError } },
  loginFailure('transient'),
  loginFailure('expired'),
  loginFailure('permanent'),
  // R13b: the gate refuses sdk.login while an earlier call runs; R9: it makes no sdk.logout while a login runs.
  { type: 'xstate.error.actor.login', error: { failure: 'earlierCall' } },
  { type: 'xstate.error.actor.logout', error: { failure: 'loginInFlight' } },
  // With tabs: what the coordinator reports (a role, another tab's user, a kick by the server or a stolen hold).
  { type: 'TAB.ROLE', role: 'active' },
  { type: 'TAB.ROLE', role: 'standby' },
  { type: 'TAB.ROLE', role: 'alone' },
  { type: 'TAB.HELD_ELSEWHERE', userID: 'bob' },
  { type: 'TAB.TAKEOVER', userID: 'bob' },
  { type: 'TAB.KICKED', reason: 'restApi' },
  { type: 'TAB.KICKED', reason: 'otherTab' },
];

/** Every event the active state nodes handle, with each payload variant (`TAB.*` only with tabs). */
function eventsFor(snapshot: SessionSnapshot): ModelEvent[] {
  const withTabs = 'autoTakeOver' in snapshot.context;
  return __unsafe_getAllOwnEventDescriptors(snapshot).flatMap((type) => {
    if (!withTabs && type.startsWith('TAB.')) return [];
    const payloads = EVENT_PAYLOADS.filter((event) => event.type === type);
    return payloads.length > 0 ? payloads : [{ type }];
  });
}

/**
 * The abstract state: the state value plus exactly the context the guards read. Everything else
 * (backoff delays, profiles, error texts) would only multiply states without changing any decision.
 */
export function abstractState(snapshot: SessionSnapshot): string {
  const { attempt, userID, error, pendingLogin, tab, kickReason, loginReason, holdsUserSig, sigExpiresAt } =
    snapshot.context;
  return JSON.stringify([
    snapshot.value,
    attempt,
    userID ?? null,
    error !== undefined,
    pendingLogin,
    tab ?? null,
    kickReason === 'otherTab',
    // Which UserSig the next attempt would use (the choice `choosingUserSig` makes), not the facts behind it.
    loginReason === 'login' && holdsUserSig
      ? 'given'
      : holdsUserSig && (sigExpiresAt ?? Number.POSITIVE_INFINITY) > Date.now()
        ? 'held'
        : 'asked',
  ]);
}

/** The machine as @xstate/graph sees it: logic over snapshots and the model's events. */
const modelLogic = sessionMachine as unknown as ActorLogic<SessionSnapshot, ModelEvent, SessionOptions>;

const traversal = (variant: ModelVariant): TraversalOptions<SessionSnapshot, ModelEvent, SessionOptions> => ({
  input: variant.input,
  events: eventsFor,
  serializeState: abstractState,
  // The abstract state space is finite (~150 to ~900 states per variant); the limit turns any future blow-up
  // into a failure instead of a hang.
  limit: 60_000,
});

/** Every state node below the root, by id. */
export const ALL_STATE_NODES: readonly string[] = getStateNodes(sessionMachine.root).map((node) => node.id);

/** Every transition the machine defines: each candidate of `on`, invoke `onDone`/`onError`, `after` and `always`. */
export const ALL_TRANSITIONS: ReadonlyMap<AnyTransitionDefinition, string> = new Map(
  [sessionMachine.root, ...getStateNodes(sessionMachine.root)].flatMap((node) =>
    [...node.transitions.values(), node.always ?? []].flatMap((candidates) =>
      candidates.map((transition, index) => [transition, describeTransition(transition, index)] as const),
    ),
  ),
);

function describeTransition(transition: AnyTransitionDefinition, index: number): string {
  const name = (id: string) => id.replace(/^session\.?/, '') || '(root)';
  const guard = transition.guard as { type?: string } | string | undefined;
  const guardName = typeof guard === 'string' ? guard : guard?.type;
  const targets = transition.target?.map((node) => name(node.id)).join(', ') ?? '(stays)';
  const event = transition.eventType || 'always';
  return `${name(transition.source.id)} —${event}#${index}${guardName ? ` [${guardName}]` : ''}→ ${targets}`;
}

/** A pure actor scope that records the transitions of every microstep (XState reports them to inspection). */
function recordingScope(trace: PathTrace): AnyActorScope {
  const self = createEmptyActor();
  const record = (inspection: { type: string; snapshot?: unknown; _transitions?: unknown }) => {
    if (inspection.type !== '@xstate.microstep') return;
    for (const transition of inspection._transitions as AnyTransitionDefinition[]) {
      trace.transitions.add(transition);
    }
    for (const node of (inspection.snapshot as SessionSnapshot)._nodes) trace.stateNodes.add(node.id);
  };
  return {
    self,
    id: 'model',
    sessionId: 'model',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: () => {},
    system: { ...self.system, _sendInspectionEvent: record },
  } as unknown as AnyActorScope;
}

/** Runs a path through the machine's pure transitions, recording what it covers. */
export function tracePath(path: ModelPath): PathTrace {
  const trace: PathTrace = { transitions: new Set(), stateNodes: new Set(), snapshots: [] };
  const scope = recordingScope(trace);
  let snapshot = sessionMachine.getInitialSnapshot(scope, path.variant.input);
  trace.snapshots.push(snapshot);
  for (const event of path.events) {
    snapshot = sessionMachine.transition(snapshot, event as never, scope);
    trace.snapshots.push(snapshot);
  }
  for (const snap of trace.snapshots) for (const node of snap._nodes) trace.stateNodes.add(node.id);
  trace.stateNodes.delete(sessionMachine.root.id);
  return trace;
}

/**
 * Transition-cover paths of one variant: for every edge of the abstract state graph, the shortest path
 * to its source state (`getShortestPaths`) followed by that edge (`getAdjacencyMap`).
 */
export function edgeCoverPaths(variant: ModelVariant): { paths: ModelPath[]; abstractStates: number } {
  const options = traversal(variant);
  const shortest = new Map(
    getShortestPaths(modelLogic, options).map((path) => [abstractState(path.state), path]),
  );
  const adjacency = getAdjacencyMap(modelLogic, options);
  const paths: ModelPath[] = [{ variant, events: [] }];
  for (const [state, { transitions }] of Object.entries(adjacency)) {
    const head = shortest.get(state);
    if (!head) throw new Error(`no shortest path to ${state}`);
    // Steps from @xstate/graph start with the synthetic `xstate.init`.
    const prefix = head.steps.slice(1).map((step) => step.event);
    for (const { event } of Object.values(transitions) as { event: ModelEvent }[]) {
      paths.push({ variant, events: [...prefix, event] });
    }
  }
  return { paths, abstractStates: Object.keys(adjacency).length };
}

/** Keeps, shortest first, each path that covers a transition or state node no kept path covers. */
export function selectCoveringPaths(paths: ModelPath[]) {
  const transitions = new Set<AnyTransitionDefinition>();
  const stateNodes = new Set<string>();
  const selected: { path: ModelPath; trace: PathTrace }[] = [];
  for (const path of [...paths].sort((a, b) => a.events.length - b.events.length)) {
    const trace = tracePath(path);
    const adds =
      [...trace.transitions].some((t) => !transitions.has(t)) ||
      [...trace.stateNodes].some((id) => !stateNodes.has(id));
    if (!adds) continue;
    for (const t of trace.transitions) transitions.add(t);
    for (const id of trace.stateNodes) stateNodes.add(id);
    selected.push({ path, trace });
  }
  return { selected, transitions, stateNodes };
}

/** A readable name for a path: its events, with the payload detail that matters. */
export function describePath(path: ModelPath): string {
  const label = (event: ModelEvent) => {
    const step = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (step) {
      const failure = (event.error as { failure?: string } | undefined)?.failure;
      return `${step[2]} ${step[1] === 'done' ? 'ok' : (failure ?? 'failed')}`;
    }
    if (event.type.startsWith('xstate.after.')) return 'delay elapses';
    if (event.type === 'LOGIN') return `LOGIN ${String(event.userID)}${event.userSig ? '+sig' : ''}`;
    return event.type;
  };
  const events = path.events.map(label).join(' → ') || '(start)';
  return `${path.variant.name}: ${events}`;
}
