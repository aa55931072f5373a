/**
 * What the rulebook judges a message's recipients on before it is written, each read in one
 * query: whether every member named accepts the sender (S14, S15: `core/acceptance`), and
 * whether anyone can still be reached (S16, S17: `core/member-status`). A send used to read
 * these in three round trips before `conv_send`; one is enough, and the sends of one group commit
 * share it. The rulebook decides on them in
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
 * One party with the facts of it towards the sender: a member's status and acceptance
 * (null for a group, and for a member the directory does not list).
 */
export type PartyFactsRow = {
  kind: PartyRef['kind'];
  id: string;
  listed: boolean;
  status: MemberStatus | null;
  accept_from: AcceptFrom | null;
  follows_sender: boolean;
  blocked_sender: boolean;
};

/**
 * The columns of `PartyFactsRow` for a party `(kind, id)` joined to its member row `m`, towards
 * the sender named by the SQL expression `sender` (a parameter, or a column of each row).
 */
function partyFacts(sender: '$1' | 's.sender_id'): string {
  return `m.id is not null as listed, m.status, m.accept_from,
  exists (select 1 from follows f where m.id is not null and f.follower_id = m.id and f.followed_id = ${sender}) as follows_sender,
  exists (select 1 from member_blocks b where m.id is not null and b.blocker_id = m.id and b.blocked_id = ${sender}) as blocked_sender`;
}

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

/** What a send's facts are read for: its writer and conversation. */
export interface SendToJudge {
  readonly senderId: string;
  readonly conversationId: string;
}

/** `partyFacts` towards each send's own writer (the batched query's column `s.sender_id`). */
const FACTS_TOWARDS_EACH_WRITER = partyFacts('s.sender_id');

/**
 * The participants of each send's conversation with their facts towards its writer, in their
 * order, for many sends in one query (the sends of a group commit): one list per send, in the
 * sends' order. Read whether or not the writer can see the conversation, and for a retry too:
 * `conv_send_batch` answers those (not found, the stored message) before it looks at what the
 * rulebook made of these facts, so nothing of them reaches a writer who cannot see it. Reading
 * visibility here as well would plan `conv_sees` once more per batch.
 */
export async function sendFacts(q: Queryable, sends: readonly SendToJudge[]): Promise<PartyFactsRow[][]> {
  const rows = await q.query<PartyFactsRow & { ordinal: number }>(
    `select s.ordinal::int as ordinal, p.party_kind as kind, p.party_id as id, ${FACTS_TOWARDS_EACH_WRITER}
       from unnest($1::text[], $2::text[]) with ordinality as s(sender_id, conversation_id, ordinal)
       join conversation_participants p on p.conversation_id = s.conversation_id
       left join members m on p.party_kind = 'member' and m.id = p.party_id
      order by s.ordinal, p.position`,
    [sends.map((send) => send.senderId), sends.map((send) => send.conversationId)],
    'conv_send_facts',
  );
  const bySend: PartyFactsRow[][] = sends.map(() => []);
  for (const row of rows) bySend[row.ordinal - 1].push(row);
  return bySend;
}

/**
 * Whether a send of `senderId` (as `sender`) may go to the participants `rows` (`sendFacts`):
 * refused as `assertMaySendTo` decides (a participant blocked or every other one deleted, then
 * anyone named not accepting the sender). Nothing to judge without rows (no such
 * conversation). A block that commits while the send is on its way does not stop it: the send
 * came first.
 */
export function assertSendDeliverable(
  senderId: string,
  sender: PartyRef,
  rows: readonly PartyFactsRow[],
): void {
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
          `select 'member' as kind, m.id, ${partyFacts('$1')} from members m where m.id = any($2::text[])`,
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
