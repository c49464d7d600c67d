// The packed packages as a user gets them: installed from their tarballs into a new app outside the repository,
// with the peers at the workspace's versions, then type-checked under strict settings with `skipLibCheck: false`.
// The pnpm store the workspace installed from serves every download, so this runs offline once the workspace has.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pnpmQuietly, root, run, workspaceVersion } from './lib.mjs';

const TEMPLATE = join(root, '.ci', 'fresh-app');
/** What a React, Vue and RxJS app on Tencent Cloud Chat installs next to the tarballs, and the compiler. */
const APP_DEPENDENCIES = [
  'xstate',
  'react',
  'react-dom',
  '@types/react',
  '@types/react-dom',
  '@xstate/react',
  'vue',
  'rxjs',
  '@tencentcloud/chat',
  'typescript',
  'vue-tsc',
];
/** Pages whose code blocks no workspace test compiles: each block becomes the file its first line names. */
const PAGES = ['docs/tencent-chat.md', 'packages/tencent-chat/README.md'];

/** Installs the tarballs (package name → path) into a fresh app and type-checks it; returns the exit code. */
export function checkFreshApp(tarballs) {
  const app = mkdtempSync(join(tmpdir(), 'imstate-fresh-app-'));
  try {
    cpSync(TEMPLATE, app, { recursive: true, filter: (path) => basename(path) !== 'README.md' });
    // The pages' blocks import @tencentcloud/chat, whose own declarations need skipLibCheck (tsconfig.sdk.json).
    const scripts = PAGES.flatMap((page) => writeCodeBlocks(page, join(app, 'sdk', 'docs')));
    const dependencies = Object.fromEntries([
      ...[...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]),
      ...APP_DEPENDENCIES.map((name) => [name, workspaceVersion(name)]),
    ]);
    const manifest = { name: 'fresh-app', private: true, type: 'module', dependencies };
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`installing ${tarballs.size} tarballs and ${APP_DEPENDENCIES.length} packages into ${app}`);
    const install = installApp(app);
    if (install.status !== 0) {
      console.error(install.output);
      return install.status;
    }
    for (const [tsconfig, what] of [
      ['tsconfig.json', 'every package (strict, noUncheckedIndexedAccess, skipLibCheck: false)'],
      ['tsconfig.sdk.json', 'the real @tencentcloud/chat module and the docs blocks'],
    ]) {
      console.log(`vue-tsc -p ${tsconfig}: ${what}`);
      const checked = run(join(app, 'node_modules', '.bin', 'vue-tsc'), ['--noEmit', '-p', tsconfig], {
        cwd: app,
      });
      if (checked !== 0) return checked;
    }
    // The docs' Node scripts (a UserSig endpoint) need secrets and a server to run: their syntax is checked.
    for (const script of scripts) {
      const result = spawnSync(process.execPath, ['--check', script], { encoding: 'utf8' });
      if (result.status !== 0) {
        console.error(`${script}:\n${result.stderr}`);
        return 1;
      }
    }
    console.log(`type-checked the fresh app, and the code blocks of ${PAGES.join(', ')}`);
    return 0;
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/**
 * Installs the app from the pnpm store. Without a lockfile pnpm resolves the tarballs' dependency ranges, which
 * needs registry metadata: a frozen workspace install fetched tarballs only, so the first run may ask the registry
 * once (no retries, so an offline machine fails fast); pnpm caches the answers and later runs are offline.
 */
function installApp(app) {
  // Strict peers: a peer range the workspace's versions do not meet fails here, as it would warn a user.
  const args = [
    'install',
    '--ignore-scripts',
    '--config.strict-peer-dependencies=true',
    '--config.auto-install-peers=false',
    '--config.fetch-retries=0',
  ];
  const offline = pnpmQuietly([...args, '--offline'], { cwd: app });
  if (offline.status === 0 || !offline.output.includes('ERR_PNPM_NO_OFFLINE_META')) return offline;
  console.log('some registry metadata is not cached yet: asking the registry once');
  return pnpmQuietly([...args, '--prefer-offline'], { cwd: app });
}

/**
 * Writes each TypeScript, Vue and JavaScript block of `page` that is not a marked copy of a workspace file
 * (`<!-- example: … -->`, compiled by the workspace's own tests) to `dir/<page>/`, named by its first line
 * (`// user-sig.ts`, `<!-- App.vue -->`) or by its line number. Returns the JavaScript files.
 */
function writeCodeBlocks(page, dir) {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const into = join(dir, page.replace(/\.md$/, '').replace(/\W+/g, '-'));
  const scripts = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(ts|tsx|vue|js)\b/.exec(lines[index]);
    if (!fence) continue;
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    const body = lines.slice(index + 1, end);
    const marked = /^<!-- example: /.test(lines[index - 1] ?? '');
    const named = /^(?:\/\/|<!--)\s*([\w.-]+\.(?:tsx?|vue|m?js))\b/.exec(body[0] ?? '')?.[1];
    const file = join(into, named ?? `line-${index + 1}.${fence[1]}`);
    if (!marked) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${body.join('\n')}\n`, { flag: 'wx' });
      if (/\.m?js$/.test(file)) scripts.push(file);
    }
    index = end;
  }
  return scripts;
}
