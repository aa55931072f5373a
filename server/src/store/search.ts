/**
 * Searching the viewer's conversations (S30), and the page of messages around one message.
 *
 * Text: the GIN index `messages_search` (migration 13) finds the messages in which every word of
 * the query begins a word, as a prefix `tsquery` over the folded body; the rows found are then
 * kept only when `wordsMatch` of `core/search.ts` agrees, so this backend and the local one find
 * the same messages where PostgreSQL's parser cuts words differently. Names: the folded
 * `search_key` of the members and groups in the viewer's conversations, as directory search.
 * Both read only conversations the viewer may read (`VISIBLE`). A blocked or deleted member's
 * name finds nothing (S16, S17: `isSearchable`); messages carry their reactions as a thread's do.
 */
import {
  decodeCursor,
  encodeCursor,
  messageNotFound,
  pageAround,
  parseConversationSearchRequest,
  searchWords,
  wordsMatch,
  type ConversationSearchResults,
  type Message,
  type MessagePage,
} from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { conversationViews, visibleConversation } from './conversations.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  VISIBLE,
  isStoredId,
  reactionsOf,
  toMessage,
  withReactions,
  type ConversationRow,
  type MessageRow,
} from './rows.js';

/** Messages as a thread shows them: with their reactions (S26), "mine" for the viewer. */
async function viewMessages(db: Database, viewerId: string, rows: readonly MessageRow[]): Promise<Message[]> {
  const reactions = await reactionsOf(
    db,
    rows.map((row) => row.seq),
  );
  return rows.map((row) => withReactions(toMessage(row), reactions.get(row.seq), viewerId));
}

/** Rows read for each result asked for, so that the rows the rulebook drops leave enough. */
const CANDIDATES_PER_RESULT = 4;

export async function searchConversations(
  db: Database,
  viewerId: string,
  query: unknown,
  limitInput: unknown,
): Promise<ConversationSearchResults> {
  const request = parseConversationSearchRequest(query, { limit: limitInput });
  const pattern = `%${request.folded.replace(/[\\%_]/g, '\\$&')}%`;
  const [named, found] = await Promise.all([
    db.query<ConversationRow>(
      `select ${CONVERSATION_COLUMNS} from conversations c
        where ${VISIBLE}
          and exists (
            select 1 from conversation_participants p
              left join members m on p.party_kind = 'member' and m.id = p.party_id and m.id <> $1
                and m.status is null
              left join groups g on p.party_kind = 'group' and g.id = p.party_id
             where p.conversation_id = c.id and coalesce(m.search_key, g.search_key) like $2)
        order by c.last_message_seq desc limit $3`,
      [viewerId, pattern, request.limit],
    ),
    // The query's words, folded by SQL as the index folds bodies, each a prefix ("word:*"),
    // all of them required. Quoted with quote_literal, so no word is read as tsquery syntax.
    db.query<MessageRow>(
      `${MESSAGE_SELECT}
        join conversations c on c.id = m.conversation_id
       where ${VISIBLE}
         and conv_search_vector(m.body) @@ (
           select to_tsquery('simple', string_agg(quote_literal(conv_search_text(w)) || ':*', ' & '))
             from unnest($2::text[]) as w)
       order by m.seq desc limit $3`,
      [viewerId, [...request.words], request.limit * CANDIDATES_PER_RESULT],
    ),
  ]);
  const hits = found
    .filter((row) => wordsMatch(request.words, searchWords(row.body)))
    .slice(0, request.limit);
  const hitIds = [...new Set(hits.map((row) => row.conversation_id))];
  const hitRows = hitIds.length
    ? await db.query<ConversationRow>(
        `select ${CONVERSATION_COLUMNS} from conversations c where c.id = any($1::text[])`,
        [hitIds],
      )
    : [];
  const [conversations, hitConversations, messages] = await Promise.all([
    conversationViews(db, viewerId, named),
    conversationViews(db, viewerId, hitRows),
    viewMessages(db, viewerId, hits),
  ]);
  const conversationOf = new Map(hitConversations.map((conversation) => [conversation.id, conversation]));
  return {
    conversations,
    messages: hits.map((row, i) => ({
      conversation: conversationOf.get(row.conversation_id)!,
      message: messages[i]!,
    })),
  };
}

/**
 * The page around message `around` (as `pageAround` places it), or the page after cursor
 * `after`. Sequence numbers are the server's, shared by every conversation: positions within the
 * conversation are counted from the rows read on each side (at most `limit` each), which is all
 * that `pageAround` needs to place a page of `limit`.
 */
export async function listMessagesWindow(
  db: Database,
  viewerId: string,
  id: unknown,
  window: { readonly around?: string; readonly after?: string },
  limit: number,
): Promise<MessagePage> {
  const conversation = await visibleConversation(db, viewerId, id);
  if (window.after !== undefined) {
    const [above] = decodeCursor(window.after, ['int32'] as const);
    const rows = await db.query<MessageRow>(
      `${MESSAGE_SELECT} where m.conversation_id = $1 and m.seq > $2 order by m.seq limit $3`,
      [conversation.id, above, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: await viewMessages(db, viewerId, page),
      ...(rows.length > limit ? { after: encodeCursor([page.at(-1)!.seq]) } : {}),
    };
  }
  if (!isStoredId(window.around)) throw messageNotFound();
  const [target] = await db.query<{ seq: number }>(
    'select seq from messages where id = $1 and conversation_id = $2',
    [window.around, conversation.id],
  );
  if (!target) throw messageNotFound();
  const [older, newer] = await Promise.all([
    db.query<MessageRow>(
      `${MESSAGE_SELECT} where m.conversation_id = $1 and m.seq <= $2 order by m.seq desc limit $3`,
      [conversation.id, target.seq, limit + 1],
    ),
    db.query<MessageRow>(
      `${MESSAGE_SELECT} where m.conversation_id = $1 and m.seq > $2 order by m.seq limit $3`,
      [conversation.id, target.seq, limit + 1],
    ),
  ]);
  // Positions 1 … n over the rows read, oldest first; the target is at older.length.
  const rows = [...older.reverse(), ...newer];
  const [oldest, newest] = pageAround(older.length, rows.length, limit);
  const page = rows.slice(oldest - 1, newest);
  return {
    items: await viewMessages(db, viewerId, page),
    ...(oldest > 1 ? { before: encodeCursor([page[0]!.seq]) } : {}),
    ...(newest < rows.length ? { after: encodeCursor([page.at(-1)!.seq]) } : {}),
  };
}
