// `npm test`: install, build, and every check, on a fresh clone with only Node >= 20 and npm.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { install, pnpm, root, run, workspacePackages } from './lib.mjs';

const started = Date.now();
const timings = [];
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(name, action) {
  const at = Date.now();
  console.log(`\n▶ ${name}`);
  const code = action();
  const seconds = ((Date.now() - at) / 1000).toFixed(1);
  timings.push(`${name}: ${seconds}s`);
  if (code !== 0) {
    console.error(`\n✖ ${name} failed (exit ${code}) after ${seconds}s`);
    process.exit(code || 1);
  }
}

step('install (pnpm, frozen lockfile)', install);
const packages = workspacePackages();
const published = packages.filter((pkg) => pkg.group === 'packages');

step('build', () => pnpm(['-r', '--filter', './packages/*', 'run', 'build']));
step('typecheck (sources, tests, type tests, examples)', () =>
  pnpm(['-r', '--workspace-concurrency=2', 'run', 'typecheck']),
);
step('lint (biome)', () => run(bin('biome'), ['ci', '.']));

// Each package runs its own vitest, so a package whose tests went missing fails on its own.
const reports = mkdtempSync(join(tmpdir(), 'imstate-vitest-'));
let passed = 0;
let failed = 0;
for (const pkg of packages.filter((candidate) => candidate.manifest.scripts?.test)) {
  const name = relative(root, pkg.dir);
  const report = join(reports, `${name.replace(/\W/g, '_')}.json`);
  step(`unit tests: ${name}`, () => {
    const code = run(
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`],
      {
        cwd: pkg.dir,
      },
    );
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    if (result.numTotalTests === 0) {
      console.error(`${name} ran no test: a package without tests fails CI.`);
      return 1;
    }
    return code;
  });
}
rmSync(reports, { recursive: true, force: true });

for (const pkg of published) {
  const name = relative(root, pkg.dir);
  step(`package shape (publint --strict, attw): ${name}`, () =>
    pnpm(['--dir', pkg.dir, 'run', 'check:package']),
  );
  step(`size budget (size-limit): ${name}`, () => pnpm(['--dir', pkg.dir, 'run', 'size']));
}

for (const pkg of packages.filter((candidate) => candidate.manifest.scripts?.e2e)) {
  step(`end-to-end: ${relative(root, pkg.dir)}`, () => pnpm(['--dir', pkg.dir, 'run', 'e2e']));
}
const vanilla = packages.find(
  (pkg) => pkg.manifest.name === 'vanilla-example' && pkg.manifest.scripts?.start,
);
if (vanilla) step('example: vanilla walkthrough', () => pnpm(['--dir', vanilla.dir, 'run', 'start']));

console.log(`\n${timings.join('\n')}`);
console.log(`total: ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`\nunit tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
