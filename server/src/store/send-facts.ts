/**
 * What the rulebook judges a message's recipients on before it is written, each read in one
 * query: whether every member named accepts the sender (S14, S15: `core/acceptance`), and
 * whether anyone can still be reached (S16, S17: `core/member-status`). A send used to read
 * these in three round trips before `conv_send`; one is enough. The rulebook decides on them in
 * its one order (`core/delivery`: reach, then acceptance), as the local backend does.
 */
import {
  assertMaySendTo,
  assertMayStartTo,
  recipientsToJudge,
  type AcceptFrom,
  type MemberStatus,
  type ParticipantStatus,
  type PartyRef,
  type RecipientFacts,
} from '../../../src/core/index.js';
import type { Queryable } from '../db.js';

/**
 * One party with the facts of it towards sender `$1`: a member's status and acceptance
 * (null for a group, and for a member the directory does not list).
 */
type PartyFactsRow = {
  kind: PartyRef['kind'];
  id: string;
  listed: boolean;
  status: MemberStatus | null;
  accept_from: AcceptFrom | null;
  follows_sender: boolean;
  blocked_sender: boolean;
};

/** The columns of `PartyFactsRow` for a party `(kind, id)` joined to its member row `m`. */
const PARTY_FACTS = `m.id is not null as listed, m.status, m.accept_from,
  exists (select 1 from follows f where m.id is not null and f.follower_id = m.id and f.followed_id = $1) as follows_sender,
  exists (select 1 from member_blocks b where m.id is not null and b.blocker_id = m.id and b.blocked_id = $1) as blocked_sender`;

const statusOf = (row: PartyFactsRow): ParticipantStatus => ({
  ref: { kind: row.kind, id: row.id },
  status: row.kind === 'member' ? (row.status ?? undefined) : undefined,
});

/**
 * The acceptance facts of the members among `rows` that `recipientsToJudge` names, in its order;
 * a member the directory does not list has none (nobody has set anything: `assertAccepted`).
 */
function acceptanceOf(
  rows: readonly PartyFactsRow[],
  parties: readonly PartyRef[],
  senderId: string,
): RecipientFacts[] {
  const byId = new Map(rows.filter((row) => row.kind === 'member' && row.listed).map((row) => [row.id, row]));
  return recipientsToJudge(parties, senderId).flatMap((id) => {
    const row = byId.get(id);
    return row
      ? [
          {
            memberId: id,
            acceptFrom: row.accept_from!,
            followsSender: row.follows_sender,
            blockedSender: row.blocked_sender,
          },
        ]
      : [];
  });
}

/**
 * Before a send to a conversation (`conv_send` then decides visibility, management and
 * idempotency itself): refused as `assertMaySendTo` decides (a participant blocked or every
 * other one deleted, then anyone named not accepting the sender). Reads nothing for a conversation the
 * sender cannot see or for a retry of a stored send, which `conv_send` answers as it always has.
 * A block that commits while the send is on its way does not stop it: the send came first.
 */
export async function assertSendDeliverable(
  q: Queryable,
  senderId: string,
  sender: PartyRef,
  conversationId: string,
  clientId: string,
): Promise<void> {
  const rows = await q.query<PartyFactsRow>(
    `select p.party_kind as kind, p.party_id as id, ${PARTY_FACTS}
       from conversation_participants p
       left join members m on p.party_kind = 'member' and m.id = p.party_id
      where p.conversation_id = $2 and conv_sees($1, $2)
        and not exists (select 1 from messages x where x.author_id = $1 and x.client_id = $3)
      order by p.position`,
    [senderId, conversationId, clientId],
  );
  if (rows.length === 0) return;
  const parties = rows.map((row) => ({ kind: row.kind, id: row.id }));
  assertMaySendTo(senderId, sender, rows.map(statusOf), acceptanceOf(rows, parties, senderId));
}

/**
 * Before a new conversation from `senderId` to these participants (the sender first): refused
 * as `assertMayStartTo` decides (a recipient blocked or deleted, then one not accepting).
 */
export async function assertStartDeliverable(
  q: Queryable,
  senderId: string,
  participants: readonly PartyRef[],
): Promise<void> {
  const recipients = participants.slice(1);
  const ids = recipients.filter((ref) => ref.kind === 'member').map((ref) => ref.id);
  const rows =
    ids.length === 0
      ? []
      : await q.query<PartyFactsRow>(
          `select 'member' as kind, m.id, ${PARTY_FACTS} from members m where m.id = any($2::text[])`,
          [senderId, ids],
        );
  const byId = new Map(rows.map((row) => [row.id, row]));
  assertMayStartTo(
    recipients.map((ref) => {
      const row = ref.kind === 'member' ? byId.get(ref.id) : undefined;
      return row ? statusOf(row) : { ref, status: undefined };
    }),
    acceptanceOf(rows, participants, senderId),
  );
}
