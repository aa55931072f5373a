/**
 * Presence over SQL (S27–S29, S31): "Seen by", mute, mark as unread, leave, and who hears a
 * member typing. Decisions are `src/core/presence.ts`'s; visibility is `VISIBLE` / `conv_sees`,
 * which leave out members who left.
 */
import {
  assertMayLeave,
  parseConversationId,
  parseMuteRequest,
  seenByOf,
  type Conversation,
  type Member,
  type PartyRef,
  type SeenBy,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { conversationViews, visibleConversation } from './conversations.js';
import { addEvents, lockMembers } from './fan-out.js';
import { toMember } from './rows.js';
import { randomUUID } from 'node:crypto';

/**
 * Every member who sees the conversation now: named, or in a named group whose conversations they
 * read (S18: `conv_group_readers`), not deleted (S17), and not left (S29).
 */
const MEMBERS_OF = `
  select r.member_id from (
    select p.party_id as member_id from conversation_participants p
     where p.conversation_id = $1 and p.party_kind = 'member'
    union
    select conv_group_readers(p.party_id) from conversation_participants p
     where p.conversation_id = $1 and p.party_kind = 'group') r
  join members m on m.id = r.member_id
  where m.status is distinct from 'deleted'
    and not exists (select 1 from conversation_leavers l
                     where l.conversation_id = $1 and l.member_id = r.member_id)`;

export async function membersOf(q: Queryable, conversationId: string): Promise<string[]> {
  const rows = await q.query<{ member_id: string }>(MEMBERS_OF, [conversationId]);
  return rows.map((row) => row.member_id);
}

/** S27: who has read the viewer's own newest message. */
export async function getSeenBy(db: Database, viewerId: string, id: unknown): Promise<SeenBy> {
  const conversationId = parseConversationId(id);
  const conversation = await visibleConversation(db, viewerId, conversationId);
  return seenByIn(db, viewerId, conversation.id);
}

export async function seenByIn(q: Queryable, viewerId: string, conversationId: string): Promise<SeenBy> {
  const [own] = await q.query<{ seq: number; id: string; shares: boolean }>(
    `select m.seq, m.id, (select share_receipts from members where id = $2) as shares
       from messages m
      where m.conversation_id = $1 and m.author_id = $2 and m.system is null
      order by m.seq desc limit 1`,
    [conversationId, viewerId],
  );
  if (!own) return { conversationId, readers: [] };
  const readers = await q.query<{
    id: string;
    name: string;
    avatar_url: string | null;
    profile_url: string | null;
    up_to_seq: number;
    share_receipts: boolean;
  }>(
    `select mb.id, mb.name, mb.avatar_url, mb.profile_url, r.up_to_seq, mb.share_receipts
       from (${MEMBERS_OF}) v
       join members mb on mb.id = v.member_id
       join reads r on r.member_id = v.member_id and r.conversation_id = $1
      where r.up_to_seq >= $2`,
    [conversationId, own.seq],
  );
  const seen = seenByOf(
    { memberId: viewerId, sharesReceipts: own.shares },
    own.seq,
    readers.map((row) => ({
      member: toMember(row),
      memberId: row.id,
      readUpTo: row.up_to_seq,
      sharesReceipts: row.share_receipts,
    })),
  ).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return { conversationId, messageId: own.id, readers: seen };
}

async function viewOf(q: Queryable, viewerId: string, conversationId: string): Promise<Conversation> {
  const row = await visibleConversation(q, viewerId, conversationId);
  return (await conversationViews(q, viewerId, [row]))[0];
}

/** S29: mutes or unmutes for the viewer. */
export async function setMuted(
  db: Database,
  space: string,
  viewerId: string,
  id: unknown,
  muted: unknown,
): Promise<Conversation> {
  const request = parseMuteRequest(id, muted);
  return db.transaction(async (tx) => {
    const conversation = await visibleConversation(tx, viewerId, request.conversationId);
    // The member's row before their read row: the order every send takes them in.
    await lockMembers(tx, [viewerId]);
    const [current] = await tx.query<{ muted: boolean }>(
      'select muted from reads where member_id = $1 and conversation_id = $2 for update',
      [viewerId, conversation.id],
    );
    if ((current?.muted ?? false) !== request.muted) {
      await tx.query(
        `insert into reads (member_id, conversation_id, up_to_seq, muted) values ($1, $2, 0, $3)
         on conflict (member_id, conversation_id) do update set muted = excluded.muted`,
        [viewerId, conversation.id, request.muted],
      );
      await addEvents(tx, space, [viewerId], 'conversation-changed', conversation.id, null);
    }
    return viewOf(tx, viewerId, conversation.id);
  });
}

/** S31: shows the conversation unread to the viewer until they read it again. */
export async function markUnread(
  db: Database,
  space: string,
  viewerId: string,
  id: unknown,
): Promise<Conversation> {
  const conversationId = parseConversationId(id);
  return db.transaction(async (tx) => {
    const conversation = await visibleConversation(tx, viewerId, conversationId);
    // The member's row before their read row: the order every send takes them in.
    await lockMembers(tx, [viewerId]);
    const changed = await tx.query(
      `insert into reads (member_id, conversation_id, up_to_seq, marked_unread) values ($1, $2, 0, true)
       on conflict (member_id, conversation_id) do update set marked_unread = true
       where not reads.marked_unread
       returning 1`,
      [viewerId, conversation.id],
    );
    if (changed.length > 0)
      await addEvents(tx, space, [viewerId], 'conversation-changed', conversation.id, null);
    return viewOf(tx, viewerId, conversation.id);
  });
}

/**
 * S29: the viewer leaves a conversation of several people: listed as a leaver (so `conv_sees`
 * and every delivery leave them out), a "left" entry for the others (no email for it), and a
 * `conversation-removed` event for the leaver's own tabs.
 */
export async function leaveConversation(
  db: Database,
  space: string,
  viewerId: string,
  id: unknown,
): Promise<void> {
  const conversationId = parseConversationId(id);
  await db.transaction(async (tx) => {
    const conversation = await visibleConversation(tx, viewerId, conversationId);
    const participants = await tx.query<{ kind: PartyRef['kind']; id: string }>(
      `select party_kind as kind, party_id as id from conversation_participants
        where conversation_id = $1 order by position`,
      [conversation.id],
    );
    assertMayLeave(viewerId, participants);
    // Everyone this leave adds events for, the leaver too (whose "left" entry reads the
    // conversation for them, migration 14), locked at once in id order, as a send locks them.
    await lockMembers(tx, await membersOf(tx, conversation.id));
    const now = Date.now();
    await tx.query(
      'insert into conversation_leavers (conversation_id, member_id, left_at) values ($1, $2, $3)',
      [conversation.id, viewerId, now],
    );
    const messageId = randomUUID();
    const [row] = await tx.query<{ seq: number }>(
      `insert into messages (id, conversation_id, author_id, client_id, body, sent_at, system)
       values ($1, $2, $3, $4, '', $5, 'left') returning seq`,
      [messageId, conversation.id, viewerId, randomUUID(), now],
    );
    await tx.query('select conv_message_added($1, $2, $3, $4, $5, $6, false, $7)', [
      row.seq,
      messageId,
      conversation.id,
      viewerId,
      now,
      'message-added',
      space,
    ]);
    await tx.query('delete from email_notices where member_id = $1 and conversation_id = $2', [
      viewerId,
      conversation.id,
    ]);
    await addEvents(tx, space, [viewerId], 'conversation-removed', conversation.id, null);
  });
}

/**
 * S28: who hears the viewer typing here: the other members who see it and share receipts, when
 * the viewer does. Empty for a viewer with receipts off (nothing is sent).
 */
export async function typingAudience(
  db: Database,
  viewerId: string,
  conversationId: string,
): Promise<{ readonly member: Member; readonly audience: string[] } | undefined> {
  const conversation = await visibleConversation(db, viewerId, conversationId);
  const [typer] = await db.query<{
    id: string;
    name: string;
    avatar_url: string | null;
    profile_url: string | null;
    share_receipts: boolean;
  }>('select id, name, avatar_url, profile_url, share_receipts from members where id = $1', [viewerId]);
  if (!typer?.share_receipts) return undefined;
  const rows = await db.query<{ id: string }>(
    `select mb.id from (${MEMBERS_OF}) v join members mb on mb.id = v.member_id
      where mb.share_receipts and mb.id <> $2`,
    [conversation.id, viewerId],
  );
  return { member: toMember(typer), audience: rows.map((row) => row.id) };
}

/** S27: after a member's read moved, the others whose own message it reached hear of it. */
export async function seenAudience(
  q: Queryable,
  readerId: string,
  conversationId: string,
  fromSeq: number,
  toSeq: number,
): Promise<string[]> {
  const rows = await q.query<{ author_id: string }>(
    `select m.author_id from messages m
      where m.conversation_id = $1 and m.system is null and m.author_id <> $2
        and (select share_receipts from members where id = $2)
      group by m.author_id
     having max(m.seq) > $3 and max(m.seq) <= $4`,
    [conversationId, readerId, fromSeq, toSeq],
  );
  const audience = new Set(await membersOf(q, conversationId));
  return rows.map((row) => row.author_id).filter((id) => audience.has(id));
}
