// Short snippets shown in docs/vue.md, kept here so the typecheck compiles them.
import {
  createSession,
  createSessionPlugin,
  provideSession,
  type SessionOptions,
  selectSubstate,
  useSession,
  useSessionEvent,
  useSessionSelector,
} from '@imstate/vue';
import type { App } from 'vue';
import { userSigFrom } from './user-sig';

declare const app: App;
declare const sessionOptions: SessionOptions;
declare const toast: (message: string) => void;

export function installing() {
  const session = createSession(sessionOptions);
  // #region plugin
  app.use(createSessionPlugin(sessionOptions)); // creates a session per app
  app.use(createSessionPlugin({ session })); // provides a session the app owns
  // #endregion
}

export function providing() {
  const sessionActor = createSession(sessionOptions);
  // #region provide
  const session = provideSession(sessionOptions); // creates it, starts it on mount, stops it on unmount
  provideSession(sessionActor); // provides the app's session as it is
  // #endregion
  return session;
}

export function reading() {
  // #region use-session
  const { view, status, userID, selfInfo, error, kickReason, tab, login, logout, relogin, retry, session } =
    useSession();
  // #endregion
  return { view, status, userID, selfInfo, error, kickReason, tab, login, logout, relogin, retry, session };
}

export function selecting() {
  // #region selector
  const substate = useSessionSelector(selectSubstate); // Readonly<Ref<SessionSubstate>>
  const nickName = useSessionSelector((s) => s.context.selfInfo?.nickName); // Readonly<Ref<string | undefined>>
  // #endregion
  return { substate, nickName };
}

export function listening() {
  // #region event
  useSessionEvent('kicked', ({ reason }) => toast(`Signed out (${reason})`));
  // #endregion
}

export function withYourServer(sdk: SessionOptions['sdk'], sdkAppID: number) {
  // #region user-sig
  app.use(createSessionPlugin({ sdk, sdkAppID, getUserSig: userSigFrom('/api/usersig') }));
  // #endregion
}
