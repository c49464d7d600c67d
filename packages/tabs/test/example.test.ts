import { readFileSync } from 'node:fs';
import { selectStatus } from '@imstate/core';
import { describe, expect, it, vi } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

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
