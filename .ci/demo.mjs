// `npm run demo`: install, build, and serve the playground at http://127.0.0.1:$PORT (default 5173).
// Until the playground exists, it runs the vanilla walkthrough instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { install, pnpm, root } from './lib.mjs';

const exitOn = (code) => {
  if (code !== 0) process.exit(code);
};

exitOn(install());
exitOn(pnpm(['-r', '--filter', './packages/*', 'run', 'build']));
const playground = join(root, 'examples', 'playground');
if (existsSync(join(playground, 'index.html'))) {
  const port = process.env.PORT || '5173';
  exitOn(pnpm(['--dir', playground, 'run', 'build']));
  console.log(`\nimstate playground: http://127.0.0.1:${port}\n`);
  exitOn(
    pnpm([
      '--dir',
      playground,
      'exec',
      'vite',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      port,
      '--strictPort',
    ]),
  );
} else {
  exitOn(pnpm(['--dir', join(root, 'examples', 'vanilla'), 'run', 'start']));
}
