/**
 * Searching the viewer's conversations on the local database (S30), with the rules of
 * `core/search.ts`.
 *
 * Text: every message row holds its distinct folded words (`MessageRow.words`, written on send)
 * under the multi-entry index `byWord`, so a query reads the rows one of its words begins (a key
 * range, the longest word of the query: the fewest rows), never the whole store; the rows are
 * then kept when the viewer reads their conversation and every other word matches too. Names: the
 * directory's folded names (cached per directory version), against the viewer's conversations.
 */
import type { ConversationSearchRequest, ConversationSearchResults } from '../../core/search.js';
import { isSearchable } from '../../core/member-status.js';
import { wordsMatch } from '../../core/search.js';
import { partyKey } from '../../core/types.js';
import { mayRead } from '../../core/decisions.js';
import { inboxRange, leftOf, type ConversationRow, type MessageRow, type ReadTx } from './schema.js';
import { viewConversations, viewMessages, type DirectoryCache, type ViewerContext } from './views.js';

/** Every conversation the viewer reads, by id (through themselves and each of their groups), as `mayRead` says. */
async function readableConversations(
  tx: ReadTx,
  context: ViewerContext,
): Promise<Map<string, ConversationRow>> {
  const index = tx.objectStore('conversations').index('inbox');
  const streams = await Promise.all(context.parties.map((party) => index.getAll(inboxRange(party))));
  // A conversation the viewer left stays in their groups' inboxes: not theirs any more (S29).
  return new Map(
    streams
      .flat()
      .filter((row) => mayRead(context, row.participants, leftOf(row)))
      .map((row) => [row.id, row]),
  );
}

/** The rows whose words include one beginning with `word`: one key range of the `byWord` index. */
function rowsWithWord(tx: ReadTx, word: string): Promise<MessageRow[]> {
  // Every string that begins with `word` sorts between it and it followed by the highest unit.
  return tx
    .objectStore('messages')
    .index('byWord')
    .getAll(IDBKeyRange.bound(word, `${word}\uffff`));
}

export async function searchConversations(
  tx: ReadTx,
  cache: DirectoryCache,
  context: ViewerContext,
  request: ConversationSearchRequest,
): Promise<ConversationSearchResults> {
  const longest = request.words.reduce((a, b) => (b.length > a.length ? b : a));
  const [readable, everyone, candidates] = await Promise.all([
    readableConversations(tx, context),
    cache.all(tx),
    rowsWithWord(tx, longest),
  ]);

  // Names: the viewer's own name would match every conversation they are in, so it is left out.
  const named = new Set<string>();
  for (const row of everyone.members) {
    // A blocked or deleted member shows as such, never by name: their name finds nothing (S16, S17).
    if (row.id === context.memberId || !isSearchable(row.status)) continue;
    if (row.folded.includes(request.folded)) named.add(`m:${row.id}`);
  }
  for (const row of everyone.groups) if (row.folded.includes(request.folded)) named.add(`g:${row.id}`);
  const byName = [...readable.values()]
    .filter((row) => row.participants.some((ref) => named.has(partyKey(ref))))
    .sort(newestActivityFirst)
    .slice(0, request.limit);

  // Text: a row is listed once per word of its that begins with `longest`; keep it once.
  const seen = new Set<string>();
  const found = candidates
    .filter((row) => {
      if (seen.has(row.id) || !readable.has(row.conversationId)) return false;
      seen.add(row.id);
      return wordsMatch(request.words, row.words ?? []);
    })
    .sort((a, b) => b.sentAt - a.sentAt || (a.id < b.id ? 1 : -1))
    .slice(0, request.limit);

  const hitRows = [...new Set(found.map((row) => row.conversationId))].map((id) => readable.get(id)!);
  const [conversations, hitConversations, messages] = await Promise.all([
    viewConversations(tx, cache, context.memberId, byName),
    viewConversations(tx, cache, context.memberId, hitRows),
    viewMessages(tx, cache, found, context.memberId),
  ]);
  const conversationOf = new Map(hitConversations.map((conversation) => [conversation.id, conversation]));
  return {
    conversations,
    messages: messages.map((message) => ({
      conversation: conversationOf.get(message.conversationId)!,
      message,
    })),
  };
}

function newestActivityFirst(a: ConversationRow, b: ConversationRow): number {
  return b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
