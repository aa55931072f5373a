/**
 * What both entries (the production `main.ts` and the test servers' `server/testing/main.ts`) do
 * with the process once the server listens: say where, and close cleanly when told to stop.
 */
import type { RunningServer } from './app.js';

/** Prints the addresses the server listens on. */
export function announce(server: RunningServer): void {
  console.log(`conv-server listening on ${server.url} (database: ${server.database.kind})`);
  if (server.urls.length > 1) console.log(`conv-server also on ${server.urls.slice(1).join(' ')}`);
}

/**
 * Closes the server, then exits, on SIGTERM or SIGINT, and with `withStdin` also when standard
 * input ends: a test server then dies with the process that started it, even if that one was
 * killed.
 */
export function stopOnSignals(server: RunningServer, { withStdin = false } = {}): void {
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
  if (withStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
}
