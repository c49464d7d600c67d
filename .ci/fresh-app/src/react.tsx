import {
  type SessionOptions,
  SessionProvider,
  selectSubstate,
  useSession,
  useSessionEvent,
  useSessionSelector,
} from '@imstate/react';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { simulatedSdk } from './simulator';

const options: SessionOptions = { sdk: simulatedSdk, sdkAppID: 1400000001 };

function Account(): ReactNode {
  const { status, userID, error, kickReason, login, logout, relogin, retry } = useSession();
  const substate = useSessionSelector(selectSubstate);
  useSessionEvent('kicked', ({ reason }) => console.info(`kicked: ${reason}`));
  return (
    <section>
      <p role="status">
        {status} ({substate}) {userID ?? ''} {kickReason ?? ''} {error?.code ?? ''}
      </p>
      <button type="button" onClick={() => login({ userID: 'alice', userSig: 'from-your-server' })}>
        Log in
      </button>
      <button type="button" onClick={logout}>
        Log out
      </button>
      <button type="button" onClick={relogin}>
        Log in again
      </button>
      <button type="button" onClick={retry}>
        Retry
      </button>
    </section>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <SessionProvider options={options}>
        <Account />
      </SessionProvider>
    </StrictMode>,
  );
}
