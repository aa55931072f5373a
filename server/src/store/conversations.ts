/**
 * Reading conversations and their messages, as the viewer sees them. Visibility is computed from
 * the current memberships on every read, so a member who leaves a group loses its conversations
 * at once, and an outsider gets `NotFoundError`, as for a conversation that does not exist (S5).
 */
import {
  NotFoundError,
  decodeCursor,
  encodeCursor,
  resolvePageLimit,
  type Conversation,
  type MessagePage,
  type Page,
  type Party,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  READ_GROUPS,
  VISIBLE,
  isStoredId,
  reactionsOf,
  toMessage,
  withReactions,
  toParty,
  type ConversationRow,
  type MessageRow,
  type PartyRow,
} from './rows.js';

export type SharedViews = Awaited<ReturnType<typeof sharedViews>>;

/** What every participant sees alike: who is in each conversation, and its last message. */
export async function sharedViews(q: Queryable, ids: readonly string[], lastSeqs: readonly number[]) {
  const participants = ids.length
    ? await q.query<PartyRow & { conversation_id: string }>(
        `select p.conversation_id, p.party_kind as kind, p.party_id as id,
                coalesce(m.name, g.name, '') as name,
                coalesce(m.avatar_url, g.avatar_url) as avatar_url,
                coalesce(m.profile_url, g.profile_url) as profile_url, m.status, g.readers
           from conversation_participants p
           left join members m on p.party_kind = 'member' and m.id = p.party_id
           left join groups g on p.party_kind = 'group' and g.id = p.party_id
          where p.conversation_id = any($1::text[])
          order by p.conversation_id, p.position`,
        [[...ids]],
      )
    : [];
  const lastMessages = lastSeqs.length
    ? await q.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = any($1::int[])`, [[...new Set(lastSeqs)]])
    : [];
  const partiesOf = new Map<string, Party[]>();
  for (const row of participants) {
    const list = partiesOf.get(row.conversation_id) ?? [];
    list.push(toParty(row));
    partiesOf.set(row.conversation_id, list);
  }
  const lastOf = new Map(lastMessages.map((row) => [row.conversation_id, toMessage(row)]));
  return { partiesOf, lastOf };
}

export function assembleView(
  row: ConversationRow,
  { partiesOf, lastOf }: SharedViews,
  unreadCount: number,
): Conversation {
  const lastMessage = lastOf.get(row.id);
  return {
    id: row.id,
    participants: partiesOf.get(row.id) ?? [],
    startedBy: { kind: row.started_by_kind, id: row.started_by_id },
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    ...(lastMessage ? { lastMessage } : {}),
    unreadCount,
  };
}

export async function conversationViews(
  q: Queryable,
  viewerId: string,
  rows: readonly ConversationRow[],
): Promise<Conversation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const shared = await sharedViews(
    q,
    ids,
    rows.map((row) => row.last_message_seq),
  );
  const unread = await q.query<{ conversation_id: string; n: number }>(
    `select m.conversation_id, count(*)::int as n
       from messages m
       left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
      where m.conversation_id = any($2::text[]) and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
      group by m.conversation_id`,
    [viewerId, ids],
  );
  const unreadOf = new Map(unread.map((row) => [row.conversation_id, row.n]));
  return rows.map((row) => assembleView(row, shared, unreadOf.get(row.id) ?? 0));
}

export async function visibleConversation(
  q: Queryable,
  viewerId: string,
  id: unknown,
): Promise<ConversationRow> {
  if (!isStoredId(id)) throw new NotFoundError('No such conversation.');
  const rows = await q.query<ConversationRow>(
    `select ${CONVERSATION_COLUMNS} from conversations c where c.id = $2 and ${VISIBLE}`,
    [viewerId, id],
  );
  if (rows.length === 0) throw new NotFoundError('No such conversation.');
  return rows[0];
}

export async function getConversation(db: Database, viewerId: string, id: unknown): Promise<Conversation> {
  const row = await visibleConversation(db, viewerId, id);
  return (await conversationViews(db, viewerId, [row]))[0];
}

export async function listConversations(
  db: Database,
  viewerId: string,
  after: unknown,
  limitInput: unknown,
  group?: string,
): Promise<Page<Conversation>> {
  const limit = resolvePageLimit(limitInput);
  const [below] = after === undefined ? [null] : decodeCursor(after, ['number'] as const);
  // S18: one group's conversations, when the viewer reads that group (else none).
  const rows = await db.query<ConversationRow>(
    `select ${CONVERSATION_COLUMNS} from conversations c
      where ${VISIBLE} and ($2::int is null or c.last_message_seq < $2)
        and ($4::text is null or (
          $4 in (${READ_GROUPS}) and exists (select 1 from conversation_participants gp
            where gp.conversation_id = c.id and gp.party_kind = 'group' and gp.party_id = $4)))
      order by c.last_message_seq desc limit $3`,
    [viewerId, below, limit + 1, group ?? null],
  );
  const page = rows.slice(0, limit);
  const items = await conversationViews(db, viewerId, page);
  return rows.length > limit
    ? { items, next: encodeCursor([page[page.length - 1].last_message_seq]) }
    : { items };
}

export async function listMessages(
  db: Database,
  viewerId: string,
  id: unknown,
  before: unknown,
  limitInput: unknown,
): Promise<MessagePage> {
  const conversation = await visibleConversation(db, viewerId, id);
  const limit = resolvePageLimit(limitInput);
  const [below] = before === undefined ? [null] : decodeCursor(before, ['number'] as const);
  const rows = await db.query<MessageRow>(
    `${MESSAGE_SELECT} where m.conversation_id = $1 and ($2::int is null or m.seq < $2)
      order by m.seq desc limit $3`,
    [conversation.id, below, limit + 1],
  );
  const page = rows.slice(0, limit).reverse();
  const reactions = await reactionsOf(
    db,
    page.map((row) => row.seq),
  );
  const items = page.map((row) => withReactions(toMessage(row), reactions.get(row.seq), viewerId));
  return rows.length > limit ? { items, before: encodeCursor([page[0].seq]) } : { items };
}
