import { readFileSync } from 'node:fs';
import { selectStatus } from '@imstate/core';
import { describe, expect, it, vi } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the docs’ in-memory browser (docs/tabs.md, Testing)', () => {
  it('gives tabs that coordinate: the second tab to log in stands by', async () => {
    const { createImServer } = await import('@imstate/simulator');
    const { createSession } = await import('@imstate/core');
    const { tab } = await import('./example/in-memory');
    const server = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
    const open = () =>
      createSession({
        sdk: server.createClient({ platform: 'web' }),
        sdkAppID: server.sdkAppID,
        getUserSig: async (userID) => server.issueUserSig(userID, 600),
        tabs: tab(),
      }).start();
    const [one, two] = [open(), open()];
    await vi.waitFor(() => expect(selectStatus(two.getSnapshot())).toBe('loggedOut'));
    one.send({ type: 'LOGIN', userID: 'alice' });
    await vi.waitFor(() => expect(selectStatus(one.getSnapshot())).toBe('online'));
    two.send({ type: 'LOGIN', userID: 'alice' });
    await vi.waitFor(() => expect(two.getSnapshot().context.kickReason).toBe('otherTab'));
    one.stop();
    two.stop();
  });
});

describe('the README example', () => {
  it('is the compiled test/example/main.ts, verbatim', () => {
    expect(read('../README.md')).toContain(read('./example/main.ts'));
  });

  it('runs: in Node, without Web Locks, the session acts alone and logs in', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts) => lines.push(parts.join(' ').trim()));
    const { session } = await import('./example/main');
    await vi.waitFor(() => expect(selectStatus(session.getSnapshot())).toBe('online'));
    expect(lines.at(-1)).toBe('online alone');
    session.stop();
  });
});
