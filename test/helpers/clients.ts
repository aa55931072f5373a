/**
 * Clients for element tests: one per member, over a test's own local backend, each with a cache
 * database of its own so no test paints another test's cached state.
 */
import { ConversationsClient } from '../../src/client/conversations-client.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { uniqueDatabaseName } from './local-backend.js';

const made: ConversationsClient[] = [];

export function clientFor(backend: LocalBackend, member: string): ConversationsClient {
  const client = new ConversationsClient(backend.adapterFor(member), {
    cacheName: uniqueDatabaseName(`cache-${member}`),
  });
  made.push(client);
  return client;
}

/** Disposes of every client made since the last call (call it in `afterEach`). */
export function disposeClients(): void {
  for (const client of made.splice(0)) client.dispose();
}
