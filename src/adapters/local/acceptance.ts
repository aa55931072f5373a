/**
 * S14, S15 in the local database: loading the facts the rulebook's `assertAccepted` decides on (`core/delivery`)
 * (each recipient's setting, whether they follow the sender, whether they blocked them), marking
 * search results that do not accept the viewer, and writing blocks and follows.
 */
import { accepts, parseFollowChange, type RecipientFacts } from '../../core/acceptance.js';
import { partyNotFound } from '../../core/decisions.js';
import type { AcceptFrom, Member, MemberId, Party } from '../../core/types.js';
import type { ReadTx, WriteTx } from './schema.js';
import { prefixRange } from './schema.js';
import { directoryChanged, toMember } from './views.js';

/** The members who blocked `senderId`: one index read, for a whole page of search results. */
async function blockersOf(tx: ReadTx, senderId: MemberId): Promise<Set<string>> {
  const rows = await tx.objectStore('blocks').index('byBlocked').getAll(senderId);
  return new Set(rows.map((row) => row.blockerId));
}

/** The facts about each of `memberIds` towards `senderId`. */
export async function recipientFacts(
  tx: ReadTx,
  senderId: MemberId,
  memberIds: readonly MemberId[],
): Promise<RecipientFacts[]> {
  if (memberIds.length === 0) return [];
  const [blockers, members, settings] = await Promise.all([
    blockersOf(tx, senderId),
    Promise.all(memberIds.map((id) => tx.objectStore('members').get(id))),
    Promise.all(memberIds.map((id) => tx.objectStore('settings').get(id))),
  ]);
  return memberIds.map((memberId, i) => ({
    memberId,
    acceptFrom: (settings[i]?.acceptFrom ?? 'anyone') satisfies AcceptFrom,
    followsSender: members[i]?.follows?.includes(senderId) ?? false,
    blockedSender: blockers.has(memberId),
  }));
}

/** The parties with `accepting: false` on the members (other than the viewer) who do not accept them. */
export async function markAccepting<P extends Party>(
  tx: ReadTx,
  viewerId: MemberId,
  parties: readonly P[],
): Promise<P[]> {
  const ids = parties.filter((p) => p.kind === 'member' && p.id !== viewerId).map((p) => p.id);
  const facts = await recipientFacts(tx, viewerId, ids);
  const refusing = new Set(facts.filter((f) => !accepts(f)).map((f) => f.memberId));
  return parties.map((party) =>
    party.kind === 'member' && refusing.has(party.id) ? { ...party, accepting: false as const } : party,
  );
}

/** Blocks (or unblocks) a member; `false` when nothing changed. The member must exist. */
export async function writeBlock(
  tx: WriteTx,
  blockerId: MemberId,
  blockedId: MemberId,
  blocked: boolean,
  at: () => Promise<number>,
): Promise<boolean> {
  const store = tx.objectStore('blocks');
  const [member, current] = await Promise.all([
    tx.objectStore('members').get(blockedId),
    store.get([blockerId, blockedId]),
  ]);
  if (!member) throw partyNotFound({ kind: 'member', id: blockedId });
  if (Boolean(current) === blocked) return false;
  if (blocked) await store.put({ blockerId, blockedId, at: await at() });
  else await store.delete([blockerId, blockedId]);
  return true;
}

/** The members `blockerId` has blocked, by name. */
export async function listBlocked(tx: ReadTx, blockerId: MemberId): Promise<Member[]> {
  const rows = await tx.objectStore('blocks').getAll(prefixRange(blockerId));
  const members = await Promise.all(rows.map((row) => tx.objectStore('members').get(row.blockedId)));
  return members
    .filter((row) => row !== undefined)
    .map(toMember)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * The portal's `setFollow`: both members must exist. Returns whether anything changed; a change
 * gives the directory a new version (search results carry `accepting`, cached per version).
 */
export async function writeFollow(
  tx: WriteTx,
  followerInput: unknown,
  followedInput: unknown,
  followingInput: unknown,
): Promise<boolean> {
  const { followerId, followedId, following } = parseFollowChange(
    followerInput,
    followedInput,
    followingInput,
  );
  const members = tx.objectStore('members');
  const [follower, followed] = await Promise.all([members.get(followerId), members.get(followedId)]);
  if (!follower) throw partyNotFound({ kind: 'member', id: followerId });
  if (!followed) throw partyNotFound({ kind: 'member', id: followedId });
  const current = follower.follows ?? [];
  if (current.includes(followedId) === following) return false;
  const follows = following ? [...current, followedId] : current.filter((id) => id !== followedId);
  const { follows: _old, ...rest } = follower;
  await members.put(follows.length > 0 ? { ...rest, follows } : rest);
  await directoryChanged(tx);
  return true;
}
