import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import type { SessionStatus } from '@imstate/core';
import { codeBlocks } from '@imstate/test-support/markdown';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Docs stay honest: each TypeScript block of docs/testing.md (and the README's usage example, and the simulator's
 * README) is a region of a file in this example, or all of one, which the typecheck compiles and vitest runs.
 */
const repo = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const MARKER = /^<!-- example: (examples\/vanilla\/[\w./-]+)(?:#([\w-]+))? -->$/;
const TS_FENCE = /^```(?:ts|typescript)\s*$/;
const STATUSES: readonly string[] = [
  'init',
  'loggedOut',
  'connecting',
  'online',
  'kicked',
  'sigExpired',
] satisfies SessionStatus[];
const GUIDE_FILES = ['examples/vanilla/test/testing-guide.test.ts', 'examples/vanilla/src/status-banner.ts'];

/** The TypeScript blocks of a page: each with the line above it (its marker) and its code, without the last newline. */
const typeScriptBlocks = (markdown: string) =>
  codeBlocks(markdown)
    .filter((block) => TS_FENCE.test(block.info))
    .map((block) => ({ line: block.line, marker: block.above, code: block.code.replace(/\n$/, '') }));

/** The lines between `// #region name` and `// #endregion name`, less their common indentation. */
function region(source: string, name: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  const end = lines.findIndex((line) => line.trim() === `// #endregion ${name}`);
  if (start === -1 || end < start) throw new Error(`no region ${name}`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return body.map((line) => line.slice(indent)).join('\n');
}

const regionNames = (source: string) => [...source.matchAll(/^\s*\/\/ #region ([\w-]+)$/gm)].map((m) => m[1]);

/** What a marked block must equal: the named region of the file, or the whole file. */
function exampleFor(marker: string): string {
  const [, file, name] = MARKER.exec(marker) ?? [];
  if (!file) throw new Error(`not an example marker: ${marker}`);
  return name === undefined ? read(file).replace(/\n$/, '') : region(read(file), name);
}

describe('docs/testing.md', () => {
  const markdown = read('docs/testing.md');
  const blocks = typeScriptBlocks(markdown);

  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it('marks every TypeScript block with the region it shows, and shows it byte for byte', () => {
    for (const block of blocks) {
      expect(block.marker, `block at line ${block.line}`).toMatch(MARKER);
      expect(block.code, `block at line ${block.line} differs from ${block.marker}`).toBe(
        exampleFor(block.marker),
      );
    }
  });

  it('shows every region of the guide files', () => {
    const shown = blocks.map((block) => block.marker);
    for (const file of GUIDE_FILES) {
      const names = regionNames(read(file));
      expect(names.length, file).toBeGreaterThan(0);
      for (const name of names) expect(shown).toContain(`<!-- example: ${file}#${name} -->`);
    }
  });

  it('puts each example marker right above a TypeScript block', () => {
    const lines = markdown.split('\n');
    lines.forEach((line, index) => {
      if (!line.includes('<!-- example:')) return;
      expect(line, `marker at line ${index + 1}`).toMatch(MARKER);
      expect(lines[index + 1], `marker at line ${index + 1}`).toMatch(TS_FENCE);
    });
  });
});

describe("@imstate/simulator's README", () => {
  it('shows test/simulator-readme.test.ts (which vitest runs), byte for byte', () => {
    const blocks = typeScriptBlocks(read('packages/simulator/README.md'));
    expect(blocks.map((block) => block.marker)).toEqual([
      '<!-- example: examples/vanilla/test/simulator-readme.test.ts -->',
    ]);
    expect(blocks[0]?.code).toBe(exampleFor(blocks[0]!.marker));
  });
});

describe('the README usage example', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is src/readme-example.ts, byte for byte', () => {
    const marked = typeScriptBlocks(read('README.md')).filter((block) => MARKER.test(block.marker));
    expect(marked.map((block) => block.marker)).toEqual([
      '<!-- example: examples/vanilla/src/readme-example.ts -->',
    ]);
    expect(marked[0]?.code).toBe(exampleFor(marked[0]!.marker));
  });

  it('goes online and prints its statuses, but no UserSig', async () => {
    // Fake timers: the session it starts is never stopped, so its timers must not outlive the test.
    vi.useFakeTimers();
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => printed.push(format(...args)));

    await import('../src/readme-example');
    await vi.advanceTimersByTimeAsync(0);

    const statuses = printed.map((line) => line.replace('status: ', ''));
    // LOGIN arrives before initSDK has answered: the session replays it then, from init to connecting.
    expect(statuses.filter((status, i) => status !== statuses[i - 1])).toEqual([
      'init',
      'connecting',
      'online',
    ]);
    // Guards the parsing above: each line is a status.
    expect(statuses.every((status) => STATUSES.includes(status))).toBe(true);
    // A TLSSigAPIv2 UserSig is base64 (with *-_) of zlib data, which starts with "eJ".
    expect(printed.join('\n')).not.toMatch(/eJ[\w*-]{40,}/);
  });
});
