/** Read markers: what a member has read, their unread counts, and the email rule that follows. */
import { messageNotFound, parseMarkReadRequest, type UnreadSummary } from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { visibleConversation } from './conversations.js';
import { addEvents, lockMembers } from './fan-out.js';
import { seenAudience } from './presence.js';
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
    // Locks in one order for everyone (see lockMembers): the members' rows first, then the read
    // row. Which authors will see "Seen by" change (S27) depends on where the reader was, known
    // only under the lock; the position only moves forward, so those found from an earlier look
    // include them all.
    const [seen] = await tx.query<{ up_to_seq: number }>(
      'select up_to_seq from reads where member_id = $1 and conversation_id = $2',
      [viewerId, conversation.id],
    );
    const mayBeSeers =
      seq > (seen?.up_to_seq ?? 0)
        ? await seenAudience(tx, viewerId, conversation.id, seen?.up_to_seq ?? 0, seq)
        : [];
    await lockMembers(tx, [viewerId, ...mayBeSeers]);
    const [before] = await tx.query<{ up_to_seq: number; marker_seq: number | null; marked_unread: boolean }>(
      'select up_to_seq, marker_seq, marked_unread from reads where member_id = $1 and conversation_id = $2 for update',
      [viewerId, conversation.id],
    );
    // Neither the read position nor the member's own marker (S21, which writing does not move)
    // ever moves back; reading clears a "marked unread" (S31) wherever they are.
    const moved = await tx.query<{ up_to_seq: number }>(
      `insert into reads (member_id, conversation_id, up_to_seq, marker_seq) values ($1, $2, $3, $3)
       on conflict (member_id, conversation_id) do update
         set up_to_seq = greatest(reads.up_to_seq, excluded.up_to_seq),
             marker_seq = greatest(reads.marker_seq, excluded.marker_seq), marked_unread = false
       where reads.up_to_seq < excluded.up_to_seq or reads.marked_unread
          or reads.marker_seq is null or reads.marker_seq < excluded.marker_seq
       returning up_to_seq`,
      [viewerId, conversation.id, seq],
    );
    if (moved.length === 0) return;
    const upTo = moved[0].up_to_seq;
    const from = before?.up_to_seq ?? 0;
    // Only a moved read position or a cleared mark is news to the member's tabs and to others.
    if (upTo === from && !before?.marked_unread) return;
    // S27: the authors whose newest message this read reaches, who see "Seen by" change.
    const seers = upTo > from ? await seenAudience(tx, viewerId, conversation.id, from, upTo) : [];
    await addEvents(tx, space, [viewerId], 'read-changed', conversation.id, upTo);
    await addEvents(tx, space, seers, 'seen-changed', conversation.id, null);
    // Read up to here: the next message may email them again (S10).
    await tx.query(
      'delete from email_notices where member_id = $1 and conversation_id = $2 and message_seq <= $3',
      [viewerId, conversation.id, upTo],
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
  const summary = { total: row.total, conversations: row.conversations };
  if (!byGroup) return summary;
  // S18: per group the viewer reads, in the order of Viewer.groups (by name).
  const groups = await db.query<{ group_id: string; total: number; conversations: number }>(
    `select g.id as group_id, coalesce(sum(u.n), 0)::int as total, count(u.n)::int as conversations
       from groups g
       left join lateral (
         -- As in the totals: muted and left conversations count nothing, one marked unread at
         -- least one (S29, S31).
         select x.n from (
           select greatest(
                    (select count(*) from messages m
                      where m.conversation_id = p.conversation_id
                        and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)),
                    case when r.marked_unread then 1 else 0 end) as n
             from conversation_participants p
             left join reads r on r.member_id = $1 and r.conversation_id = p.conversation_id
            where p.party_kind = 'group' and p.party_id = g.id
              and not coalesce(r.muted, false)
              and not exists (select 1 from conversation_leavers l
                               where l.conversation_id = p.conversation_id and l.member_id = $1)) x
          where x.n > 0) u on true
      where g.id in (${READ_GROUPS})
      group by g.id, g.name order by g.name, g.id`,
    [viewerId],
  );
  return {
    ...summary,
    groups: groups.map((g) => ({ groupId: g.group_id, total: g.total, conversations: g.conversations })),
  };
}
