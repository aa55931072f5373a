/**
 * The portal's moderation (S16–S18) as the server keeps it: blocking and unblocking a member,
 * deleting one (and erasing their messages when asked), who reads a group's conversations, and
 * the facts the rulebook's reach decisions need before a message is written. The rules are
 * src/core's (`core/member-status.ts`, `core/group-readers.ts`); this module loads and writes.
 */
import { memberBlocked } from '../webhooks/events.js';
import {
  assertMayReach,
  assertRecipientsAvailable,
  decideBlock,
  parseDeleteMemberRequest,
  parseGroupReadersChange,
  parseModeratedMemberId,
  partyNotFound,
  type MemberStatus,
  type ParticipantStatus,
  type PartyRef,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { addEvents } from './fan-out.js';

/** The status of a member: `undefined` in good standing, `null` when there is no such member. */
export async function memberStatus(q: Queryable, memberId: string): Promise<MemberStatus | undefined | null> {
  const rows = await q.query<{ status: MemberStatus | null }>('select status from members where id = $1', [
    memberId,
  ]);
  if (rows.length === 0) return null;
  return rows[0].status ?? undefined;
}

export async function setMemberBlock(
  db: Database,
  space: string,
  memberIdInput: unknown,
  block: boolean,
): Promise<void> {
  const memberId = parseModeratedMemberId(memberIdInput);
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ status: MemberStatus | null }>(
      'select status from members where id = $1 for update',
      [memberId],
    );
    if (rows.length === 0) throw partyNotFound({ kind: 'member', id: memberId });
    if (decideBlock(rows[0].status ?? undefined, block) === 'same') return;
    await tx.query('update members set status = $2 where id = $1', [memberId, block ? 'blocked' : null]);
    // S23: the portal's endpoints hear of the block in the transaction that writes it.
    if (block) await memberBlocked(tx, space, memberId, { kind: 'moderator' });
  });
}

/**
 * Deletes a member for good: their personal data, memberships, pending emails and read state of
 * emails go; the row keeps the id (their messages' author). Idempotent; `eraseMessages` (again or
 * not) empties each of their messages in place.
 */
export async function deleteMember(db: Database, memberIdInput: unknown, options: unknown): Promise<void> {
  const { memberId, eraseMessages } = parseDeleteMemberRequest(memberIdInput, options);
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ status: MemberStatus | null }>(
      'select status from members where id = $1 for update',
      [memberId],
    );
    if (rows.length === 0) throw partyNotFound({ kind: 'member', id: memberId });
    if (rows[0].status !== 'deleted') {
      await tx.query(
        `update members set status = 'deleted', name = '', search_key = '', avatar_url = null,
                profile_url = null, email = null, notify_in_app = true, notify_email = false
          where id = $1`,
        [memberId],
      );
      await tx.query('delete from group_members where member_id = $1', [memberId]);
      await tx.query('delete from email_notices where member_id = $1', [memberId]);
      await tx.query(`delete from jobs where kind = 'email' and payload->>'memberId' = $1`, [memberId]);
      await tx.query('delete from rate_limits where member_id = $1', [memberId]);
    }
    if (eraseMessages) {
      await tx.query(`update messages set body = '', deleted = true where author_id = $1 and not deleted`, [
        memberId,
      ]);
    }
  });
}

/**
 * Who reads a group's conversations (S18). The group's members who are not managers get
 * `viewer-changed`, as when they leave or join the group.
 */
export async function setGroupReaders(
  db: Database,
  space: string,
  groupIdInput: unknown,
  readersInput: unknown,
): Promise<void> {
  const { groupId, readers } = parseGroupReadersChange(groupIdInput, readersInput);
  await db.transaction(async (tx) => {
    const found = await tx.query<{ readers: string }>('select readers from groups where id = $1 for update', [
      groupId,
    ]);
    if (found.length === 0) throw partyNotFound({ kind: 'group', id: groupId });
    if (found[0].readers === readers) return;
    await tx.query('update groups set readers = $2 where id = $1', [groupId, readers]);
    const affected = await tx.query<{ member_id: string }>(
      `select member_id from group_members where group_id = $1 and role <> 'manager'`,
      [groupId],
    );
    await addEvents(
      tx,
      space,
      affected.map((row) => row.member_id),
      'viewer-changed',
      null,
      null,
    );
  });
}

async function statuses(q: Queryable, refs: readonly PartyRef[]): Promise<ParticipantStatus[]> {
  const ids = refs.filter((ref) => ref.kind === 'member').map((ref) => ref.id);
  const rows = ids.length
    ? await q.query<{ id: string; status: MemberStatus }>(
        'select id, status from members where id = any($1::text[]) and status is not null',
        [ids],
      )
    : [];
  const statusOf = new Map(rows.map((row) => [row.id, row.status]));
  return refs.map((ref) => ({ ref, status: ref.kind === 'member' ? statusOf.get(ref.id) : undefined }));
}

/** S16, S17 before a start: no recipient blocked or deleted. */
export async function checkRecipientsAvailable(q: Queryable, recipients: readonly PartyRef[]): Promise<void> {
  assertRecipientsAvailable(await statuses(q, recipients));
}

/**
 * S16, S17 before a send to a conversation the viewer sees (`conv_send` decides visibility and
 * idempotency itself): refused when a participant is blocked or every other one is deleted.
 * One small query; the send's own statement follows.
 */
export async function checkMayReach(
  q: Queryable,
  viewerId: string,
  sender: PartyRef,
  conversationId: string,
  clientId: string,
): Promise<void> {
  // Not theirs to see, or a retry of a stored send: conv_send answers those as it always has.
  const participants = await q.query<{ kind: 'member' | 'group'; id: string }>(
    `select party_kind as kind, party_id as id from conversation_participants
      where conversation_id = $1 and conv_sees($2, $1)
        and not exists (select 1 from messages where author_id = $2 and client_id = $3)
      order by position`,
    [conversationId, viewerId, clientId],
  );
  if (participants.length === 0) return;
  assertMayReach(viewerId, sender, await statuses(q, participants));
}
