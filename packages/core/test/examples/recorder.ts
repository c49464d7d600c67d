import { createSession, selectStatus } from '@imstate/core';
import { recordSession } from '@imstate/core/recorder';
import { waitFor } from 'xstate';
import { createMemorySdk, fetchUserSig } from './memory-sdk';

const { sdk, service } = createMemorySdk();
const session = createSession({ sdk, sdkAppID: 1400000001, getUserSig: fetchUserSig });
const recorder = recordSession(session); // before start(): the trace begins with the first state
session.start();

session.send({ type: 'LOGIN', userID: 'alice' });
await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
service.kick('multipleDevice');

// Plain JSON with no UserSig in it: attach it to a bug report, or load it into the playground to replay it.
const trace = recorder.trace();
for (const entry of trace.entries) {
  if (entry.kind !== 'state') continue;
  const via = entry.transitions.map(({ event, guard }) => (guard ? `${event} [${guard}]` : event));
  console.log(`${entry.state}${via.length ? ` ← ${via.join(', ')}` : ''}`);
}
recorder.stop();
session.stop();
