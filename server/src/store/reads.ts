/** Read markers: what a member has read, their unread counts, and the email rule that follows. */
import { messageNotFound, parseMarkReadRequest, type UnreadSummary } from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { visibleConversation } from './conversations.js';
import { addEvents } from './fan-out.js';
import { seenAudience } from './presence.js';
import { VISIBLE } from './rows.js';

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
    const [before] = await tx.query<{ up_to_seq: number }>(
      'select up_to_seq from reads where member_id = $1 and conversation_id = $2 for update',
      [viewerId, conversation.id],
    );
    // The marker never moves back; reading clears a "marked unread" (S31) wherever it is.
    const moved = await tx.query<{ up_to_seq: number }>(
      `insert into reads (member_id, conversation_id, up_to_seq) values ($1, $2, $3)
       on conflict (member_id, conversation_id) do update
         set up_to_seq = greatest(reads.up_to_seq, excluded.up_to_seq), marked_unread = false
       where reads.up_to_seq < excluded.up_to_seq or reads.marked_unread
       returning up_to_seq`,
      [viewerId, conversation.id, seq],
    );
    // Read up to here: the next message may email them again (S10).
    await tx.query(
      'delete from email_notices where member_id = $1 and conversation_id = $2 and message_seq <= $3',
      [viewerId, conversation.id, seq],
    );
    if (moved.length === 0) return;
    const upTo = moved[0].up_to_seq;
    await addEvents(tx, space, [viewerId], 'read-changed', conversation.id, upTo);
    const from = before?.up_to_seq ?? 0;
    if (upTo > from) {
      const seers = await seenAudience(tx, viewerId, conversation.id, from, upTo);
      await addEvents(tx, space, seers, 'seen-changed', conversation.id, null);
    }
  });
}

export async function getUnreadSummary(db: Database, viewerId: string): Promise<UnreadSummary> {
  const [row] = await db.query<{ total: number; conversations: number }>(
    `select coalesce(sum(n), 0)::int as total, count(*)::int as conversations from (
       select count(*) as n
         from messages m
         join conversations c on c.id = m.conversation_id
         left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
        where ${VISIBLE} and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
          and not coalesce(r.muted, false)
        group by m.conversation_id
       union all
       -- S31: a conversation marked unread with nothing unread in it counts one (S29: unless muted)
       select 1 from reads r join conversations c on c.id = r.conversation_id
        where r.member_id = $1 and r.marked_unread and not r.muted and ${VISIBLE}
          and not exists (select 1 from messages m where m.conversation_id = r.conversation_id
                           and m.author_id <> $1 and m.seq > r.up_to_seq)) as per_conversation`,
    [viewerId],
  );
  return { total: row.total, conversations: row.conversations };
}
