/**
 * The portal's moderation in the local database (S16–S18): blocking and unblocking a member,
 * deleting one (and erasing their messages when asked), and who reads a group's conversations.
 * Each runs inside one write transaction, after the rulebook's parser and decision.
 */
import { partyNotFound } from '../../core/decisions.js';
import { parseGroupReadersChange } from '../../core/group-readers.js';
import { decideBlock, parseDeleteMemberRequest, parseModeratedMemberId } from '../../core/member-status.js';
import { prefixRange, type MemberRow, type WriteTx } from './schema.js';
import { recountUnread } from './unread.js';
import { directoryChanged } from './views.js';

/** Blocks (`true`) or unblocks a member. Returns whether anything changed. */
export async function writeMemberBlock(
  tx: WriteTx,
  memberIdInput: unknown,
  block: boolean,
): Promise<boolean> {
  const memberId = parseModeratedMemberId(memberIdInput);
  const row = await tx.objectStore('members').get(memberId);
  if (!row) throw partyNotFound({ kind: 'member', id: memberId });
  if (decideBlock(row.status, block) === 'same') return false;
  const { status: _status, ...rest } = row;
  await tx.objectStore('members').put(block ? { ...rest, status: 'blocked' } : rest);
  await directoryChanged(tx);
  return true;
}

/**
 * Deletes a member for good: name, links, email (never stored here), settings, group memberships
 * and the emails the portal would have sent them go; the row stays as `status: 'deleted'` so that
 * their messages still have an author. `eraseMessages` empties each of their messages in place.
 * Again on a deleted member: nothing more, but messages are still erased when asked.
 * Returns the members whose groups changed (the groups' managers see no difference otherwise).
 */
export async function writeMemberDeletion(
  tx: WriteTx,
  memberIdInput: unknown,
  options: unknown,
): Promise<{ readonly changed: boolean }> {
  const { memberId, eraseMessages } = parseDeleteMemberRequest(memberIdInput, options);
  const members = tx.objectStore('members');
  const row = await members.get(memberId);
  if (!row) throw partyNotFound({ kind: 'member', id: memberId });
  let changed = false;
  if (row.status !== 'deleted') {
    changed = true;
    const erased: MemberRow = { id: memberId, name: '', folded: '', status: 'deleted' };
    const memberships = tx.objectStore('memberships');
    const [groups, emails] = await Promise.all([
      memberships.index('byMember').getAllKeys(memberId),
      tx.objectStore('emails').getAll(),
    ]);
    await Promise.all([
      members.put(erased),
      ...groups.map((key) => memberships.delete(key)),
      tx.objectStore('settings').delete(memberId),
      tx.objectStore('unread').delete(memberId),
      ...emails
        .filter((email) => email.to.memberId === memberId || email.from.memberId === memberId)
        .map((email) => tx.objectStore('emails').delete(email.id)),
    ]);
  }
  if (eraseMessages) changed = (await eraseMessagesOf(tx, memberId)) || changed;
  if (changed) await directoryChanged(tx);
  return { changed };
}

/** Empties every message of the member in place (`deleted: true`), the conversations' last ones too. */
async function eraseMessagesOf(tx: WriteTx, memberId: string): Promise<boolean> {
  const store = tx.objectStore('messages');
  const rows = (await store.index('byClientId').getAll(prefixRange(memberId))).filter((row) => !row.deleted);
  if (rows.length === 0) return false;
  const conversations = tx.objectStore('conversations');
  const erasedIds = new Set(rows.map((row) => row.id));
  const conversationIds = [...new Set(rows.map((row) => row.conversationId))];
  const holding = await Promise.all(conversationIds.map((id) => conversations.get(id)));
  await Promise.all([
    // An erased message has no words left for search to find (S30).
    ...rows.map(({ body: _body, ...row }) => store.put({ ...row, body: '', words: [], deleted: true })),
    ...holding
      .filter((row) => row !== undefined && erasedIds.has(row.last.id))
      .map((row) => {
        const { body: _body, ...last } = row!.last;
        return conversations.put({ ...row!, last: { ...last, body: '', words: [], deleted: true } });
      }),
  ]);
  return true;
}

/**
 * Sets who reads a group's conversations (S18). Returns the members for whom that changed (its
 * members who are not managers), their unread totals counted again, for `viewer-changed`.
 */
export async function writeGroupReaders(
  tx: WriteTx,
  groupIdInput: unknown,
  readersInput: unknown,
): Promise<string[]> {
  const { groupId, readers } = parseGroupReadersChange(groupIdInput, readersInput);
  const groups = tx.objectStore('groups');
  const row = await groups.get(groupId);
  if (!row) throw partyNotFound({ kind: 'group', id: groupId });
  if ((row.readers ?? 'members') === readers) return [];
  const { readers: _readers, ...rest } = row;
  await groups.put(readers === 'managers' ? { ...rest, readers } : rest);
  const memberships = await tx.objectStore('memberships').getAll(prefixRange(groupId));
  const affected = memberships.filter((m) => m.role !== 'manager').map((m) => m.memberId);
  await Promise.all(affected.map((memberId) => recountUnread(tx, memberId)));
  await directoryChanged(tx);
  return affected;
}
