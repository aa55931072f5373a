/**
 * S14, S15 on the server: search results marked for the viewer with the rulebook's `accepts`
 * (each member's setting, whether they follow the viewer, whether they blocked them, loaded in
 * one query); blocks and follows written. A message's recipients are judged in `send-facts.ts`.
 */
import { memberBlocked } from '../webhooks/events.js';
import {
  NotFoundError,
  accepts,
  parseBlockRequest,
  parseFollowChange,
  type AcceptFrom,
  type Member,
  type Party,
  type RecipientFacts,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { toMember, type PartyRow } from './rows.js';

type FactsRow = { id: string; accept_from: AcceptFrom; follows_sender: boolean; blocked_sender: boolean };

/** The columns of `FactsRow` for members `m`, towards sender `$1`. */
const FACTS_COLUMNS = `m.id, m.accept_from,
  exists (select 1 from follows f where f.follower_id = m.id and f.followed_id = $1) as follows_sender,
  exists (select 1 from member_blocks b where b.blocker_id = m.id and b.blocked_id = $1) as blocked_sender`;

function toFacts(row: FactsRow): RecipientFacts {
  return {
    memberId: row.id,
    acceptFrom: row.accept_from,
    followsSender: row.follows_sender,
    blockedSender: row.blocked_sender,
  };
}

async function recipientFacts(
  q: Queryable,
  senderId: string,
  ids: readonly string[],
): Promise<RecipientFacts[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<FactsRow>(
    `select ${FACTS_COLUMNS} from members m where m.id = any($2::text[])`,
    [senderId, [...ids]],
  );
  const byId = new Map(rows.map((row) => [row.id, toFacts(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The parties, with `accepting: false` on members (not the viewer) who do not accept the viewer. */
export async function markAccepting(q: Queryable, viewerId: string, parties: Party[]): Promise<Party[]> {
  const ids = parties.filter((p) => p.kind === 'member' && p.id !== viewerId).map((p) => p.id);
  const refusing = new Set(
    (await recipientFacts(q, viewerId, ids)).filter((f) => !accepts(f)).map((f) => f.memberId),
  );
  return parties.map((party) =>
    party.kind === 'member' && refusing.has(party.id) ? { ...party, accepting: false as const } : party,
  );
}

/** S15: the viewer blocks (or unblocks) a member. Idempotent; the member must exist. No event. */
export async function setBlock(
  db: Database,
  space: string,
  viewerId: string,
  input: unknown,
  blocked: boolean,
): Promise<void> {
  const memberId = parseBlockRequest(input, viewerId);
  const rows = await db.query('select 1 from members where id = $1', [memberId]);
  if (rows.length === 0) throw new NotFoundError(`No member "${memberId}" is registered on this portal.`);
  if (blocked) {
    await db.transaction(async (tx) => {
      const added = await tx.query(
        `insert into member_blocks (blocker_id, blocked_id, created_at) values ($1, $2, $3)
         on conflict do nothing returning blocked_id`,
        [viewerId, memberId, Date.now()],
      );
      // S23: the portal hears of a new block (never the member blocked: S15); a repeat is none.
      if (added.length > 0) await memberBlocked(tx, space, memberId, { kind: 'member', id: viewerId });
    });
  } else {
    await db.query('delete from member_blocks where blocker_id = $1 and blocked_id = $2', [
      viewerId,
      memberId,
    ]);
  }
}

/** S15: the members the viewer blocked, by name. */
export async function listBlocked(db: Database, viewerId: string): Promise<Member[]> {
  const rows = await db.query<PartyRow>(
    `select 'member' as kind, m.id, m.name, m.avatar_url, m.profile_url
       from member_blocks b join members m on m.id = b.blocked_id
      where b.blocker_id = $1 order by m.name, m.id`,
    [viewerId],
  );
  return rows.map(toMember);
}

/**
 * S14: the portal's `setFollow`. Both members must exist. No event: a follow changes neither
 * member's view, and announcing it would tell the followed member someone followed them.
 */
export async function setFollow(
  db: Database,
  followerId: unknown,
  followedId: unknown,
  following: unknown,
): Promise<void> {
  const change = parseFollowChange(followerId, followedId, following);
  const found = await db.query<{ id: string }>('select id from members where id = any($1::text[])', [
    [change.followerId, change.followedId],
  ]);
  if (found.length < 2) throw new NotFoundError('No such member.');
  if (change.following) {
    await db.query('insert into follows (follower_id, followed_id) values ($1, $2) on conflict do nothing', [
      change.followerId,
      change.followedId,
    ]);
  } else {
    await db.query('delete from follows where follower_id = $1 and followed_id = $2', [
      change.followerId,
      change.followedId,
    ]);
  }
}

/** Replaces the follows of the directory's members that list them (inside `loadDirectory`). */
export async function writeFollows(
  tx: Queryable,
  members: readonly { readonly id: string; readonly follows?: readonly string[] }[],
): Promise<readonly string[]> {
  const listed = members.filter((member) => member.follows !== undefined);
  if (listed.length === 0) return [];
  const followers = listed.flatMap((member) => member.follows!.map(() => member.id));
  const followed = listed.flatMap((member) => [...member.follows!]);
  const missing = await tx.query<{ id: string }>(
    `select distinct id from unnest($1::text[]) as t(id) where id not in (select id from members)`,
    [followed],
  );
  if (missing.length > 0) return missing.map((row) => row.id);
  await tx.query('delete from follows where follower_id = any($1::text[])', [listed.map((m) => m.id)]);
  await tx.query(
    `insert into follows (follower_id, followed_id) select * from unnest($1::text[], $2::text[]) on conflict do nothing`,
    [followers, followed],
  );
  return [];
}
