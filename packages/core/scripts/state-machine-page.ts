import { sessionMachine } from '@imstate/core';
import { describeMachine, toMermaid } from '@imstate/core/diagram';

/** What each state means; every state of the machine must have a line (the diagram test checks). */
export const STATE_NOTES: Record<string, string> = {
  init: 'Created or started; the SDK is not ready yet.',
  'init.validating': 'Checks the SDKAppID (a positive safe integer) before touching the SDK.',
  'init.initializing': '`initSDK` is running. A LOGIN sent now is remembered and replayed when it finishes.',
  'init.failed': '`initSDK` failed or the SDKAppID is invalid; `context.error` says why. RETRY starts over.',
  loggedOut: 'Ready; nobody is logged in (or the last login failed: RETRY repeats it).',
  'loggedOut.idle': 'Nothing in flight.',
  'loggedOut.loggingOut': '`sdk.logout()` runs in the background; a failure lands in `context.error`.',
  connecting: 'Logging in, or the SDK is reconnecting by itself.',
  'connecting.deciding': 'With `tabs`, a login is claimed first; without, it starts at once.',
  'connecting.choosingUserSig':
    'Each attempt starts here (never at rest): a LOGIN logs in with the UserSig it brought (`usesGivenUserSig`), a RELOGIN with the held one unless it is known to be expired (`heldUserSigIsFresh`); otherwise the attempt asks `getUserSig` first (`hasUserSigProvider`). Without a provider: `sigExpired` when the UserSig held has expired (`holdsUserSig`), else `loggedOut` with INVALID_USER_SIG.',
  'connecting.claiming':
    'With `tabs`: asks the other tabs whether one of them holds the login. Only the tab that holds it logs in.',
  'connecting.takingOver':
    'With `tabs`, "use here": the tab holding the login logs out first (or loses its hold after the takeover timeout).',
  'connecting.switchingUser': 'LOGIN as another user while online: logging the previous user out first.',
  'connecting.loggingIn':
    'One attempt: `getUserSig(userID, { reason })` first when `choosingUserSig` said so, then `sdk.login`, each bounded by `loginTimeoutMs`. The SDK-call gate refuses the login while an earlier login or logout still runs (R13b): then `waitingForEarlierCall`.',
  'connecting.waitingForEarlierCall':
    'Waits until the earlier `sdk.login`/`sdk.logout` has settled or outlived `loginTimeoutMs`, then logs in.',
  'connecting.retrying':
    'A transient failure: waiting (exponential backoff, full jitter) before the next attempt.',
  'connecting.reconnecting':
    'The SDK lost its connection and reconnects by itself; `sdk.login` is never called.',
  'connecting.offline':
    'The SDK reported a connection failure and keeps trying; `context.error` holds its code.',
  online: 'Logged in and connected: the SDK is usable.',
  kicked:
    'The server ended the session, or (`otherTab`) another tab holds the login (`context.kickReason`). Never logs in by itself, but for `kicked.standingBy`.',
  'kicked.resting': 'Rests until RELOGIN, LOGIN or LOGOUT.',
  'kicked.displaced':
    'With `tabs`: another tab takes the login over; `sdk.logout()` for it, then this tab lets go.',
  'kicked.standingBy':
    'With `tabs`: another tab holds the login. Should that tab go away while logged in, this one takes over by itself.',
  sigExpired: 'The UserSig expired. One refresh episode per entry, bounded by `sigRetry`.',
  'sigExpired.deciding':
    'Refreshes when the app gave `getUserSig`, else waits for a LOGIN with a new UserSig.',
  'sigExpired.refreshing':
    'Asks `getUserSig(userID, { reason: "expired" })` and logs in with a different UserSig (waiting first for an earlier call, as in `connecting`).',
  'sigExpired.waitingForEarlierCall':
    'Waits until an earlier `sdk.login`/`sdk.logout` has settled or outlived `loginTimeoutMs`, then logs in.',
  'sigExpired.backingOff': 'A refresh attempt failed: waiting before the next one.',
  'sigExpired.waiting': 'Resting: refreshes are used up (or there is no provider). LOGIN, RETRY or LOGOUT.',
};

export function renderStateMachinePage(): string {
  const { states, transitions } = describeMachine(sessionMachine);
  const rows = states.map((state) => {
    const note = STATE_NOTES[state.path] ?? '';
    return `| \`${state.path}\` | ${note} |`;
  });
  const edges = transitions.map(
    (edge) =>
      `| \`${edge.source || '(root)'}\` | ${edge.event}${edge.guard ? ` [${edge.guard}]` : ''} | \`${edge.target}\` |`,
  );
  return `<!-- Generated from sessionMachine by \`pnpm docs:diagram\`; do not edit by hand. -->
# The session state machine

\`sessionMachine\` has exactly six top-level states, the \`SessionStatus\` names. Substates refine them;
\`selectStatus(snapshot)\` returns the top-level name and \`selectSubstate(snapshot)\` the full path.

[![The session statechart: the six top-level states with their substates inside them, and every transition as an arrow labelled with its event and guard](./images/state-machine.svg)](./images/state-machine.svg)

Laid out from the machine itself by [ELK](https://eclipse.dev/elk/) (\`elkjs\`) at build time; open the picture for
its full size. The playground draws the same picture live, with each device's state lit and its last transition
animated. Dots mark initial states; an arrow from a parent state applies in all of its substates.

<details>
<summary>The same diagram as Mermaid source</summary>

\`\`\`mermaid
${toMermaid(sessionMachine)}\`\`\`

</details>

## States

| state | meaning |
| --- | --- |
${rows.join('\n')}

## Transitions

Events named \`SDK.*\` come from the SDK listener; \`done: x\` is the result of the invoked actor \`x\`;
\`after retryDelay\` is the backoff delay. Transitions declared on a parent apply in all of its substates.

| from | event [guard] | to |
| --- | --- | --- |
${edges.join('\n')}
`;
}
