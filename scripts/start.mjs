// `npm start`: serves the demo on 127.0.0.1 from the TypeScript sources (esbuild on the fly),
// on the embedded IndexedDB backend. PORT picks the port; a taken one moves to the next free.
import { createServer } from 'node:net';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';

function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

let port = Number(process.env.PORT ?? 8000);
while (!(await isFree(port))) port++;

await startDevServer({
  config: {
    rootDir: '.',
    hostname: '127.0.0.1',
    port,
    nodeResolve: { exportConditions: ['development'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    watch: false,
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
console.log(`conv-elements demo: http://127.0.0.1:${port}/demo/`);
console.log('Press Ctrl+C to stop.');
