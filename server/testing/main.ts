/**
 * The test servers' entry (`dist/test-main.mjs`, built by build.mjs's `buildTestServer`): the
 * production server plus isolated spaces and fault injection (`routes.ts`). The production
 * entry, src/main.ts, never includes this file.
 */
import { startServer } from '../src/app.js';
import { configFromEnv } from '../src/config.js';
import { announce, stopOnSignals } from '../src/process.js';
import { testExtension } from './routes.js';

let config;
try {
  config = { ...configFromEnv(process.env), testMode: true };
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const server = await startServer(config, testExtension);
announce(server);

// Test servers die with the process that started them, even if it was killed.
stopOnSignals(server, { withStdin: true });
