import { sessionMachine } from '@imstate/core';
import { describeMachine, toMermaid } from '@imstate/core/diagram';

const { states, transitions } = describeMachine(sessionMachine);
console.log(`${states.length} states, ${transitions.length} transitions`);
for (const state of states.filter((candidate) => candidate.parent === undefined)) {
  console.log(state.key); // the six statuses: init, loggedOut, connecting, online, kicked, sigExpired
}

// A Mermaid `stateDiagram-v2`, e.g. for a Markdown page (docs/state-machine.md is made this way).
const mermaid = toMermaid(sessionMachine);
console.log(mermaid.split('\n')[0]); // stateDiagram-v2
