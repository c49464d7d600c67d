// `pnpm run check:package [tarball]` in a published package: checks the tarball users will install, as
// `pnpm publish` makes it (workspace: ranges rewritten, .pnpmfile.cjs's beforePacking applied). Without a
// tarball it packs one. Prints one line when all is well, every problem otherwise.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pack, root, SOURCE_CONDITION } from './lib.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'imstate-check-package-'));
const tarball = process.argv[2] ?? pack(process.cwd(), work);
const problems = [];
try {
  const unpacked = unpack(tarball, work);
  problems.push(...checkContents(unpacked));
  problems.push(...tool('publint --strict', bin('publint'), ['run', tarball, '--strict']));
  problems.push(...tool('attw', bin('attw'), [tarball, '--format', 'table-flipped', '--no-emoji']));
  problems.push(...publishDryRun(tarball));
  if (problems.length === 0) {
    const { name, version } = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    const files = listFiles(unpacked);
    const unpackedBytes = files.reduce((sum, file) => sum + statSync(join(unpacked, file)).size, 0);
    console.log(
      `${name}@${version}: ${files.length} files, ${kB(statSync(tarball).size)} packed, ${kB(unpackedBytes)} ` +
        'unpacked; contents, publint --strict, attw and npm publish --dry-run clean',
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const problem of problems) console.error(`✖ ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);

/** The unpacked tarball: only built files, no sources, ranges users can resolve. */
function checkContents(dir) {
  const found = [];
  const files = listFiles(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const required of ['README.md', 'LICENSE']) {
    if (!files.includes(required)) found.push(`the tarball has no ${required}`);
  }
  for (const file of files) {
    if (!/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(file)) found.push(`the tarball ships ${file}`);
  }
  // Source maps only with their sources inside; today the build makes none.
  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (map.sourcesContent?.length !== map.sources?.length)
      found.push(`${file} points at sources not shipped`);
  }
  if (JSON.stringify(manifest.exports ?? {}).includes(SOURCE_CONDITION)) {
    found.push(`exports carry the "${SOURCE_CONDITION}" condition`);
  }
  const named = [exportTargets(manifest.exports), manifest.main, manifest.module, manifest.types];
  for (const target of named.flat().filter(Boolean)) {
    if (!files.includes(target.replace(/^\.\//, '')))
      found.push(`${target} is named in package.json but not shipped`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) found.push(`${field}.${name} is still "${range}"`);
      // Exact pins make users install duplicates; peers of the fixed @imstate group follow its version.
      else if (/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range))
        found.push(`${field}.${name} pins exactly "${range}"`);
      else if (name.startsWith('@imstate/') && range !== `^${manifest.version}`) {
        found.push(
          `${field}.${name} is "${range}", not "^${manifest.version}" (the packages are released together)`,
        );
      }
    }
  }
  return found;
}

/** The file paths an `exports` map points at (its leaves, not its subpath keys). */
function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  return Object.values(exports ?? {}).flatMap(exportTargets);
}

/** Runs a checker quietly: its output is shown only when it fails. */
function tool(label, command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: work });
  if (result.error) throw result.error;
  return result.status === 0 ? [] : [`${label} failed:\n${result.stdout}${result.stderr}`];
}

/**
 * `npm publish --dry-run` of the tarball: npm validates and normalises the manifest as it would for a real
 * publish. `--offline`: nothing is sent, and the registry is not asked who is logged in. Its notice that nobody is
 * logged in is expected in a dry run; any other warning is a problem.
 */
function publishDryRun(file) {
  // npm wants a dist-tag for a prerelease (0.1.0-0 until `changeset version` makes it 0.1.0).
  const { version } = JSON.parse(readFileSync(join(work, 'unpacked', 'package', 'package.json'), 'utf8'));
  const tag = version.includes('-') ? ['--tag', 'next'] : [];
  const args = ['publish', file, '--dry-run', '--offline', ...tag];
  // Under `pnpm run`, pnpm's own npm_config_* settings are in the environment; npm warns about each it lacks.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  const result = spawnSync('npm', args, { encoding: 'utf8', cwd: work, env });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  const warnings = output
    .split('\n')
    .filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
  if (result.status !== 0) return [`npm publish --dry-run failed:\n${output}`];
  return warnings.map((line) => `npm publish --dry-run: ${line}`);
}

function unpack(file, into) {
  const dir = join(into, 'unpacked');
  mkdirSync(dir);
  const result = spawnSync('tar', ['-xzf', file, '-C', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar could not unpack ${file}: ${result.stderr}`);
  return join(dir, 'package');
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
