/**
 * Clients for tests: one per member, over a test's own local backend, each with a cache database
 * of its own so no test paints another test's cached state.
 */
import { deleteDB } from 'idb';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { uniqueDatabaseName } from './local-backend.js';

const made: ConversationsClient[] = [];
const caches: string[] = [];

export function clientFor(backend: LocalBackend, member: string): ConversationsClient {
  const cacheName = uniqueDatabaseName(`cache-${member}`);
  const client = new ConversationsClient(backend.adapterFor(member), { cacheName });
  made.push(client);
  caches.push(cacheName);
  return client;
}

/**
 * Disposes of every client made since the last call and deletes their cache databases (await it
 * in `afterEach`).
 */
export async function disposeClients(): Promise<void> {
  for (const client of made.splice(0)) client.dispose();
  await Promise.all(caches.splice(0).map((name) => deleteDB(name)));
}
