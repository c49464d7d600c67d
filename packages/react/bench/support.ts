// The React benches report the same way as core's: one shape, one printer, one baseline machine.
export {
  type BenchReport,
  bareMachine,
  expectEqual,
  type Figure,
  heapAfterGc,
  report,
} from '../../core/bench/support.ts';
