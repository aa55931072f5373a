/**
 * Changing a stored message (S25: edit, delete) and reactions (S26). Each request is the
 * rulebook's steps in one transaction: parse (src/core/message-changes), load the facts (the
 * viewer's groups, the conversation's participants, the message, locked), decide, write, and
 * tell every participant with a `message-changed` event. Nothing else moves: no activity, no
 * unread count, no email (an edit is never a second notification).
 */
import {
  decideDelete,
  decideEdit,
  decideReaction,
  parseEditRequest,
  parseMessageRef,
  parseReactionRequest,
  type ChangeFacts,
  type GroupReaders,
  type GroupRole,
  type Message,
  type MessageRef,
  type PartyRef,
} from '../../../src/core/index.js';
import type { Queryable } from '../db.js';
import { addEvents } from './fan-out.js';
import {
  MESSAGE_SELECT,
  reactionsOf,
  toMessage,
  withReactions,
  type MessageRow,
  type StoreContext,
} from './rows.js';

/** What to write once the rulebook said yes; `seq` is the message's. */
type Write = (tx: Queryable, seq: number) => Promise<unknown>;
/** Decides on the facts (throwing the refusal); the write to do, or nothing when nothing changes. */
type Decide = (facts: ChangeFacts, tx: Queryable, seq: number) => Promise<Write | undefined>;

export function editMessage(ctx: StoreContext, viewerId: string, input: unknown): Promise<Message> {
  const request = parseEditRequest(input, ctx.policy);
  return change(ctx, viewerId, request, async (facts) =>
    decideEdit({ ...facts, body: request.body, now: Date.now(), policy: ctx.policy }) === 'edit'
      ? (tx, seq) =>
          tx.query('update messages set body = $1, edited_at = $2 where seq = $3', [
            request.body,
            Date.now(),
            seq,
          ])
      : undefined,
  );
}

export function deleteMessage(ctx: StoreContext, viewerId: string, input: unknown): Promise<Message> {
  const request = parseMessageRef(input);
  return change(ctx, viewerId, request, async (facts) =>
    decideDelete(facts) === 'delete'
      ? async (tx, seq) => {
          await tx.query('delete from message_reactions where message_seq = $1', [seq]);
          await tx.query("update messages set body = '', edited_at = null, deleted = true where seq = $1", [
            seq,
          ]);
        }
      : undefined,
  );
}

export function react(ctx: StoreContext, viewerId: string, input: unknown): Promise<Message> {
  const { emoji, on, ...request } = parseReactionRequest(input, ctx.policy);
  return change(ctx, viewerId, request, async (facts, tx, seq) => {
    const found = await tx.query(
      'select 1 from message_reactions where message_seq = $1 and member_id = $2 and emoji = $3',
      [seq, viewerId, emoji],
    );
    if (!decideReaction({ ...facts, on, reactedAlready: found.length > 0 })) return undefined;
    return (write) =>
      on
        ? write.query(
            `insert into message_reactions (message_seq, member_id, emoji) values ($1, $2, $3)
             on conflict do nothing`,
            [seq, viewerId, emoji],
          )
        : write.query(
            'delete from message_reactions where message_seq = $1 and member_id = $2 and emoji = $3',
            [seq, viewerId, emoji],
          );
  });
}

type StoredMessage = {
  seq: number;
  id: string;
  conversation_id: string;
  author_id: string;
  sent_at: number;
  body: string;
  deleted: boolean;
};

async function change(
  ctx: StoreContext,
  viewerId: string,
  request: MessageRef,
  decide: Decide,
): Promise<Message> {
  return ctx.db.transaction(async (tx) => {
    // The message row is locked first: two changes of one message take turns.
    const [stored] = await tx.query<StoredMessage>(
      `select seq, id, conversation_id, author_id, sent_at, body, deleted from messages where id = $1 for update`,
      [request.messageId],
    );
    // The viewer's groups with who reads each (S18): the facts `mayRead` needs, as for every
    // other request, so a managers-only group's member cannot change what they cannot read.
    const roles = await tx.query<{ group_id: string; role: GroupRole; readers: GroupReaders }>(
      `select gm.group_id, gm.role, g.readers from group_members gm join groups g on g.id = gm.group_id
        where gm.member_id = $1`,
      [viewerId],
    );
    const participants = await tx.query<{ kind: PartyRef['kind']; id: string }>(
      `select party_kind as kind, party_id as id from conversation_participants
        where conversation_id = $1 order by position`,
      [request.conversationId],
    );
    const facts: ChangeFacts = {
      viewer: {
        memberId: viewerId,
        roles: new Map(roles.map((row) => [row.group_id, row.role])),
        readers: new Map(roles.map((row) => [row.group_id, row.readers])),
      },
      request,
      conversation: participants.length > 0 ? { id: request.conversationId, participants } : undefined,
      message: stored && {
        id: stored.id,
        conversationId: stored.conversation_id,
        authorId: stored.author_id,
        sentAt: stored.sent_at,
        body: stored.body,
        deleted: stored.deleted,
      },
    };
    // `decide` throws unless the message exists in the conversation, which the viewer sees.
    const write = await decide(facts, tx, stored?.seq ?? 0);
    const seq = stored!.seq;
    if (write) {
      await write(tx, seq);
      await addEvents(
        tx,
        ctx.space,
        await membersOf(tx, request.conversationId),
        'message-changed',
        request.conversationId,
        seq,
      );
    }
    const [row] = await tx.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = $1`, [seq]);
    const reactions = await reactionsOf(tx, [seq]);
    return withReactions(toMessage(row!), reactions.get(seq), viewerId);
  });
}

/** Every member a conversation reaches: those named in it and the members of groups named in it. */
async function membersOf(tx: Queryable, conversationId: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select p.party_id as id from conversation_participants p
      where p.conversation_id = $1 and p.party_kind = 'member'
     union
     select gm.member_id from conversation_participants p join group_members gm on gm.group_id = p.party_id
      where p.conversation_id = $1 and p.party_kind = 'group'`,
    [conversationId],
  );
  return rows.map((row) => row.id);
}
