// Each package's `build`: tsdown through its API, with the package's tsdown.config.ts. Two warnings are noise here:
// - the CLI (0.21) warns on every run that Node 20 is deprecated; the project supports Node >= 20 and pins tsdown
//   0.21, the last line that runs on it (TOOLING.md). Moving to Node 22 means dropping this file;
// - rolldown's PLUGIN_TIMINGS tells that tsdown's own plugins (dts, deps) took a large share of the build, which on
//   a loaded machine they always do, and which no package can change.
import { build } from 'tsdown';

await build({ checks: { pluginTimings: false } });
