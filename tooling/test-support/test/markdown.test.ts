import { codeBlocks } from '@imstate/test-support/markdown';
import { describe, expect, it } from 'vitest';

describe('codeBlocks', () => {
  const page = [
    '# Title',
    '<!-- example: a.ts -->',
    '```ts',
    'const a = 1;',
    '',
    '```',
    'prose',
    '```tsx [session options]',
    '<App />',
    '```',
    '```',
    '```',
  ].join('\n');

  it('reads every fenced block: its line, language, title, the line above and the code as a file holds it', () => {
    expect(codeBlocks(page)).toEqual([
      {
        line: 3,
        info: '```ts',
        lang: 'ts',
        title: undefined,
        above: '<!-- example: a.ts -->',
        code: 'const a = 1;\n\n',
      },
      {
        line: 8,
        info: '```tsx [session options]',
        lang: 'tsx',
        title: 'session options',
        above: 'prose',
        code: '<App />\n',
      },
      { line: 11, info: '```', lang: '', title: undefined, above: '```', code: '' },
    ]);
  });

  it('refuses a fence that is never closed, naming its line', () => {
    expect(() => codeBlocks('text\n```ts\nopen')).toThrow('unclosed code fence at line 2');
  });
});
