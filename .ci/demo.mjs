// `npm run demo`: install, build, and serve the playground at http://127.0.0.1:$PORT (default 5173).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { install, pnpm, root } from './lib.mjs';

const exitOn = (code) => {
  if (code !== 0) process.exit(code);
};

exitOn(install());
exitOn(pnpm(['-r', '--filter', './packages/*', 'run', 'build']));
const playground = join(root, 'examples', 'playground');
const port = process.env.PORT || '5173';
exitOn(pnpm(['--dir', playground, 'run', 'build']));

// The server runs as a child we own: stopping this process (Ctrl-C, SIGTERM) stops the server too.
const vite = join(playground, 'node_modules', '.bin', 'vite');
const server = spawn(vite, ['preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  cwd: playground,
  stdio: 'inherit',
});
console.log(`\nimstate playground: http://127.0.0.1:${port}\n`);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    server.kill('SIGTERM');
    process.exit(0);
  });
}
process.on('exit', () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
