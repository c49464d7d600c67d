import { frozenCopy } from './session.readonly';
import { type SessionSnapshot, selectStatus, selectTab } from './session.selectors';
import type { KickReason, SelfInfo, SessionError, SessionStatus, TabRole } from './session.types';

/** What a view holds in every status. */
interface ViewOf<Status extends SessionStatus> {
  /** The active top-level state; checking it narrows the other fields. */
  readonly status: Status;
  /** The last failure, if any (a refused login leaves its error in `loggedOut`). */
  readonly error: Readonly<SessionError> | undefined;
  /** This tab's role among coordinated tabs: `'alone'` without `tabs`. */
  readonly tab: TabRole;
}

/** `init` and `loggedOut`: nobody is logged in, nor logging in. */
interface NoUserView<Status extends SessionStatus> extends ViewOf<Status> {
  /** Nobody: a refused login's user stays in `context.userID` for RETRY, but is not logged in. */
  readonly userID: undefined;
  /** Nobody's profile. */
  readonly selfInfo: undefined;
  /** Not kicked. */
  readonly kickReason: undefined;
}

/** `connecting`, `online` and `sigExpired`: a user is logged in, or logging in. */
interface UserView<Status extends SessionStatus> extends ViewOf<Status> {
  /** The user logged in, or logging in. */
  readonly userID: string;
  /** That user's profile, once the SDK reports it. */
  readonly selfInfo: Readonly<SelfInfo> | undefined;
  /** Not kicked. */
  readonly kickReason: undefined;
}

/** `kicked`: the user was logged out by the server or by another tab, and the session waits for the app. */
interface KickedView extends ViewOf<'kicked'> {
  /** The user who was kicked (with `otherTab`: the user logged in in the other tab). */
  readonly userID: string;
  /** That user's profile, as it was. */
  readonly selfInfo: Readonly<SelfInfo> | undefined;
  /** Why: `multipleDevice`, `multipleAccount`, `restApi`, `otherTab` or `unknown`. */
  readonly kickReason: KickReason;
}

/**
 * What an app shows of a session: one variant per status, so checking `status` narrows the rest
 * (`status === 'online'` ⇒ `userID: string`; `status === 'kicked'` ⇒ `kickReason: KickReason`). Every binding
 * hands out this view (`useSession()` in React and Vue, `view$` in RxJS). Its data is frozen.
 */
export type SessionView =
  | NoUserView<'init'>
  | NoUserView<'loggedOut'>
  | UserView<'connecting'>
  | UserView<'online'>
  | UserView<'sigExpired'>
  | KickedView;

/** The view of one status, e.g. `SessionViewOf<'kicked'>`. */
export type SessionViewOf<Status extends SessionStatus> = Extract<SessionView, { status: Status }>;

const hasUser = (status: SessionStatus) => status !== 'init' && status !== 'loggedOut';

/** The session's view: status, user, profile, last error, kick reason and tab role (frozen). */
export function selectView(snapshot: SessionSnapshot): SessionView {
  const status = selectStatus(snapshot);
  const { userID, selfInfo, error, kickReason } = snapshot.context;
  const user = hasUser(status);
  return Object.freeze({
    status,
    userID: user ? userID : undefined,
    selfInfo: user ? frozenCopy(selfInfo) : undefined,
    error: frozenCopy(error),
    kickReason: status === 'kicked' ? (kickReason ?? 'unknown') : undefined,
    tab: selectTab(snapshot),
  }) as SessionView;
}

const VIEW_FIELDS = ['status', 'userID', 'selfInfo', 'error', 'kickReason', 'tab'] as const;

/** Whether two views show the same thing (field by field, by identity): bindings update only when they do not. */
export function isSameView(a: SessionView, b: SessionView): boolean {
  return VIEW_FIELDS.every((field) => Object.is(a[field], b[field]));
}
