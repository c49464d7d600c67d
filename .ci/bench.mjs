// `pnpm bench`: builds the packages, runs every benchmark against the built `dist/`, prints a summary and writes
// docs/benchmarks.md. Not part of `npm test`.
//   --only <core|react>  run one package's benchmarks (docs/benchmarks.md is then left alone)
//   --no-build           measure the dist/ already there
//   --source             measure the TypeScript sources instead of dist/ (docs/benchmarks.md is left alone)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { pnpm, root, run } from './lib.mjs';

const BENCH_PACKAGES = ['core', 'react'];
// The order of the figures; a bench not listed comes last.
const ORDER = ['callbacks', 'sessions-heap', 'reconnect-heap', 'renders', 'bundle-size'];
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const fromSource = args.includes('--source');
const build = !args.includes('--no-build') && !fromSource;
if (only !== undefined && !BENCH_PACKAGES.includes(only)) {
  console.error(`--only takes one of: ${BENCH_PACKAGES.join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(', ');
if (build) {
  console.log('\n▶ build (the benchmarks measure dist/)');
  if (pnpm(['run', 'build']) !== 0) process.exit(1);
}

const files = (only ? [only] : BENCH_PACKAGES).flatMap((name) => {
  const dir = join(root, 'packages', name, 'bench');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => /\.bench\.tsx?$/.test(file))
        .sort()
        .map((file) => ({ cwd: join(root, 'packages', name), file: join('bench', file) }))
    : [];
});

const out = mkdtempSync(join(tmpdir(), 'imstate-bench-'));
const reports = [];
let failed = 0;
for (const [index, { cwd, file }] of files.entries()) {
  const path = relative(root, join(cwd, file));
  console.log(`\n▶ ${path}`);
  const at = Date.now();
  const result = join(out, `${index}.json`);
  // One process per file: heap figures must not see another bench's garbage, nor timings its JIT state.
  const code = run(
    process.execPath,
    ['--expose-gc', ...(fromSource ? ['--conditions=@imstate/source'] : []), '--import', 'tsx', file],
    { cwd, env: { IMSTATE_BENCH_OUT: result } },
  );
  const seconds = (Date.now() - at) / 1000;
  if (code !== 0 || !existsSync(result)) {
    console.error(`✖ ${path} failed (exit ${code})`);
    failed++;
    continue;
  }
  reports.push({ ...JSON.parse(readFileSync(result, 'utf8')), path, seconds });
}
rmSync(out, { recursive: true, force: true });
const rank = (report) => (ORDER.includes(report.bench) ? ORDER.indexOf(report.bench) : ORDER.length);
reports.sort((a, b) => rank(a) - rank(b));

const figures = reports.flatMap((report) => report.figures);
const defects = figures.filter((figure) => figure.defect);
const missed = figures.filter((figure) => figure.met === false);
const totalSeconds = Math.round((Date.now() - started) / 1000);

const number = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** A figure's value in its unit, precise enough to compare runs. */
const amount = (value, unit) => {
  if (unit === 'MB') return `${number(value, 3)} MB`;
  if (unit === 'renders') return `${number(value, 2)}`;
  return `${number(value)} ${unit}`;
};
const rows = figures.map((figure) => [
  figure.name,
  amount(figure.value, figure.unit),
  `${amount(figure.baseline.value, figure.unit)} (${figure.baseline.name})`,
  figure.ratio === undefined ? '—' : `${number(figure.ratio, 2)}×`,
  figure.goal ?? '—',
  figure.defect ? '**DEFECT**' : figure.met === undefined ? '—' : figure.met ? 'yes' : '**no**',
]);
const header = ['Figure', 'Measured', 'Baseline, same run', 'Ratio', 'Goal', 'Met'];

console.log(`\nSummary (${totalSeconds}s)\n`);
console.log(textTable([header, ...rows.map((row) => row.map((cell) => cell.replaceAll('**', '')))]));
for (const figure of defects) {
  console.error(`\n✖ DEFECT: ${figure.name}: ${number(figure.ratio, 2)}× its baseline (goal ${figure.goal})`);
}
for (const figure of missed.filter((figure) => !figure.defect)) {
  console.warn(`\n! goal missed: ${figure.name} (goal ${figure.goal})`);
}

if (only === undefined && !fromSource && failed === 0) {
  writeFileSync(join(root, 'docs', 'benchmarks.md'), markdown());
  console.log('\nwrote docs/benchmarks.md');
} else {
  console.log('\ndocs/benchmarks.md left as it was (partial run, sources, or a failed bench)');
}
process.exit(failed > 0 || defects.length > 0 ? 1 : 0);

function textTable(table) {
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [
    line(table[0]),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...table.slice(1).map(line),
  ].join('\n');
}

function markdownTable(table) {
  const cellOf = (value) => String(value).replaceAll('|', '\\|');
  return [
    `| ${table[0].map(cellOf).join(' | ')} |`,
    `| ${table[0].map(() => '---').join(' | ')} |`,
    ...table.slice(1).map((row) => `| ${row.map(cellOf).join(' | ')} |`),
  ].join('\n');
}

function commit() {
  const git = (...gitArgs) => spawnSync('git', gitArgs, { cwd: root, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}`;
}

function markdown() {
  const cpu = cpus();
  const machine = [
    ['Date', new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
    ['Node.js', process.version],
    ['CPUs', `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`],
    ['Memory', `${number(totalmem() / 1024 ** 3, 1)} GiB`],
    ['OS', `${platform()} ${arch()} ${release()}`],
    ['Load average when the run started (1, 5, 15 min)', load],
    ['Measured', 'the built packages (`dist/`, after `pnpm build`)'],
    ['Commit', commit()],
    ['Whole run', `${totalSeconds} s`],
  ];
  const raw = reports.map((report) =>
    [
      `### ${report.bench}`,
      '',
      `\`${report.path}\`, ${number(report.seconds, 1)} s`,
      '',
      markdownTable([
        ['Measurement', 'Value'],
        ...Object.entries(report.raw).map(([name, value]) => [
          name,
          typeof value === 'number' ? number(value, Number.isInteger(value) ? 0 : 2) : value,
        ]),
      ]),
    ].join('\n'),
  );
  return `# Benchmarks

<!-- Generated by \`pnpm bench\` (.ci/bench.mjs): do not edit by hand, run it again. -->

Every figure is measured next to a baseline **in the same process and run**, and given as a ratio to it:
absolute numbers move with the machine, ratios should not. Regenerate with \`pnpm bench\` (about two
minutes on 2 cores; it builds the packages first and measures \`dist/\`).

## Summary

${markdownTable([header, ...rows])}

## Machine

${markdownTable([['', ''], ...machine])}

## How each figure is measured

- **SDK callbacks per second** (\`packages/core/bench/callbacks.bench.ts\`, tinybench): an online session on a
  minimal SDK whose listener the bench calls directly, 100 callbacks per timed call, against a bare XState
  actor with the same six top-level states (flat, started in \`online\`) sent the equivalent events. Reconnects
  alternate \`onConnecting\` / \`onConnectSuccess\`; profile updates alternate two profiles through
  \`onSelfInfoUpdated\` (the bare machine stores them with \`assign\`). Timed in the process's CPU time
  (\`process.cpuUsage\`), so time spent descheduled on a busy machine does not count. Five interleaved rounds of
  300 ms; the figure compares the best round of each, and the raw numbers give every round and the median of
  the per-round ratios. A control machine with the session's shape where a reconnect goes (\`connecting\` with
  its substates, \`online\` with its entry actions) but no SDK bridge shows how much of any gap is the
  statechart's shape rather than the session's plumbing.
- **Heap per online session** (\`packages/react/bench/sessions-heap.bench.ts\`, \`node --expose-gc\`):
  \`heapUsed\` after forced collections, before and after bringing 10,000 items to life at once. Sessions
  run on simulator clients and are counted once online with their UserSig's expiry read; the same
  10,000 simulator clients logged in directly (no session) are measured too and deducted, so the figure is
  the session's own cost. Baseline: 10,000 bare started actors.
- **Heap growth after 100,000 reconnect callbacks** (\`packages/core/bench/reconnect-heap.bench.ts\`): one
  online session driven through \`onConnecting\`, \`onConnectFailed\`, \`onConnecting\`, \`onConnectSuccess\`
  cycles after a 10,000-callback warm-up; \`heapUsed\` after forced collections, before and after. A bare actor
  sent the equivalent events is the baseline (its growth is noise, so no ratio is given).
- **React renders** (\`packages/react/bench/renders.bench.tsx\`, react-dom in happy-dom): \`<Profiler>\`
  commits of a component that reads only \`useSessionSelector(selectStatus)\`, over 50 network drops and
  restores of a simulator client (each SDK callback in its own task, so React commits between them) and
  100 profile updates, with and without \`<StrictMode>\`. Baselines: \`useSelector\` from \`@xstate/react\` on the
  same session for status changes; a \`useSession()\` component (which reads the profile, so it must render)
  for profile updates.
- **Bundle sizes** (\`packages/core/bench/bundle-size.bench.ts\`): esbuild bundles \`export *\` of each package's
  built ESM entry for the browser (minified, \`NODE_ENV=production\`, peer dependencies external,
  dependencies bundled) and gzips it at level 9 with \`node:zlib\`; \`@xstate/react\` and \`@xstate/vue\` are
  measured the same way from their published builds.

## Raw numbers

${raw.join('\n\n')}
`;
}
