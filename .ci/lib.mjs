// Shared by the .ci scripts: run commands from the repo root with pnpm pinned, and read the workspace.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

/** Runs a command in the repo root (or `cwd`), streaming its output; returns its exit code. */
export function run(command, args, { cwd = root, env = {} } = {}) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** pnpm, pinned, as a command and its leading arguments: the workspace's own copy once installed, else npx. */
function pnpmCommand(args) {
  const local = join(root, 'node_modules', '.bin', 'pnpm');
  return existsSync(local) ? [local, args] : ['npx', ['-y', `pnpm@${PNPM_VERSION}`, ...args]];
}

/** Runs pinned pnpm, streaming its output; returns its exit code. */
export function pnpm(args, options) {
  return run(...pnpmCommand(args), options);
}

/** Runs pinned pnpm with its output captured: `{ status, output }`. */
export function pnpmQuietly(args, { cwd = root } = {}) {
  const [command, fullArgs] = pnpmCommand(args);
  const result = spawnSync(command, fullArgs, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

/** Installs exactly what the lockfile says. */
export function install() {
  return pnpm(['install', '--frozen-lockfile']);
}

/**
 * The workspace's package folders (packages/*, examples/*, and tooling/*: private packages of the repository's own
 * tests) with their package.json.
 */
export function workspacePackages() {
  return ['packages', 'examples', 'tooling'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
      .map((entry) => {
        const dir = join(root, group, entry.name);
        return { dir, group, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
      }),
  );
}

/** The export condition that points the workspace at `src/`; `.pnpmfile.cjs` drops it from packed manifests. */
export const { SOURCE_CONDITION } = createRequire(import.meta.url)('../.pnpmfile.cjs');

/** Packs the package in `dir` as `pnpm publish` would (workspace: ranges rewritten, .pnpmfile.cjs applied). */
export function pack(dir, destination) {
  const { status, output } = pnpmQuietly(['pack', '--pack-destination', destination, '--json'], { cwd: dir });
  if (status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${output}`);
  return JSON.parse(output.slice(output.indexOf('{'))).filename;
}

/** The exact version the workspace pins for `name` (in any manifest), for installs outside the workspace. */
export function workspaceVersion(name) {
  const manifests = [
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
    ...workspacePackages().map((pkg) => pkg.manifest),
  ];
  for (const manifest of manifests) {
    for (const field of ['dependencies', 'devDependencies']) {
      const range = manifest[field]?.[name];
      if (range && /^\d+\.\d+\.\d+$/.test(range)) return range;
    }
  }
  throw new Error(`no workspace package pins an exact version of ${name}`);
}
