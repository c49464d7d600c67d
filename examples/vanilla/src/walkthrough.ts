// `pnpm example:vanilla`: the session API without a framework, two devices on one simulated IM service.
import { runWalkthrough } from './walkthrough-steps';

try {
  await runWalkthrough((line) => console.log(line));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
