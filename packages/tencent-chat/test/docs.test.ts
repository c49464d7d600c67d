import { readFileSync } from 'node:fs';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { describe, expect, it } from 'vitest';
import { createListener } from './adapter-harness';
import { createFakeTencentChat, EVENT } from './fake-tencent-chat';

const docs = readFileSync(new URL('../../../docs/tencent-chat.md', import.meta.url), 'utf8');
// Rows like: | `KICKED_OUT` | `{"type":"REST_API_Kick"}` | `onKickedOffline("restApi")` |
const rows = [...docs.matchAll(/^\| `(\w+)` +\| `(\{.*?\})` +\| `(on\w+)\((.*?)\)` +\|$/gm)].map(
  ([, event, payload, callback, args]) => ({ event, payload, callback, args }),
);

describe('docs/tencent-chat.md mapping table', () => {
  it('lists every event row the adapter maps', () => {
    expect(rows.map(({ event }) => event)).toEqual([
      ...Array(3).fill('NET_STATE_CHANGE'),
      ...Array(6).fill('KICKED_OUT'),
    ]);
  });

  it.each(rows)(
    '$event $payload → $callback($args), as documented',
    async ({ event, payload, callback, args }) => {
      const fake = createFakeTencentChat();
      const listener = createListener();
      await createTencentChatSdk(fake.module).initSDK({ sdkAppID: 1400000001, logLevel: 'none', listener });
      fake.emit(EVENT[event as keyof typeof EVENT], JSON.parse(payload!));
      expect(listener[callback as keyof typeof listener]).toHaveBeenCalledExactlyOnceWith(
        ...JSON.parse(`[${args}]`),
      );
    },
  );
});
