// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { codeBlocks } from '@imstate/test-support/markdown';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const examples = Object.fromEntries(
  readdirSync(new URL('./examples/', import.meta.url)).map((name) => [
    name,
    read(`./examples/${name}`).trimEnd(),
  ]),
);
const docs = { 'docs/react.md': read('../../../docs/react.md'), 'README.md': read('../README.md') };

/** The untitled ts and tsx blocks of a page, without their last newline. */
const tsBlocks = (markdown: string): string[] =>
  codeBlocks(markdown)
    .filter((block) => /^```tsx?$/.test(block.info))
    .map((block) => block.code.replace(/\n$/, ''));

describe.each(Object.entries(docs))('%s', (_, markdown) => {
  it('shows only TypeScript that is a compiled, tested example file', () => {
    const blocks = tsBlocks(markdown);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(Object.values(examples)).toContain(block);
  });
});

it('docs/react.md shows no other code than the examples, but for the fragment that needs @imstate/tabs', () => {
  const fragments = [...docs['docs/react.md'].matchAll(/^```\w+ \[([^\]]+)\]$/gm)].map((match) => match[1]);
  expect(fragments).toEqual(['session options, with @imstate/tabs']);
});

it('docs/react.md shows every example file', () => {
  const blocks = tsBlocks(docs['docs/react.md']);
  for (const [name, source] of Object.entries(examples)) expect(blocks, name).toContain(source);
});

it('the README shows the quick start', () => {
  expect(tsBlocks(docs['README.md'])).toEqual([examples['quick-start.tsx']]);
});
