import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Bundles for the browser, workspace packages from their sources (the `@imstate/source` condition, so no build
 * is needed), and lists every Node built-in the bundle would need and every source file it holds.
 */
async function bundle(entry: { file: string } | { contents: string }) {
  const found = new Set<string>();
  const detector: Plugin = {
    name: 'detect-node-builtins',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        found.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)) } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions: ['@imstate/source'],
    metafile: true,
    logLevel: 'silent',
    plugins: [detector],
  });
  expect(result.errors).toEqual([]);
  expect(result.outputFiles?.[0]?.text.length).toBeGreaterThan(0);
  return { nodeBuiltins: [...found], inputs: Object.keys(result.metafile.inputs) };
}

describe('browser bundle', () => {
  it('bundles the package for the browser without any Node built-in', async () => {
    const { nodeBuiltins, inputs } = await bundle({ file: ENTRY });

    expect(nodeBuiltins).toEqual([]);
    // @imstate/core comes in from its sources, so a Node built-in it imports would be listed too.
    expect(inputs).toContainEqual(expect.stringMatching(/(^|\/)core\/src\/[\w.-]+\.ts$/));
  }, 30_000);

  it('would notice a Node built-in (the check itself works)', async () => {
    const contents =
      "import { createHmac } from 'node:crypto'; import zlib from 'zlib'; console.log(createHmac, zlib);";

    expect((await bundle({ contents })).nodeBuiltins.sort()).toEqual(['node:crypto', 'zlib']);
  }, 30_000);
});
