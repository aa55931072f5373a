/**
 * The test servers' entry (`dist/test-main.mjs`, built by build.mjs's `buildTestServer`): the
 * production server plus isolated spaces and fault injection (`routes.ts`). The production
 * entry, src/main.ts, never includes this file.
 */
import { startServer } from '../src/app.js';
import { configFromEnv } from '../src/config.js';
import { testExtension } from './routes.js';

let config;
try {
  config = { ...configFromEnv(process.env), testMode: true };
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const server = await startServer(config, testExtension);
console.log(`conv-server listening on ${server.url} (database: ${server.database.kind})`);
if (server.urls.length > 1) console.log(`conv-server also on ${server.urls.slice(1).join(' ')}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Test servers die with the process that started them, even if it was killed.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
