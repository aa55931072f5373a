/**
 * Writing messages: starting a conversation and sending in one. Idempotent on `(author,
 * clientId)`: a retry of a stored send gets the stored answer (200, even while the member is
 * rate-limited now). The client id names the message, so a retry with another body or sender
 * gets the first message as stored, unchanged (the same rule in every adapter: the conformance
 * suite checks it); a client id already used in another conversation (or, for a start, with other
 * participants) is a `ConflictError` (409) and stores nothing. Limits are taken in the transaction
 * that writes, after every check, so they hold under concurrency and across processes.
 */
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  parseStartRequest,
  participantSetOf,
  partyKey,
  type Conversation,
  type Message,
  type PartyRef,
  type SendRequest,
} from '../../../src/core/index.js';
import { GroupCommit } from '../batch.js';
import type { Database, Queryable } from '../db.js';
import { conversationViews, visibleConversation } from './conversations.js';
import { rateLimited, takeAllowance } from './limits.js';
import { assertSendDeliverable, assertStartDeliverable, sendFacts } from './send-facts.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  toMessage,
  type ConversationRow,
  type MessageRow,
  type StoreContext,
} from './rows.js';

export interface StartResult {
  readonly conversation: Conversation;
  readonly message: Message;
  /** False when this was a retry answered from the first attempt. */
  readonly stored: boolean;
}

export interface SendResult {
  readonly message: Message;
  readonly stored: boolean;
}

/** SQLSTATE of `conv_send` (and of the start below) when a concurrent request stored the same client id. */
const CONCURRENT_RETRY = 'CV409';

class ConcurrentRetry extends Error {
  readonly code = CONCURRENT_RETRY;
}

function isConcurrentRetry(error: unknown): boolean {
  return (error as { code?: string }).code === CONCURRENT_RETRY;
}

/** SQLSTATEs of a statement PostgreSQL rolled back for a race (deadlock, serialization): it stored nothing. */
const RACE_LOST = new Set(['40P01', '40001']);

/**
 * Runs `attempt` again once if it lost a race to a concurrent request with the same client id,
 * and up to four times if PostgreSQL rolled it back for a deadlock: sends of one member in many
 * conversations, retried one by one after their batch failed, can deadlock with another batch
 * (rate-limit row, then members' rows), and a rolled-back send stored nothing, so a retry is safe.
 */
async function once<T>(attempt: () => Promise<T>): Promise<T> {
  for (let deadlocks = 0; ; deadlocks++) {
    try {
      return await attempt();
    } catch (error) {
      if (isConcurrentRetry(error)) return attempt();
      if (!RACE_LOST.has((error as { code?: string }).code ?? '') || deadlocks >= 4) throw error;
    }
  }
}

function conflict(): ConflictError {
  return new ConflictError('This client id was already used for a message in another conversation.');
}

const notManager = () =>
  new ForbiddenError('not-group-manager', 'You can write as a group only if you manage it.', 'asGroup');

export type SendAnswer =
  | { status: 'stored' | 'existing'; message: MessageRow }
  | { status: 'rate-limited'; retryAfterMs: number }
  | { status: 'not-found' | 'not-group-manager' | 'group-not-participant' }
  | { status: 'conflict-conversation' }
  /** Refused by the rulebook on the recipients' facts (`send-facts.ts`): never written. */
  | { status: 'refused'; error: unknown };

/** `conv_send`'s arguments, in order (`conv_send_batch`'s item adds whether the rulebook refused it). */
type SendArguments = readonly [
  viewer: string,
  conversationId: string,
  clientId: string,
  body: string,
  asGroup: string | null,
  messageId: string,
  now: number,
  sendsPerMinute: number,
  emailEnabled: boolean,
  space: string,
];

/** One send on its way to the group commit. */
export interface PendingSend {
  readonly args: SendArguments;
  /** Who it is written as: the member, or the group a manager writes as. */
  readonly sender: PartyRef;
}

/** Why a batch of sends was written again send by send (`/metrics`). */
export type BatchFallbackReason = 'deadlock' | 'client-id-race' | 'error';

export function batchFallbackReason(error: unknown): BatchFallbackReason {
  const code = (error as { code?: string }).code;
  if (code === '40P01') return 'deadlock';
  return code === CONCURRENT_RETRY ? 'client-id-race' : 'error';
}

/**
 * What the rulebook makes of sends before they are written (S14–S17): the recipients' facts of
 * all of them in one query, judged send by send; `undefined` for one it lets through, else its
 * refusal. Read while the batch before is being written (`GroupCommit`): a write changes no
 * fact, and a block that commits while a send is on its way does not stop it.
 */
async function judgeSends(db: Database, sends: readonly PendingSend[]): Promise<Judged[]> {
  const facts = await sendFacts(
    db,
    sends.map(({ args }) => ({ senderId: args[0], conversationId: args[1] })),
  );
  return sends.map(({ args, sender }, index) => {
    try {
      assertSendDeliverable(args[0], sender, facts[index]);
      return undefined;
    } catch (error) {
      return { error };
    }
  });
}

/** A send's judgement: nothing when the rulebook lets it through, else its refusal. */
type Judged = { readonly error: unknown } | undefined;

/**
 * Sends that go together, judged, in one statement whatever their number: `conv_send_batch`
 * (migration 15) told which the rulebook refused. It answers in the order of the rules: a retry
 * with its stored message, a conversation the writer cannot see as not found, then the refusal,
 * then groups and the limit, and writes the rest. Answers in their order; a refusal is answered
 * with the rulebook's own error.
 */
async function writeSends(
  db: Database,
  sends: readonly { item: PendingSend; prepared: Judged }[],
): Promise<SendAnswer[]> {
  const [row] = await db.query<{ answers: SendAnswer[] }>(
    'select conv_send_batch($1::json) as answers',
    [JSON.stringify(sends.map(({ item, prepared }) => [...item.args, prepared !== undefined]))],
    'conv_send_batch',
  );
  return row.answers.map((answer, index) =>
    answer.status === 'refused' ? { status: 'refused', error: sends[index].prepared?.error } : answer,
  );
}

/**
 * Sends of one space, group-committed: those arriving while a batch is being written are
 * judged meanwhile and go together in the next (`GroupCommit`); a lone send is a batch of one.
 * `onFallback` hears why a batch failed (each of its sends is then written on its own).
 */
export function sendCommitter(
  db: Database,
  onFallback: (reason: BatchFallbackReason) => void = () => {},
): SendCommitter {
  return new GroupCommit(
    {
      prepare: (sends) => judgeSends(db, sends),
      write: (batch) => writeSends(db, batch),
      alone: (send) =>
        once(async () => {
          const [prepared] = await judgeSends(db, [send]);
          return (await writeSends(db, [{ item: send, prepared }]))[0];
        }),
    },
    undefined,
    (error) => onFallback(batchFallbackReason(error)),
    // PGlite runs one statement at a time in this process: judging the next sends during a
    // write only split them into more, smaller queries (measured: twice the CPU a send).
    db.kind === 'postgres',
  );
}

export type SendCommitter = GroupCommit<PendingSend, Judged, SendAnswer>;

/** A send the rulebook's parser took (`parseSendRequest`, the route's): decided and written. */
export async function sendMessage(
  ctx: StoreContext,
  committer: SendCommitter,
  viewerId: string,
  request: SendRequest,
): Promise<SendResult> {
  const { clientId, body } = request;
  const asGroup = request.asGroup ?? null;
  // The whole send is decided and written with the sends arriving with it (`writeSends`).
  const answer = await committer.submit({
    args: [
      viewerId,
      request.conversationId,
      clientId,
      body,
      asGroup,
      randomUUID(),
      Date.now(),
      ctx.limits.sendsPerMinute,
      ctx.emailEnabled,
      ctx.space,
    ],
    sender: asGroup === null ? { kind: 'member', id: viewerId } : { kind: 'group', id: asGroup },
  });
  switch (answer.status) {
    case 'stored':
    case 'existing':
      return { message: toMessage(answer.message), stored: answer.status === 'stored' };
    case 'refused':
      throw answer.error;
    case 'rate-limited':
      throw rateLimited('sends', answer.retryAfterMs);
    case 'not-found':
      throw new NotFoundError('No such conversation.');
    case 'not-group-manager':
      throw notManager();
    case 'group-not-participant':
      throw new ForbiddenError('not-allowed', 'That group is not in this conversation.', 'asGroup');
    case 'conflict-conversation':
      throw conflict();
  }
}

export async function startConversation(
  ctx: StoreContext,
  viewerId: string,
  input: unknown,
): Promise<StartResult> {
  const {
    clientId,
    body,
    sender,
    recipients,
    asGroup = null,
  } = parseStartRequest(input, viewerId, ctx.policy);
  const participants = [sender, ...recipients];
  const key = participantSetOf(participants);
  return once(() =>
    ctx.db.transaction((tx) => start(ctx, tx, viewerId, { body, asGroup, clientId, participants, key })),
  );
}

interface StartInput {
  readonly body: string;
  readonly asGroup: string | null;
  readonly clientId: string;
  readonly participants: readonly PartyRef[];
  /** The sorted participant keys: one conversation per set of participants. */
  readonly key: string;
}

async function start(
  ctx: StoreContext,
  tx: Queryable,
  viewerId: string,
  input: StartInput,
): Promise<StartResult> {
  const [existing] = await tx.query<MessageRow & { participants_key: string }>(
    `${MESSAGE_SELECT.replace(
      'from messages m',
      'from messages m join conversations c on c.id = m.conversation_id',
    ).replace('select m.seq', 'select c.participants_key, m.seq')}
      where m.author_id = $1 and m.client_id = $2`,
    [viewerId, input.clientId],
  );
  if (existing) {
    const conversation = await visibleConversation(tx, viewerId, existing.conversation_id);
    if (existing.participants_key !== input.key) throw conflict();
    const [view] = await conversationViews(tx, viewerId, [conversation]);
    return { conversation: view, message: toMessage(existing), stored: false };
  }
  if (input.asGroup !== null) {
    const rows = await tx.query(
      'select 1 from group_members where group_id = $1 and member_id = $2 and role = $3',
      [input.asGroup, viewerId, 'manager'],
    );
    if (rows.length === 0) throw notManager();
  }
  const recipients = input.participants.slice(1);
  const found = await tx.query<{ kind: string; id: string }>(
    `select 'member' as kind, id from members where id = any($1::text[])
     union all select 'group' as kind, id from groups where id = any($2::text[])`,
    [
      recipients.filter((ref) => ref.kind === 'member').map((ref) => ref.id),
      recipients.filter((ref) => ref.kind === 'group').map((ref) => ref.id),
    ],
  );
  const known = new Set(found.map((row) => `${row.kind === 'member' ? 'm' : 'g'}:${row.id}`));
  const unknown = recipients.find((ref) => !known.has(partyKey(ref)));
  if (unknown) {
    throw new ValidationError(
      'unknown-recipient',
      `There is no ${unknown.kind} "${unknown.id}" on this portal.`,
      {
        field: 'recipients',
      },
    );
  }
  await assertStartDeliverable(tx, viewerId, input.participants);
  await takeAllowance(tx, viewerId, 'sends', ctx.limits.sendsPerMinute);
  const sender = input.participants[0];
  const now = Date.now();
  const inserted = await tx.query<{ id: string }>(
    `insert into conversations (id, participants_key, started_by_kind, started_by_id, created_at, last_activity_at)
     values ($1, $2, $3, $4, $5, $5) on conflict (participants_key) do nothing returning id`,
    [randomUUID(), input.key, sender.kind, sender.id, now],
  );
  const created = inserted.length > 0;
  let conversationId: string;
  if (created) {
    conversationId = inserted[0].id;
    await takeAllowance(tx, viewerId, 'starts', ctx.limits.conversationsPerHour);
    await tx.query(
      `insert into conversation_participants (conversation_id, position, party_kind, party_id)
       select $1, ordinality, kind, id from unnest($2::text[], $3::text[]) with ordinality as t(kind, id)`,
      [conversationId, input.participants.map((ref) => ref.kind), input.participants.map((ref) => ref.id)],
    );
  } else {
    const rows = await tx.query<{ id: string }>('select id from conversations where participants_key = $1', [
      input.key,
    ]);
    // Created by a concurrent start that has not committed: try again once it has.
    if (rows.length === 0) throw new ConcurrentRetry();
    conversationId = rows[0].id;
    // One who left and writes to the same people again takes part again (S29).
    await tx.query('delete from conversation_leavers where conversation_id = $1 and member_id = $2', [
      conversationId,
      viewerId,
    ]);
  }
  const messageId = randomUUID();
  const rows = await tx.query<{ seq: number }>(
    `insert into messages (id, conversation_id, author_id, client_id, on_behalf_of, body, sent_at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (author_id, client_id) do nothing returning seq`,
    [messageId, conversationId, viewerId, input.clientId, input.asGroup, input.body, now],
  );
  if (rows.length === 0) throw new ConcurrentRetry();
  const [{ message }] = await tx.query<{ message: MessageRow }>(
    `select conv_message_added($1, $2, $3, $4, $5, $6, $7, $8), conv_message_json($1) as message`,
    [
      rows[0].seq,
      messageId,
      conversationId,
      viewerId,
      now,
      created ? 'conversation-added' : 'message-added',
      ctx.emailEnabled,
      ctx.space,
    ],
  );
  const [conversation] = await conversationViews(
    tx,
    viewerId,
    await tx.query<ConversationRow>(`select ${CONVERSATION_COLUMNS} from conversations c where c.id = $1`, [
      conversationId,
    ]),
  );
  return { conversation, message: toMessage(message), stored: true };
}
