// pnpm hooks for the workspace (a change here changes pnpm-lock.yaml's pnpmfileChecksum: run pnpm install).
/** The export condition that points the workspace at `src/`: development only, so packing removes it. */
const SOURCE_CONDITION = '@imstate/source';

function withoutSourceCondition(exports) {
  if (typeof exports !== 'object' || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, withoutSourceCondition(value)]),
  );
}

module.exports = {
  SOURCE_CONDITION,
  hooks: {
    // `pnpm pack` and `pnpm publish` (so `changeset publish` too) write the manifest users get.
    beforePacking(manifest) {
      if (manifest.exports) manifest.exports = withoutSourceCondition(manifest.exports);
      return manifest;
    },
  },
};
