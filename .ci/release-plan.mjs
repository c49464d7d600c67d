// What `changeset version` would do with the pending changesets, computed the way it computes it, without writing
// anything: the published packages are one fixed group, so they must share one version now and after the release,
// and no package may take a major bump that no changeset asked for (a peer range left behind cascades into one).
import { createRequire } from 'node:module';
import { root, workspacePackages } from './lib.mjs';

/** Changesets' own planner, loaded when asked: `npm test` imports this file before it installs anything. */
function loadGetReleasePlan() {
  const fromCli = createRequire(createRequire(import.meta.url).resolve('@changesets/cli/package.json'));
  return fromCli('@changesets/get-release-plan').default;
}

/** Prints the release the pending changesets make; returns 1 when it is not one clean release of the group. */
export async function checkReleasePlan() {
  const published = workspacePackages().filter((pkg) => pkg.group === 'packages' && !pkg.manifest.private);
  const problems = [];
  const versions = new Set(published.map((pkg) => pkg.manifest.version));
  if (versions.size > 1) {
    const each = published.map((pkg) => `${pkg.manifest.name}@${pkg.manifest.version}`).join(', ');
    problems.push(`the published packages are released together, so they share one version: ${each}`);
  }

  const plan = await loadGetReleasePlan()(root);
  const names = new Set(published.map((pkg) => pkg.manifest.name));
  const releases = plan.releases.filter((release) => names.has(release.name) && release.type !== 'none');
  const askedMajor = plan.changesets.some((changeset) =>
    changeset.releases.some((release) => names.has(release.name) && release.type === 'major'),
  );
  for (const release of releases) {
    if (release.type === 'major' && !askedMajor) {
      problems.push(
        `${release.name} would go ${release.oldVersion} → ${release.newVersion} (major), which no changeset asks for: ` +
          'a peer range that the new version leaves makes changesets bump its dependents a major',
      );
    }
  }
  const next = new Set(releases.map((release) => release.newVersion));
  if (next.size > 1) problems.push(`the release would split the group: ${[...next].join(', ')}`);

  if (releases.length === 0) console.log('no pending changesets');
  else {
    const [version] = next;
    console.log(
      `changeset version would release ${version} (from ${[...versions].join(', ')}) of ` +
        `${releases.map((release) => release.name).join(', ')}, from ${plan.changesets.length} changesets`,
    );
  }
  for (const problem of problems) console.error(`✖ ${problem}`);
  return problems.length === 0 ? 0 : 1;
}
