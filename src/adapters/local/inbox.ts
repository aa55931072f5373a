/**
 * The viewer's inbox: their conversations, newest activity first, read from the `inbox` index of
 * every party they read through (themselves and each of their groups).
 */
import { inboxRange, type ConversationRow, type ReadTx } from './schema.js';

/**
 * The `count` newest conversations of the viewer, after `after` when given. Each party's inbox
 * gives its newest `count` rows in one request: a conversation ranked k-th overall is within the
 * first k of some party's inbox, since every conversation above it there is also above it
 * overall. The merge drops a conversation the viewer reaches through two parties.
 */
export async function newestConversations(
  tx: ReadTx,
  parties: readonly string[],
  count: number,
  after: readonly [number, string] | undefined,
): Promise<ConversationRow[]> {
  const index = tx.objectStore('conversations').index('inbox');
  const streams = await Promise.all(parties.map((party) => index.getAll(inboxRange(party, after), count)));
  if (streams.length === 1) return streams[0]!;
  const byId = new Map<string, ConversationRow>();
  for (const row of streams.flat()) byId.set(row.id, row);
  return [...byId.values()]
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count);
}
