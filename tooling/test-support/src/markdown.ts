/** The one reader of fenced code blocks that every docs check uses. */

/** A fenced code block of a markdown page. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence line itself, e.g. ```` ```ts [session options] ````. */
  info: string;
  /** The language named on the fence (`ts`, `text`, …), `''` when none is. */
  lang: string;
  /** VitePress's block title, the `[…]` after the language, when there is one. */
  title: string | undefined;
  /** The line right above the fence (`''` for the first line), where the docs put their markers. */
  above: string;
  /** Everything between the fences, each line ending in a newline, as a file's text does. */
  code: string;
}

/** Every fenced block of `markdown`, in order. Throws on a fence that is never closed. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const info = lines[index]!;
    if (!info.startsWith('```')) continue;
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    if (end === -1) throw new Error(`unclosed code fence at line ${index + 1}`);
    blocks.push({
      line: index + 1,
      info,
      lang: /^```(\S*)/.exec(info)![1]!,
      title: /\[([^\]]+)\]\s*$/.exec(info)?.[1],
      above: lines[index - 1] ?? '',
      code: lines
        .slice(index + 1, end)
        .map((line) => `${line}\n`)
        .join(''),
    });
    index = end;
  }
  return blocks;
}
