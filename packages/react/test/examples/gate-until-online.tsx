import { selectIsOnline, useSession, useSessionSelector } from '@imstate/react';
import { type ReactNode, useEffect, useState } from 'react';
import { waitFor } from 'xstate';

/** Renders `children` only while the session is online, so SDK calls made inside them can succeed. */
export function OnlineOnly({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return useSessionSelector(selectIsOnline) ? children : fallback;
}

/** Keeps its list through a reconnect, and loads it again each time the session comes back online. */
export function Conversations({ load }: { load: () => Promise<string[]> }) {
  const online = useSessionSelector(selectIsOnline);
  const [conversations, setConversations] = useState<string[]>([]);
  useEffect(() => {
    if (!online) return;
    let current = true;
    load()
      .then((list) => current && setConversations(list))
      .catch(console.error);
    return () => {
      current = false;
    };
  }, [online, load]);
  return (
    <ul aria-label="Conversations">
      {conversations.map((id) => (
        <li key={id}>{id}</li>
      ))}
    </ul>
  );
}

/** One-off work from an event handler: wait (at most 10 s) for `online`, then do it. */
export function SendButton({ send }: { send: () => void }) {
  const { session } = useSession();
  const [stillOffline, setStillOffline] = useState(false);
  async function onClick() {
    setStillOffline(false);
    try {
      await waitFor(session, selectIsOnline, { timeout: 10_000 });
      send();
    } catch {
      setStillOffline(true);
    }
  }
  return (
    <>
      <button type="button" onClick={onClick}>
        Send
      </button>
      {stillOffline && <p role="alert">Still offline: try again later.</p>}
    </>
  );
}
