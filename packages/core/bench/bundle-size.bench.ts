// Min+gzip size of every published package's ESM entry (peers external), next to @xstate/react and @xstate/vue
// measured the same way. Reads the built `dist/`: run after `pnpm build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type Figure, report } from './support';

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/**
 * Bundles everything `name` exports, as an app's bundler would for the browser: peers stay external (with their
 * subpaths, e.g. `react/jsx-runtime`), dependencies are bundled, production branches only.
 */
async function minGzip(name: string, resolveDir: string, peers: string[]) {
  const result = await build({
    stdin: { contents: `export * from '${name}';`, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: peers.flatMap((peer) => [peer, `${peer}/*`]),
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

// The comparators, where the workspace installs them: @xstate/react by our React adapter (its peer), @xstate/vue
// by this package (a devDependency kept for this measurement only).
const comparators = {
  '@xstate/react': join(packagesDir, 'react', 'node_modules', '@xstate', 'react'),
  '@xstate/vue': join(packagesDir, 'core', 'node_modules', '@xstate', 'vue'),
};
const sizes = new Map<string, { minified: number; gzip: number }>();
for (const [name, dir] of Object.entries(comparators)) {
  sizes.set(name, await minGzip(name, dir, Object.keys(readManifest(dir).peerDependencies ?? {})));
}

const figures: Figure[] = [];
const raw: Record<string, number | string> = {};
for (const folder of readdirSync(packagesDir).sort()) {
  const dir = join(packagesDir, folder);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = readManifest(dir);
  if (manifest.private) continue;
  if (!existsSync(join(dir, 'dist', 'index.js')))
    throw new Error(`${manifest.name} is not built: run pnpm build`);
  // The built entry itself, so the exports map (and its source condition) plays no part.
  const size = await minGzip('./dist/index.js', dir, Object.keys(manifest.peerDependencies ?? {}));
  sizes.set(manifest.name, size);
  const comparator = folder === 'vue' ? '@xstate/vue' : '@xstate/react';
  const baseline = sizes.get(comparator)!;
  figures.push({
    name: `${manifest.name} (min+gzip, peers external)`,
    value: size.gzip,
    unit: 'B',
    baseline: { name: comparator, value: baseline.gzip },
    ratio: size.gzip / baseline.gzip,
  });
}
for (const [name, size] of sizes) {
  raw[`${name}: minified (B)`] = size.minified;
  raw[`${name}: min+gzip (B)`] = size.gzip;
}
// For context: xstate itself, a peer of every package here, measured the same way.
const xstate = await minGzip('xstate', join(packagesDir, 'core'), []);
raw['xstate (peer, for context): minified (B)'] = xstate.minified;
raw['xstate (peer, for context): min+gzip (B)'] = xstate.gzip;
raw.method =
  'esbuild bundle of `export *` (ESM, browser, minify, NODE_ENV=production), gzip level 9 (node:zlib)';
report({ bench: 'bundle-size', figures, raw });
