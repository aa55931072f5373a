/** Read markers: what a member has read, their unread counts, and the email rule that follows. */
import { messageNotFound, parseMarkReadRequest, type UnreadSummary } from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { visibleConversation } from './conversations.js';
import { addEvents } from './fan-out.js';
import { READ_GROUPS, VISIBLE } from './rows.js';

export async function markRead(
  db: Database,
  space: string,
  viewerId: string,
  conversationId: unknown,
  upTo: unknown,
): Promise<void> {
  const request = parseMarkReadRequest(conversationId, upTo);
  await db.transaction(async (tx) => {
    const conversation = await visibleConversation(tx, viewerId, request.conversationId);
    const rows = await tx.query<{ seq: number }>(
      'select seq from messages where id = $1 and conversation_id = $2',
      [request.upTo, conversation.id],
    );
    if (rows.length === 0) throw messageNotFound();
    const seq = rows[0].seq;
    const moved = await tx.query(
      `insert into reads (member_id, conversation_id, up_to_seq) values ($1, $2, $3)
       on conflict (member_id, conversation_id) do update set up_to_seq = excluded.up_to_seq
       where reads.up_to_seq < excluded.up_to_seq
       returning up_to_seq`,
      [viewerId, conversation.id, seq],
    );
    if (moved.length === 0) return;
    // The event first: it locks the member's row, which a send to them locks before it writes
    // their email notice; taking the two in the same order keeps the pair from deadlocking.
    await addEvents(tx, space, [viewerId], 'read-changed', conversation.id, seq);
    // Read up to here: the next message may email them again (S10).
    await tx.query(
      'delete from email_notices where member_id = $1 and conversation_id = $2 and message_seq <= $3',
      [viewerId, conversation.id, seq],
    );
  });
}

export async function getUnreadSummary(
  db: Database,
  viewerId: string,
  byGroup = false,
): Promise<UnreadSummary> {
  const [row] = await db.query<{ total: number; conversations: number }>(
    `select coalesce(sum(n), 0)::int as total, count(*)::int as conversations from (
       select count(*) as n
         from messages m
         join conversations c on c.id = m.conversation_id
         left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
        where ${VISIBLE} and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
        group by m.conversation_id) as per_conversation`,
    [viewerId],
  );
  const summary = { total: row.total, conversations: row.conversations };
  if (!byGroup) return summary;
  // S18: per group the viewer reads, in the order of Viewer.groups (by name).
  const groups = await db.query<{ group_id: string; total: number; conversations: number }>(
    `select g.id as group_id, coalesce(sum(u.n), 0)::int as total, count(u.n)::int as conversations
       from groups g
       left join lateral (
         select count(*) as n
           from conversation_participants p
           join messages m on m.conversation_id = p.conversation_id
           left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
          where p.party_kind = 'group' and p.party_id = g.id
            and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
          group by m.conversation_id) u on true
      where g.id in (${READ_GROUPS})
      group by g.id, g.name order by g.name, g.id`,
    [viewerId],
  );
  return {
    ...summary,
    groups: groups.map((g) => ({ groupId: g.group_id, total: g.total, conversations: g.conversations })),
  };
}
