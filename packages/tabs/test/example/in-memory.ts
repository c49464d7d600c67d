import { createTabs } from '@imstate/tabs';
import { createMemoryChannels, createMemoryLocks } from '@imstate/tabs/testing';

const locks = createMemoryLocks();
const channels = createMemoryChannels();
/** One more tab of a simulated browser: `createSession({ sdk, sdkAppID, getUserSig, tabs: tab() })`. */
export const tab = () => createTabs({ locks: locks.tab(), channel: channels.open });
