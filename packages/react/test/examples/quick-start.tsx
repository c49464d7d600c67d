import { type SessionOptions, SessionProvider, useSession } from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { type FormEvent, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// An IM service simulated in the page, so this runs without a Tencent account.
// In production: `sdk: createTencentChatSdk(TencentCloudChat)` from @imstate/tencent-chat.
const server = createImServer({ sdkAppID: 1400000001, secretKey: 'simulator-only' });

const sessionOptions: SessionOptions = {
  sdk: server.createClient({ platform: 'web' }),
  sdkAppID: server.sdkAppID,
  // In production, ask your own server (see "UserSig from your server").
  getUserSig: async (userID) => server.issueUserSig(userID, 3600),
};

export function App() {
  return (
    <SessionProvider options={sessionOptions}>
      <Account />
    </SessionProvider>
  );
}

function Account() {
  const { status, userID, error, login, logout } = useSession();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login({ userID: String(new FormData(event.currentTarget).get('userID')) });
  }

  return (
    <main>
      <p role="status">
        {status}
        {/* After a refused login the session keeps userID for RETRY, but nobody is logged in. */}
        {status !== 'init' && status !== 'loggedOut' && ` as ${userID}`}
      </p>
      {error && <p role="alert">{error.message}</p>}
      {status === 'online' ? (
        <button type="button" onClick={logout}>
          Log out
        </button>
      ) : (
        <form onSubmit={onSubmit}>
          <label>
            User ID <input name="userID" required />
          </label>
          <button type="submit" disabled={status === 'init' || status === 'connecting'}>
            Log in
          </button>
        </form>
      )}
    </main>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
