// Shared by .ci/test.mjs and .ci/demo.mjs: run commands from the repo root, with pnpm pinned.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** pnpm, pinned: the workspace's own copy once installed, else through npx. */
export function pnpm(args, options) {
  const local = join(root, 'node_modules', '.bin', 'pnpm');
  return existsSync(local)
    ? run(local, args, options)
    : run('npx', ['-y', `pnpm@${PNPM_VERSION}`, ...args], options);
}

/** Installs exactly what the lockfile says. */
export function install() {
  return pnpm(['install', '--frozen-lockfile']);
}

/** The workspace's package folders (packages/*, examples/*) with their package.json. */
export function workspacePackages() {
  return ['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
      .map((entry) => {
        const dir = join(root, group, entry.name);
        return { dir, group, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
      }),
  );
}
