/**
 * The portal's moderation (S16–S18) as the server keeps it: blocking and unblocking a member,
 * deleting one (and erasing their messages when asked), and who reads a group's conversations.
 * The rules are src/core's (`core/member-status.ts`, `core/group-readers.ts`); this module loads
 * and writes. The facts the reach decisions need before a message is written: `send-facts.ts`.
 */
import { memberBlocked } from '../webhooks/events.js';
import {
  decideBlock,
  parseDeleteMemberRequest,
  parseGroupReadersChange,
  parseModeratedMemberId,
  partyNotFound,
  type MemberStatus,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { addEvents } from './fan-out.js';

/**
 * The statuses of members, in one query: `undefined` in good standing, `null` when there is no
 * such member. The many requests that arrive together each ask whether their member may still
 * make requests (`Store.memberExists`).
 */
export async function memberStatuses(
  q: Queryable,
  memberIds: readonly string[],
): Promise<Map<string, MemberStatus | undefined | null>> {
  const rows = await q.query<{ id: string; status: MemberStatus | null }>(
    'select id, status from members where id = any($1::text[])',
    [memberIds],
    'conv_member_statuses',
  );
  const statuses = new Map<string, MemberStatus | undefined | null>(memberIds.map((id) => [id, null]));
  for (const row of rows) statuses.set(row.id, row.status ?? undefined);
  return statuses;
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
