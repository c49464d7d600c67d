import { packageConfig } from '../../vitest.shared.ts';

/**
 * The tests Stryker runs against each mutant (`pnpm test:mutation`): every test but the model walk. Its ~20,000
 * generated paths take most of a minute, and Stryker runs every test for each mutant of module-level code (the
 * statechart's config is half of core's mutants), which would stretch the run to hours. `npm test` runs it as usual.
 */
export default packageConfig({ test: { exclude: ['test/session.model.test.ts'] } });
