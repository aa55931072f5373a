/**
 * The rules of conversations, over SQL. Every check is the shared one from `src/core` (the same
 * functions the elements and the local adapter run), so a limit means the same thing everywhere.
 *
 * Visibility is computed from the current memberships on every read, so a member who leaves a
 * group loses its conversations at once, and an outsider gets `NotFoundError`, as for a
 * conversation that does not exist (S5).
 */
import { randomUUID } from 'node:crypto';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  assertClientId,
  assertMessageBody,
  assertReportReason,
  decodeCursor,
  encodeCursor,
  normalizeRecipients,
  partyKey,
  resolvePageLimit,
  type Conversation,
  type Group,
  type GroupRole,
  type Member,
  type Message,
  type MessagePage,
  type NotificationSettings,
  type Page,
  type Party,
  type PartyRef,
  type Policy,
  type UnreadSummary,
  type Viewer,
} from '../../src/core/index.js';
import type { AdapterEvent } from '../../src/adapter/events.js';
import { Batcher } from './batch.js';
import type { Database, Queryable, Row, SqlValue } from './db.js';

export const EVENTS_CHANNEL = 'conv_events';
// NOTIFY payloads are capped at 8000 bytes; past this, listeners re-read every open stream.
const MAX_NOTIFY_PAYLOAD = 7000;

/** An email to send once the transaction that decided it has committed. */
export interface EmailNotice {
  readonly to: string;
  readonly recipientName: string;
  readonly message: Message;
}

export interface StartResult {
  readonly conversation: Conversation;
  readonly message: Message;
  /** False when this was a retry answered from the first attempt. */
  readonly stored: boolean;
  readonly emails: readonly EmailNotice[];
}

export interface SendResult {
  readonly message: Message;
  readonly stored: boolean;
  readonly emails: readonly EmailNotice[];
}

export interface StoredEvent {
  readonly seq: number;
  /** Absent when the event is no longer the member's to see (they left the conversation's group). */
  readonly event?: AdapterEvent;
}

type PartyRow = {
  kind: 'member' | 'group';
  id: string;
  name: string;
  avatar_url: string | null;
  profile_url: string | null;
};
type ConversationRow = {
  id: string;
  started_by_kind: 'member' | 'group';
  started_by_id: string;
  created_at: number;
  last_activity_at: number;
  last_message_seq: number;
};
type EventRow = {
  seq: number;
  type: AdapterEvent['type'];
  conversation_id: string | null;
  message_seq: number | null;
};
type MessageRow = {
  seq: number;
  id: string;
  conversation_id: string;
  client_id: string;
  author_id: string;
  author_name: string | null;
  author_avatar: string | null;
  author_profile: string | null;
  on_behalf_of: string | null;
  group_name: string | null;
  group_avatar: string | null;
  group_profile: string | null;
  body: string;
  sent_at: number;
};

const MESSAGE_SELECT = `
  select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
         a.avatar_url as author_avatar, a.profile_url as author_profile, m.on_behalf_of,
         g.name as group_name, g.avatar_url as group_avatar, g.profile_url as group_profile,
         m.body, m.sent_at
    from messages m
    left join members a on a.id = m.author_id
    left join groups g on g.id = m.on_behalf_of`;

/** Conversations member `$1` may see: named in them, or in a group named in them. */
const VISIBLE = `c.id in (
  select p.conversation_id from conversation_participants p
   where (p.party_kind = 'member' and p.party_id = $1)
      or (p.party_kind = 'group' and p.party_id in (select gm.group_id from group_members gm where gm.member_id = $1)))`;

const CONVERSATION_COLUMNS =
  'c.id, c.started_by_kind, c.started_by_id, c.created_at, c.last_activity_at, c.last_message_seq';

function optionalLinks(row: { avatar_url: string | null; profile_url: string | null }) {
  return {
    ...(row.avatar_url ? { avatarUrl: row.avatar_url } : {}),
    ...(row.profile_url ? { profileUrl: row.profile_url } : {}),
  };
}

function toParty(row: PartyRow): Party {
  return { kind: row.kind, id: row.id, name: row.name, ...optionalLinks(row) } as Party;
}

function toMember(row: {
  id: string;
  name: string;
  avatar_url: string | null;
  profile_url: string | null;
}): Member {
  return { kind: 'member', id: row.id, name: row.name, ...optionalLinks(row) };
}

function toGroup(row: {
  id: string;
  name: string;
  avatar_url: string | null;
  profile_url: string | null;
}): Group {
  return { kind: 'group', id: row.id, name: row.name, ...optionalLinks(row) };
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    clientId: row.client_id,
    author: toMember({
      id: row.author_id,
      name: row.author_name ?? '',
      avatar_url: row.author_avatar,
      profile_url: row.author_profile,
    }),
    ...(row.on_behalf_of
      ? {
          onBehalfOf: toGroup({
            id: row.on_behalf_of,
            name: row.group_name ?? '',
            avatar_url: row.group_avatar,
            profile_url: row.group_profile,
          }),
        }
      : {}),
    body: row.body,
    sentAt: row.sent_at,
  };
}

/** What directory search compares: lower case, accents removed. */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(message: string, field: ValidationError['field'] = 'request'): ValidationError {
  return new ValidationError('bad-request', message, { field });
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length)
    throw badRequest(`Unknown field${extra.length > 1 ? 's' : ''} in ${what}: ${extra.join(', ')}.`);
}

/** Thrown inside a transaction when a concurrent retry stored the same client id first. */
class ConcurrentRetry extends Error {}

export class Store {
  constructor(
    private readonly db: Database,
    public policy: Policy,
    /** Whether sends should decide emails (only when a mailer is configured). */
    private readonly emailEnabled: boolean,
    /** Which isolated space (test servers) this store's data is in; '' is the only one in production. */
    readonly space = '',
  ) {}

  // ---------------------------------------------------------------- viewer and directory

  /** Members are never deleted, so a member once found is remembered: one query less per request. */
  private readonly knownMembers = new Set<string>();

  async memberExists(memberId: string): Promise<boolean> {
    if (this.knownMembers.has(memberId)) return true;
    const rows = await this.db.query('select 1 from members where id = $1', [memberId]);
    if (rows.length > 0) this.knownMembers.add(memberId);
    return rows.length > 0;
  }

  async getViewer(memberId: string, q: Queryable = this.db): Promise<Viewer> {
    const members = await q.query<PartyRow>(
      `select 'member' as kind, id, name, avatar_url, profile_url from members where id = $1`,
      [memberId],
    );
    if (members.length === 0) throw new NotFoundError('This member is not in the directory.');
    const groups = await q.query<PartyRow & { role: GroupRole }>(
      `select 'group' as kind, g.id, g.name, g.avatar_url, g.profile_url, gm.role
         from group_members gm join groups g on g.id = gm.group_id
        where gm.member_id = $1 order by g.name, g.id`,
      [memberId],
    );
    return {
      member: toMember(members[0]),
      groups: groups.map(toGroup),
      managedGroups: groups.filter((row) => row.role === 'manager').map(toGroup),
    };
  }

  async searchDirectory(query: unknown, limitInput: unknown, kind: unknown): Promise<Party[]> {
    if (typeof query !== 'string' || query.length > 200)
      throw badRequest('Search for at most 200 characters.');
    if (kind !== undefined && kind !== 'member' && kind !== 'group') {
      throw badRequest('Search kind must be "member" or "group".');
    }
    const limit = resolvePageLimit(limitInput, 20);
    const pattern = `%${searchKey(query.trim()).replace(/[\\%_]/g, '\\$&')}%`;
    const parts: string[] = [];
    if (kind !== 'group') {
      parts.push(
        `select 'member' as kind, id, name, avatar_url, profile_url from members where search_key like $1`,
      );
    }
    if (kind !== 'member') {
      parts.push(
        `select 'group' as kind, id, name, avatar_url, profile_url from groups where search_key like $1`,
      );
    }
    const rows = await this.db.query<PartyRow>(
      `${parts.join(' union all ')} order by name, kind, id limit $2`,
      [pattern, limit],
    );
    return rows.map(toParty);
  }

  async getParty(ref: unknown): Promise<Party> {
    if (!isRecord(ref) || (ref.kind !== 'member' && ref.kind !== 'group') || typeof ref.id !== 'string') {
      throw new ValidationError('bad-recipient', 'Name a member or a group.', { field: 'recipients' });
    }
    const table = ref.kind === 'member' ? 'members' : 'groups';
    const rows = await this.db.query<PartyRow>(
      `select $2::text as kind, id, name, avatar_url, profile_url from ${table} where id = $1`,
      [ref.id, ref.kind],
    );
    if (rows.length === 0) throw new NotFoundError(`There is no such ${ref.kind}.`);
    return toParty(rows[0]);
  }

  // ---------------------------------------------------------------- conversations

  /** What every participant sees alike: who is in each conversation, and its last message. */
  private async sharedViews(q: Queryable, ids: readonly string[], lastSeqs: readonly number[]) {
    const participants = ids.length
      ? await q.query<PartyRow & { conversation_id: string }>(
          `select p.conversation_id, p.party_kind as kind, p.party_id as id,
                  coalesce(m.name, g.name, '') as name,
                  coalesce(m.avatar_url, g.avatar_url) as avatar_url,
                  coalesce(m.profile_url, g.profile_url) as profile_url
             from conversation_participants p
             left join members m on p.party_kind = 'member' and m.id = p.party_id
             left join groups g on p.party_kind = 'group' and g.id = p.party_id
            where p.conversation_id = any($1::text[])
            order by p.conversation_id, p.position`,
          [[...ids]],
        )
      : [];
    const lastMessages = lastSeqs.length
      ? await q.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = any($1::int[])`, [[...new Set(lastSeqs)]])
      : [];
    const partiesOf = new Map<string, Party[]>();
    for (const row of participants) {
      const list = partiesOf.get(row.conversation_id) ?? [];
      list.push(toParty(row));
      partiesOf.set(row.conversation_id, list);
    }
    const lastOf = new Map(lastMessages.map((row) => [row.conversation_id, toMessage(row)]));
    return { partiesOf, lastOf };
  }

  private assembleView(
    row: ConversationRow,
    { partiesOf, lastOf }: Awaited<ReturnType<Store['sharedViews']>>,
    unreadCount: number,
  ): Conversation {
    const lastMessage = lastOf.get(row.id);
    return {
      id: row.id,
      participants: partiesOf.get(row.id) ?? [],
      startedBy: { kind: row.started_by_kind, id: row.started_by_id },
      createdAt: row.created_at,
      lastActivityAt: row.last_activity_at,
      ...(lastMessage ? { lastMessage } : {}),
      unreadCount,
    };
  }

  private async conversationViews(q: Queryable, viewerId: string, rows: readonly ConversationRow[]) {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const shared = await this.sharedViews(
      q,
      ids,
      rows.map((row) => row.last_message_seq),
    );
    const unread = await q.query<{ conversation_id: string; n: number }>(
      `select m.conversation_id, count(*)::int as n
         from messages m
         left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
        where m.conversation_id = any($2::text[]) and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
        group by m.conversation_id`,
      [viewerId, ids],
    );
    const unreadOf = new Map(unread.map((row) => [row.conversation_id, row.n]));
    return rows.map((row) => this.assembleView(row, shared, unreadOf.get(row.id) ?? 0));
  }

  private async visibleConversation(q: Queryable, viewerId: string, id: unknown): Promise<ConversationRow> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200)
      throw new NotFoundError('No such conversation.');
    const rows = await q.query<ConversationRow>(
      `select ${CONVERSATION_COLUMNS} from conversations c where c.id = $2 and ${VISIBLE}`,
      [viewerId, id],
    );
    if (rows.length === 0) throw new NotFoundError('No such conversation.');
    return rows[0];
  }

  async getConversation(viewerId: string, id: unknown): Promise<Conversation> {
    const row = await this.visibleConversation(this.db, viewerId, id);
    return (await this.conversationViews(this.db, viewerId, [row]))[0];
  }

  async listConversations(
    viewerId: string,
    after: unknown,
    limitInput: unknown,
  ): Promise<Page<Conversation>> {
    const limit = resolvePageLimit(limitInput);
    const [below] = after === undefined ? [null] : decodeCursor(after, ['number'] as const);
    const rows = await this.db.query<ConversationRow>(
      `select ${CONVERSATION_COLUMNS} from conversations c
        where ${VISIBLE} and ($2::int is null or c.last_message_seq < $2)
        order by c.last_message_seq desc limit $3`,
      [viewerId, below, limit + 1],
    );
    const page = rows.slice(0, limit);
    const items = await this.conversationViews(this.db, viewerId, page);
    return rows.length > limit
      ? { items, next: encodeCursor([page[page.length - 1].last_message_seq]) }
      : { items };
  }

  async listMessages(
    viewerId: string,
    id: unknown,
    before: unknown,
    limitInput: unknown,
  ): Promise<MessagePage> {
    const conversation = await this.visibleConversation(this.db, viewerId, id);
    const limit = resolvePageLimit(limitInput);
    const [below] = before === undefined ? [null] : decodeCursor(before, ['number'] as const);
    const rows = await this.db.query<MessageRow>(
      `${MESSAGE_SELECT} where m.conversation_id = $1 and ($2::int is null or m.seq < $2)
        order by m.seq desc limit $3`,
      [conversation.id, below, limit + 1],
    );
    const page = rows.slice(0, limit).reverse();
    const items = page.map(toMessage);
    return rows.length > limit ? { items, before: encodeCursor([page[0].seq]) } : { items };
  }

  // ---------------------------------------------------------------- writing

  private async messageByClientId(q: Queryable, authorId: string, clientId: string) {
    const rows = await q.query<MessageRow>(`${MESSAGE_SELECT} where m.author_id = $1 and m.client_id = $2`, [
      authorId,
      clientId,
    ]);
    return rows[0];
  }

  /** The party a message is written as: the viewer, or a group they manage. */
  private async sender(q: Queryable, viewerId: string, asGroup: unknown): Promise<PartyRef> {
    if (asGroup === undefined || asGroup === null) return { kind: 'member', id: viewerId };
    if (typeof asGroup !== 'string' || asGroup.length === 0)
      throw badRequest('asGroup must be a group id.', 'asGroup');
    const rows = await q.query(
      'select 1 from group_members where group_id = $1 and member_id = $2 and role = $3',
      [asGroup, viewerId, 'manager'],
    );
    if (rows.length === 0) {
      throw new ForbiddenError(
        'not-group-manager',
        'You can write as a group only if you manage it.',
        'asGroup',
      );
    }
    return { kind: 'group', id: asGroup };
  }

  /**
   * Appends one event to the stream of each member that `targets` selects (SQL over `$1`) and
   * announces them, in one statement. Each member's sequence is bumped under that member's row
   * lock, taken in id order (no deadlocks), so a member's event ids commit in order and a stream
   * resuming after id N can never miss an event that commits later with a smaller id. The NOTIFY
   * is delivered at commit, to every server process listening on this database.
   * Returns the members the event went to.
   */
  private async fanOut(
    q: Queryable,
    targets: string,
    target: SqlValue,
    type: AdapterEvent['type'],
    conversationId: string | null,
    messageSeq: number | null,
  ): Promise<string[]> {
    const [row] = await q.query<{ members: string[] }>(
      `with targets as materialized (
         select id from members where id in (${targets}) order by id for update),
       bumped as (
         update members m set event_seq = m.event_seq + 1 from targets t where m.id = t.id
         returning m.id, m.event_seq),
       added as (
         insert into events (member_id, seq, type, conversation_id, message_seq, created_at)
         select id, event_seq, $2, $3, $4, $5 from bumped returning member_id),
       agg as (select coalesce(json_agg(member_id order by member_id), '[]'::json) as members from added)
       select members, pg_notify($6, case when length(members::text) <= ${MAX_NOTIFY_PAYLOAD}
                                         then json_build_object('space', $7::text, 'members', members)::text
                                         else json_build_object('space', $7::text)::text end)
         from agg`,
      [target, type, conversationId, messageSeq, Date.now(), EVENTS_CHANNEL, this.space],
    );
    return row.members;
  }

  private addEvents(
    q: Queryable,
    memberIds: readonly string[],
    type: AdapterEvent['type'],
    conversationId: string | null,
    messageSeq: number | null,
  ): Promise<string[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    return this.fanOut(q, 'select unnest($1::text[])', [...memberIds], type, conversationId, messageSeq);
  }

  private async decideEmails(
    q: Queryable,
    memberIds: readonly string[],
    authorId: string,
    message: Message,
    messageSeq: number,
  ): Promise<EmailNotice[]> {
    if (!this.emailEnabled) return [];
    // The insert is the decision: a member already notified of this conversation, who has not
    // read it since, keeps their row and gets nothing.
    const rows = await q.query<{ email: string; name: string }>(
      `with notified as (
         insert into email_notices (member_id, conversation_id, message_seq)
         select m.id, $2, $3 from members m
          where m.id = any($1::text[]) and m.id <> $4 and m.notify_email and m.email is not null
         on conflict do nothing
         returning member_id)
       select m.email, m.name from notified n join members m on m.id = n.member_id`,
      [[...memberIds], message.conversationId, messageSeq, authorId],
    );
    return rows.map((row) => ({ to: row.email, recipientName: row.name, message }));
  }

  async startConversation(viewerId: string, input: unknown): Promise<StartResult> {
    if (!isRecord(input)) throw badRequest('Send a JSON object.');
    onlyKeys(input, ['recipients', 'body', 'asGroup', 'clientId'], 'the request');
    const clientId = assertClientId(input.clientId);
    try {
      return await this.db.transaction((tx) => this.start(tx, viewerId, input, clientId));
    } catch (error) {
      if (!(error instanceof ConcurrentRetry)) throw error;
      return this.db.transaction((tx) => this.start(tx, viewerId, input, clientId));
    }
  }

  private async start(
    tx: Queryable,
    viewerId: string,
    input: Record<string, unknown>,
    clientId: string,
  ): Promise<StartResult> {
    const existing = await this.messageByClientId(tx, viewerId, clientId);
    if (existing) {
      const conversation = await this.visibleConversation(tx, viewerId, existing.conversation_id);
      const [view] = await this.conversationViews(tx, viewerId, [conversation]);
      return { conversation: view, message: toMessage(existing), stored: false, emails: [] };
    }
    const body = assertMessageBody(input.body, this.policy);
    const sender = await this.sender(tx, viewerId, input.asGroup);
    const recipients = normalizeRecipients(input.recipients, sender, this.policy);
    for (const ref of recipients) {
      if (ref.id.length > 200)
        throw new ValidationError('bad-recipient', 'That id is too long.', { field: 'recipients' });
    }
    const memberIds = recipients.filter((ref) => ref.kind === 'member').map((ref) => ref.id);
    const groupIds = recipients.filter((ref) => ref.kind === 'group').map((ref) => ref.id);
    const found = await tx.query<{ kind: string; id: string }>(
      `select 'member' as kind, id from members where id = any($1::text[])
       union all select 'group' as kind, id from groups where id = any($2::text[])`,
      [memberIds, groupIds],
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
    const participants = [sender, ...recipients];
    const key = participants.map(partyKey).sort().join(' ');
    const now = Date.now();
    const inserted = await tx.query<{ id: string }>(
      `insert into conversations (id, participants_key, started_by_kind, started_by_id, created_at, last_activity_at)
       values ($1, $2, $3, $4, $5, $5) on conflict (participants_key) do nothing returning id`,
      [randomUUID(), key, sender.kind, sender.id, now],
    );
    let conversationId: string;
    const created = inserted.length > 0;
    if (created) {
      conversationId = inserted[0].id;
      await tx.query(
        `insert into conversation_participants (conversation_id, position, party_kind, party_id)
         select $1, ordinality, kind, id from unnest($2::text[], $3::text[]) with ordinality as t(kind, id)`,
        [conversationId, participants.map((ref) => ref.kind), participants.map((ref) => ref.id)],
      );
    } else {
      const rows = await tx.query<{ id: string }>(
        'select id from conversations where participants_key = $1',
        [key],
      );
      if (rows.length === 0) throw new ConcurrentRetry();
      conversationId = rows[0].id;
    }
    const { message, emails } = await this.insertMessage(
      tx,
      viewerId,
      conversationId,
      body,
      sender,
      clientId,
      created ? 'conversation-added' : 'message-added',
      now,
    );
    const [conversation] = await this.conversationViews(
      tx,
      viewerId,
      await tx.query<ConversationRow>(`select ${CONVERSATION_COLUMNS} from conversations c where c.id = $1`, [
        conversationId,
      ]),
    );
    return { conversation, message, stored: true, emails };
  }

  /** Stores a message, moves its conversation's activity, and tells every participant. */
  private async insertMessage(
    tx: Queryable,
    viewerId: string,
    conversationId: string,
    body: string,
    sender: PartyRef,
    clientId: string,
    eventType: 'conversation-added' | 'message-added',
    now = Date.now(),
  ): Promise<{ message: Message; emails: EmailNotice[] }> {
    const rows = await tx.query<MessageRow>(
      `with inserted as (
         insert into messages (id, conversation_id, author_id, client_id, on_behalf_of, body, sent_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (author_id, client_id) do nothing
         returning seq, id, conversation_id, client_id, author_id, on_behalf_of, body, sent_at),
       touched as (
         update conversations c set last_message_seq = i.seq, last_activity_at = i.sent_at
           from inserted i where c.id = i.conversation_id)
       select i.*, a.name as author_name, a.avatar_url as author_avatar, a.profile_url as author_profile,
              g.name as group_name, g.avatar_url as group_avatar, g.profile_url as group_profile
         from inserted i
         left join members a on a.id = i.author_id
         left join groups g on g.id = i.on_behalf_of`,
      [
        randomUUID(),
        conversationId,
        viewerId,
        clientId,
        sender.kind === 'group' ? sender.id : null,
        body,
        now,
      ],
    );
    // Another request with this client id committed between our check and our insert.
    if (rows.length === 0) throw new ConcurrentRetry();
    const message = toMessage(rows[0]);
    const members = await this.fanOut(
      tx,
      `select p.party_id from conversation_participants p where p.conversation_id = $1 and p.party_kind = 'member'
       union
       select gm.member_id from conversation_participants p join group_members gm on gm.group_id = p.party_id
        where p.conversation_id = $1 and p.party_kind = 'group'`,
      conversationId,
      eventType,
      conversationId,
      rows[0].seq,
    );
    const emails = await this.decideEmails(tx, members, viewerId, message, rows[0].seq);
    return { message, emails };
  }

  async sendMessage(viewerId: string, conversationId: unknown, input: unknown): Promise<SendResult> {
    if (!isRecord(input)) throw badRequest('Send a JSON object.');
    onlyKeys(input, ['body', 'asGroup', 'clientId', 'conversationId'], 'the request');
    const clientId = assertClientId(input.clientId);
    const attempt = (tx: Queryable) => this.send(tx, viewerId, conversationId, input, clientId);
    try {
      return await this.db.transaction(attempt);
    } catch (error) {
      if (!(error instanceof ConcurrentRetry)) throw error;
      return this.db.transaction(attempt);
    }
  }

  private async send(
    tx: Queryable,
    viewerId: string,
    conversationId: unknown,
    input: Record<string, unknown>,
    clientId: string,
  ): Promise<SendResult> {
    const existing = await this.messageByClientId(tx, viewerId, clientId);
    if (existing) {
      await this.visibleConversation(tx, viewerId, existing.conversation_id);
      return { message: toMessage(existing), stored: false, emails: [] };
    }
    const conversation = await this.visibleConversation(tx, viewerId, conversationId);
    const body = assertMessageBody(input.body, this.policy);
    const sender = await this.sender(tx, viewerId, input.asGroup);
    if (sender.kind === 'group') {
      const named = await tx.query(
        `select 1 from conversation_participants where conversation_id = $1 and party_kind = 'group' and party_id = $2`,
        [conversation.id, sender.id],
      );
      if (named.length === 0) {
        throw new ForbiddenError('not-allowed', 'That group is not in this conversation.', 'asGroup');
      }
    }
    const result = await this.insertMessage(
      tx,
      viewerId,
      conversation.id,
      body,
      sender,
      clientId,
      'message-added',
    );
    return { message: result.message, stored: true, emails: result.emails };
  }

  async markRead(viewerId: string, conversationId: unknown, upTo: unknown): Promise<void> {
    if (typeof upTo !== 'string' || upTo.length === 0 || upTo.length > 200) {
      throw new ValidationError('bad-id', 'Say which message was read.', { field: 'request' });
    }
    await this.db.transaction(async (tx) => {
      const conversation = await this.visibleConversation(tx, viewerId, conversationId);
      const rows = await tx.query<{ seq: number }>(
        'select seq from messages where id = $1 and conversation_id = $2',
        [upTo, conversation.id],
      );
      if (rows.length === 0) throw new NotFoundError('That message is not in this conversation.');
      const seq = rows[0].seq;
      const moved = await tx.query(
        `insert into reads (member_id, conversation_id, up_to_seq) values ($1, $2, $3)
         on conflict (member_id, conversation_id) do update set up_to_seq = excluded.up_to_seq
         where reads.up_to_seq < excluded.up_to_seq
         returning up_to_seq`,
        [viewerId, conversation.id, seq],
      );
      await tx.query(
        'delete from email_notices where member_id = $1 and conversation_id = $2 and message_seq <= $3',
        [viewerId, conversation.id, seq],
      );
      if (moved.length > 0) await this.addEvents(tx, [viewerId], 'read-changed', conversation.id, seq);
    });
  }

  async getUnreadSummary(viewerId: string): Promise<UnreadSummary> {
    const [row] = await this.db.query<{ total: number; conversations: number }>(
      `select coalesce(sum(n), 0)::int as total, count(*)::int as conversations from (
         select count(*) as n
           from messages m
           join conversations c on c.id = m.conversation_id
           left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
          where ${VISIBLE} and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
          group by m.conversation_id) as per_conversation`,
      [viewerId],
    );
    return { total: row.total, conversations: row.conversations };
  }

  async getSettings(viewerId: string, q: Queryable = this.db): Promise<NotificationSettings> {
    const rows = await q.query<{ notify_in_app: boolean; notify_email: boolean }>(
      'select notify_in_app, notify_email from members where id = $1',
      [viewerId],
    );
    if (rows.length === 0) throw new NotFoundError('This member is not in the directory.');
    return { inApp: rows[0].notify_in_app, email: rows[0].notify_email };
  }

  async updateSettings(viewerId: string, patch: unknown): Promise<NotificationSettings> {
    const bad = () =>
      new ValidationError('bad-settings', 'Settings are inApp and email, each true or false.', {
        field: 'settings',
      });
    if (!isRecord(patch)) throw bad();
    for (const [key, value] of Object.entries(patch)) {
      if ((key !== 'inApp' && key !== 'email') || typeof value !== 'boolean') throw bad();
    }
    return this.db.transaction(async (tx) => {
      const before = await this.getSettings(viewerId, tx);
      const after = {
        inApp: typeof patch.inApp === 'boolean' ? patch.inApp : before.inApp,
        email: typeof patch.email === 'boolean' ? patch.email : before.email,
      };
      if (after.inApp !== before.inApp || after.email !== before.email) {
        await tx.query('update members set notify_in_app = $2, notify_email = $3 where id = $1', [
          viewerId,
          after.inApp,
          after.email,
        ]);
        await this.addEvents(tx, [viewerId], 'settings-changed', null, null);
      }
      return after;
    });
  }

  async report(viewerId: string, input: unknown): Promise<{ id: string }> {
    const badTarget = () =>
      new ValidationError('bad-report', 'Report a conversation or one of its messages.', {
        field: 'request',
      });
    if (!isRecord(input)) throw badRequest('Send a JSON object.');
    onlyKeys(input, ['target', 'reason'], 'the report');
    const target = input.target;
    if (!isRecord(target) || (target.kind !== 'conversation' && target.kind !== 'message')) throw badTarget();
    if (target.kind === 'message' && typeof target.messageId !== 'string') throw badTarget();
    const reason = assertReportReason(input.reason, this.policy);
    const conversation = await this.visibleConversation(this.db, viewerId, target.conversationId);
    let messageId: string | null = null;
    if (target.kind === 'message') {
      const rows = await this.db.query('select 1 from messages where id = $1 and conversation_id = $2', [
        target.messageId as string,
        conversation.id,
      ]);
      if (rows.length === 0) throw new NotFoundError('That message is not in this conversation.');
      messageId = target.messageId as string;
    }
    const id = randomUUID();
    await this.db.query(
      `insert into reports (id, target_kind, conversation_id, message_id, reason, reported_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, target.kind, conversation.id, messageId, reason, viewerId, Date.now()],
    );
    return { id };
  }

  // ---------------------------------------------------------------- events

  /**
   * The member's current stream position (a new stream starts here), and the oldest position a
   * stream can still resume from: events older than the retention period are deleted.
   */
  async eventPosition(memberId: string): Promise<{ current: number; resumableFrom: number }> {
    const rows = await this.db.query<{ event_seq: number; oldest: number | null }>(
      `select m.event_seq, (select min(e.seq) from events e where e.member_id = m.id) as oldest
         from members m where m.id = $1`,
      [memberId],
    );
    const current = rows[0]?.event_seq ?? 0;
    const oldest = rows[0]?.oldest;
    // With events from `oldest` on kept, a stream that has seen `oldest - 1` misses nothing.
    return { current, resumableFrom: oldest === null || oldest === undefined ? current : oldest - 1 };
  }

  /** Deletes events older than `maxAgeMs`: streams that far behind must reload instead. */
  async pruneEvents(maxAgeMs: number): Promise<number> {
    const rows = await this.db.query('delete from events where created_at < $1 returning 1', [
      Date.now() - maxAgeMs,
    ]);
    return rows.length;
  }

  /** The member's events after `afterSeq` (at most 200), as they see things now. */
  async eventsAfter(memberId: string, afterSeq: number): Promise<StoredEvent[]> {
    const rows = (await this.eventRows.load(`${afterSeq}:${memberId}`)) ?? [];
    return Promise.all(
      rows.map(async (row): Promise<StoredEvent> => {
        switch (row.type) {
          case 'message-added':
          case 'conversation-added':
          case 'read-changed': {
            if (!row.conversation_id || !row.message_seq) return { seq: row.seq };
            const [conversation, message] = await Promise.all([
              this.seenConversations.load(`${memberId}\u0000${row.conversation_id}`),
              this.messagesBySeq.load(row.message_seq),
            ]);
            if (!conversation || !message) return { seq: row.seq };
            return row.type === 'read-changed'
              ? {
                  seq: row.seq,
                  event: {
                    type: 'read-changed',
                    conversationId: conversation.id,
                    upTo: message.id,
                    unreadCount: conversation.unreadCount,
                  },
                }
              : { seq: row.seq, event: { type: row.type, conversation, message } };
          }
          case 'settings-changed': {
            const settings = await this.getSettings(memberId).catch(() => undefined);
            return settings
              ? { seq: row.seq, event: { type: 'settings-changed', settings } }
              : { seq: row.seq };
          }
          case 'viewer-changed': {
            const viewer = await this.getViewer(memberId).catch(() => undefined);
            return viewer ? { seq: row.seq, event: { type: 'viewer-changed', viewer } } : { seq: row.seq };
          }
          default:
            return { seq: row.seq };
        }
      }),
    );
  }

  /** Event rows for many streams at once; keys are `afterSeq:memberId`. */
  private readonly eventRows = new Batcher<string, EventRow[]>(async (keys) => {
    const members = keys.map((key) => key.slice(key.indexOf(':') + 1));
    const afters = keys.map((key) => Number(key.slice(0, key.indexOf(':'))));
    const rows = await this.db.query<EventRow & { member_id: string; after: number }>(
      `select s.member_id, s.after, e.seq, e.type, e.conversation_id, e.message_seq
         from unnest($1::text[], $2::int[]) as s(member_id, after)
         cross join lateral (
           select * from events e where e.member_id = s.member_id and e.seq > s.after order by e.seq limit 200) e
        order by s.member_id, e.seq`,
      [members, afters],
    );
    const byKey = new Map<string, EventRow[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(`${row.after}:${row.member_id}`)?.push(row);
    return byKey;
  });

  /** Conversations as each member sees them, or nothing for those they cannot see: `member\0conversation`. */
  private readonly seenConversations = new Batcher<string, Conversation>(async (keys) => {
    const pairs = keys.map((key) => key.split('\u0000'));
    const rows = await this.db.query<ConversationRow & { member_id: string; unread: number }>(
      `select s.member_id, ${CONVERSATION_COLUMNS},
              (select count(*)::int from messages m
                 left join reads r on r.member_id = s.member_id and r.conversation_id = c.id
                where m.conversation_id = c.id and m.author_id <> s.member_id
                  and m.seq > coalesce(r.up_to_seq, 0)) as unread
         from unnest($1::text[], $2::text[]) as s(member_id, conversation_id)
         join conversations c on c.id = s.conversation_id
        where exists (
          select 1 from conversation_participants p
           where p.conversation_id = c.id
             and ((p.party_kind = 'member' and p.party_id = s.member_id)
               or (p.party_kind = 'group'
                   and p.party_id in (select gm.group_id from group_members gm where gm.member_id = s.member_id))))`,
      [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
    );
    const shared = await this.sharedViews(
      this.db,
      [...new Set(rows.map((row) => row.id))],
      rows.map((row) => row.last_message_seq),
    );
    const views = new Map<string, Conversation>();
    for (const row of rows) {
      views.set(`${row.member_id}\u0000${row.id}`, this.assembleView(row, shared, row.unread));
    }
    return views;
  });

  private readonly messagesBySeq = new Batcher<number, Message>(async (seqs) => {
    const rows = await this.db.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = any($1::int[])`, [seqs]);
    return new Map(rows.map((row) => [row.seq, toMessage(row)]));
  });

  // ---------------------------------------------------------------- admin: the portal's directory

  async loadDirectory(input: unknown): Promise<{ members: number; groups: number }> {
    const directory = parseDirectory(input);
    return this.db.transaction(async (tx) => {
      for (const member of directory.members) {
        await tx.query(
          `insert into members (id, name, search_key, avatar_url, profile_url, email) values ($1, $2, $3, $4, $5, $6)
           on conflict (id) do update set name = excluded.name, search_key = excluded.search_key,
             avatar_url = excluded.avatar_url, profile_url = excluded.profile_url,
             email = coalesce(excluded.email, members.email)`,
          [
            member.id,
            member.name,
            searchKey(member.name),
            member.avatarUrl ?? null,
            member.profileUrl ?? null,
            member.email ?? null,
          ],
        );
      }
      const changed = new Set<string>();
      for (const group of directory.groups) {
        await tx.query(
          `insert into groups (id, name, search_key, avatar_url, profile_url) values ($1, $2, $3, $4, $5)
           on conflict (id) do update set name = excluded.name, search_key = excluded.search_key,
             avatar_url = excluded.avatar_url, profile_url = excluded.profile_url`,
          [group.id, group.name, searchKey(group.name), group.avatarUrl ?? null, group.profileUrl ?? null],
        );
        const roles = new Map<string, GroupRole>();
        for (const id of group.members) roles.set(id, 'member');
        for (const id of group.managers) roles.set(id, 'manager');
        const missing = await tx.query<{ id: string }>(
          `select id from unnest($1::text[]) as t(id) where id not in (select id from members)`,
          [[...roles.keys()]],
        );
        if (missing.length) {
          throw badRequest(
            `Group "${group.id}" names members that are not in the directory: ${missing.map((row) => row.id).join(', ')}.`,
          );
        }
        const before = await tx.query<{ member_id: string; role: GroupRole }>(
          'select member_id, role from group_members where group_id = $1',
          [group.id],
        );
        const old = new Map(before.map((row) => [row.member_id, row.role]));
        for (const [id, role] of roles) if (old.get(id) !== role) changed.add(id);
        for (const id of old.keys()) if (!roles.has(id)) changed.add(id);
        await tx.query('delete from group_members where group_id = $1', [group.id]);
        await tx.query(
          `insert into group_members (group_id, member_id, role)
           select $1, id, role from unnest($2::text[], $3::text[]) as t(id, role)`,
          [group.id, [...roles.keys()], [...roles.values()]],
        );
      }
      await this.addEvents(tx, [...changed], 'viewer-changed', null, null);
      return { members: directory.members.length, groups: directory.groups.length };
    });
  }

  async setGroupRole(groupId: string, memberId: string, role: unknown): Promise<void> {
    if (role !== null && role !== 'member' && role !== 'manager') {
      throw badRequest('role must be "member", "manager" or null.');
    }
    await this.db.transaction(async (tx) => {
      const group = await tx.query('select 1 from groups where id = $1', [groupId]);
      const member = await tx.query('select 1 from members where id = $1', [memberId]);
      if (group.length === 0 || member.length === 0) throw new NotFoundError('No such group or member.');
      const changed =
        role === null
          ? await tx.query('delete from group_members where group_id = $1 and member_id = $2 returning 1', [
              groupId,
              memberId,
            ])
          : await tx.query(
              `insert into group_members (group_id, member_id, role) values ($1, $2, $3)
               on conflict (group_id, member_id) do update set role = excluded.role
               where group_members.role <> excluded.role returning 1`,
              [groupId, memberId, role],
            );
      if (changed.length > 0) await this.addEvents(tx, [memberId], 'viewer-changed', null, null);
    });
  }

  async listReports(): Promise<Row[]> {
    return this.db.query(
      `select id, target_kind, conversation_id, message_id, reason, reported_by, created_at from reports order by created_at`,
    );
  }
}

interface DirectoryMemberInput {
  id: string;
  name: string;
  avatarUrl?: string;
  profileUrl?: string;
  email?: string;
}
interface DirectoryGroupInput {
  id: string;
  name: string;
  avatarUrl?: string;
  profileUrl?: string;
  managers: string[];
  members: string[];
}

function parseDirectory(input: unknown): { members: DirectoryMemberInput[]; groups: DirectoryGroupInput[] } {
  if (!isRecord(input)) throw badRequest('Send a JSON object with members and groups.');
  onlyKeys(input, ['members', 'groups'], 'the directory');
  const members = input.members ?? [];
  const groups = input.groups ?? [];
  if (!Array.isArray(members) || !Array.isArray(groups))
    throw badRequest('members and groups must be lists.');
  if (members.length + groups.length > 10_000) throw badRequest('Send at most 10,000 entries at once.');
  const id = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || value.length === 0 || value.length > 200)
      throw badRequest(`${what} needs an id of 1 to 200 characters.`);
    return value;
  };
  const name = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > 200)
      throw badRequest(`${what} needs a name of 1 to 200 characters.`);
    return value.trim();
  };
  const url = (value: unknown, what: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > 2000 || !/^https?:\/\//i.test(value)) {
      throw badRequest(`${what} must be an http(s) URL.`);
    }
    return value;
  };
  const ids = (value: unknown, what: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw badRequest(`${what} must be a list of member ids.`);
    return value.map((item) => id(item, what));
  };
  return {
    members: members.map((raw: unknown) => {
      if (!isRecord(raw)) throw badRequest('Each member must be an object.');
      onlyKeys(raw, ['id', 'name', 'avatarUrl', 'profileUrl', 'email', 'kind'], 'a member');
      const email = raw.email;
      if (
        email !== undefined &&
        (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320)
      ) {
        throw badRequest('A member email must be an address.');
      }
      return {
        id: id(raw.id, 'A member'),
        name: name(raw.name, 'A member'),
        avatarUrl: url(raw.avatarUrl, 'avatarUrl'),
        profileUrl: url(raw.profileUrl, 'profileUrl'),
        email: email as string | undefined,
      };
    }),
    groups: groups.map((raw: unknown) => {
      if (!isRecord(raw)) throw badRequest('Each group must be an object.');
      onlyKeys(raw, ['id', 'name', 'avatarUrl', 'profileUrl', 'managers', 'members', 'kind'], 'a group');
      return {
        id: id(raw.id, 'A group'),
        name: name(raw.name, 'A group'),
        avatarUrl: url(raw.avatarUrl, 'avatarUrl'),
        profileUrl: url(raw.profileUrl, 'profileUrl'),
        managers: ids(raw.managers, 'managers'),
        members: ids(raw.members, 'members'),
      };
    }),
  };
}

export type { SqlValue };
