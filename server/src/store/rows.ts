/**
 * What the store's modules share: row shapes, their mapping to the API's types, the SQL fragments
 * of visibility and message reads, and the small checks of request shapes.
 */
import {
  LIMITS,
  ValidationError,
  erasedMessage,
  presentMember,
  foldForSearch,
  isValidId,
  type Group,
  type Member,
  type MemberStatus,
  type Message,
  type Party,
  type Policy,
  type StoredReaction,
  viewReactions,
} from '../../../src/core/index.js';
import type { RateLimits } from '../config.js';
import type { Database, Queryable } from '../db.js';

/** The longest id (member, group, conversation, message): the rulebook's. */
export const MAX_ID_LENGTH = LIMITS.maxIdLength;

/** What every part of the store works with: one space's database, rules and limits. */
export interface StoreContext {
  readonly db: Database;
  readonly policy: Policy;
  readonly limits: RateLimits;
  /** Whether sends decide emails (only when a mailer is configured). */
  readonly emailEnabled: boolean;
  /** Which isolated space (test servers) the data is in; '' is the only one in production. */
  readonly space: string;
}

export type PartyRow = {
  kind: 'member' | 'group';
  id: string;
  name: string;
  avatar_url: string | null;
  profile_url: string | null;
  /** Members (S16, S17); null for groups and members in good standing. */
  status?: MemberStatus | null;
  /** Groups (S18). */
  readers?: 'members' | 'managers' | null;
};

export type ConversationRow = {
  id: string;
  started_by_kind: 'member' | 'group';
  started_by_id: string;
  created_at: number;
  last_activity_at: number;
  last_message_seq: number;
};

export type MessageRow = {
  seq: number;
  id: string;
  conversation_id: string;
  client_id: string;
  author_id: string;
  author_name: string | null;
  author_avatar: string | null;
  author_profile: string | null;
  author_status: MemberStatus | null;
  on_behalf_of: string | null;
  group_name: string | null;
  group_avatar: string | null;
  group_profile: string | null;
  body: string;
  sent_at: number;
  edited_at: number | null;
  deleted: boolean;
  system?: 'left' | null;
};

export const MESSAGE_SELECT = `
  select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
         a.avatar_url as author_avatar, a.profile_url as author_profile, a.status as author_status,
         m.on_behalf_of, g.name as group_name, g.avatar_url as group_avatar,
         g.profile_url as group_profile, m.body, m.sent_at, m.edited_at, m.deleted, m.system
    from messages m
    left join members a on a.id = m.author_id
    left join groups g on g.id = m.on_behalf_of`;

/**
 * The groups member `$1` reads the conversations of (S18: managers always, members when the
 * group says so; `readsGroup` of src/core/group-readers.ts).
 */
export const READ_GROUPS = `select gm.group_id from group_members gm join groups g on g.id = gm.group_id
   where gm.member_id = $1 and (gm.role = 'manager' or g.readers = 'members')`;

/**
 * Conversations member `$1` may see: named in them, or in a group named in them that they read,
 * and not left (S29).
 */
export const VISIBLE = `c.id in (
  select p.conversation_id from conversation_participants p
   where (p.party_kind = 'member' and p.party_id = $1)
      or (p.party_kind = 'group' and p.party_id in (${READ_GROUPS})))
  and c.id not in (select l.conversation_id from conversation_leavers l where l.member_id = $1)`;

export const CONVERSATION_COLUMNS =
  'c.id, c.started_by_kind, c.started_by_id, c.created_at, c.last_activity_at, c.last_message_seq';

function optionalLinks(row: { avatar_url: string | null; profile_url: string | null }) {
  return {
    ...(row.avatar_url ? { avatarUrl: row.avatar_url } : {}),
    ...(row.profile_url ? { profileUrl: row.profile_url } : {}),
  };
}

type LinkedRow = {
  id: string;
  name: string;
  avatar_url: string | null;
  profile_url: string | null;
  status?: MemberStatus | null;
  readers?: 'members' | 'managers' | null;
};

export function toParty(row: PartyRow): Party {
  return row.kind === 'member' ? toMember(row) : toGroup(row);
}

/** A blocked or deleted member carries no name or links (S16, S17: `presentMember`). */
export function toMember(row: LinkedRow): Member {
  return presentMember(
    { id: row.id, name: row.name, ...optionalLinks(row) },
    row.status === null ? undefined : row.status,
  );
}

export function toGroup(row: LinkedRow): Group {
  return {
    kind: 'group',
    id: row.id,
    name: row.name,
    ...optionalLinks(row),
    ...(row.readers === 'managers' ? { readers: 'managers' as const } : {}),
  };
}

export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    conversationId: row.conversation_id,
    clientId: row.client_id,
    author: toMember({
      id: row.author_id,
      name: row.author_name ?? '',
      avatar_url: row.author_avatar,
      profile_url: row.author_profile,
      status: row.author_status,
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
    ...(row.edited_at === null || row.edited_at === undefined ? {} : { editedAt: row.edited_at }),
    ...(row.deleted ? { deleted: true as const } : {}),
    ...(row.system ? { system: row.system } : {}),
  };
  return row.deleted ? erasedMessage(message) : message;
}

/**
 * S26: the stored reactions of messages, by message seq, in the order they were made; a blocked
 * or deleted member's reads as such (`presentMember`), as everywhere else.
 */
export async function reactionsOf(
  q: Queryable,
  seqs: readonly number[],
): Promise<Map<number, StoredReaction[]>> {
  const byMessage = new Map<number, StoredReaction[]>();
  if (seqs.length === 0) return byMessage;
  const rows = await q.query<{ message_seq: number; emoji: string } & LinkedRow>(
    `select r.message_seq, r.emoji, r.member_id as id, coalesce(m.name, r.member_id) as name,
            m.avatar_url, m.profile_url, m.status
       from message_reactions r left join members m on m.id = r.member_id
      where r.message_seq = any($1::int[])
      order by r.message_seq, r.position`,
    [[...new Set(seqs)]],
  );
  for (const row of rows) {
    const list = byMessage.get(row.message_seq) ?? [];
    list.push({ emoji: row.emoji, member: toMember(row) });
    byMessage.set(row.message_seq, list);
  }
  return byMessage;
}

/** A message with its reactions as `viewerId` sees them (nothing added when there are none). */
export function withReactions(
  message: Message,
  stored: readonly StoredReaction[] | undefined,
  viewerId: string,
): Message {
  const reactions = viewReactions(stored ?? [], viewerId);
  return reactions.length > 0 ? { ...message, reactions } : message;
}

/** What directory search compares: the rulebook's folding, for names stored and queries alike. */
export const searchKey = foldForSearch;

export { isRecord } from '../../../src/core/index.js';

export function badRequest(message: string, field: ValidationError['field'] = 'request'): ValidationError {
  return new ValidationError('bad-request', message, { field });
}

export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length)
    throw badRequest(`Unknown field${extra.length > 1 ? 's' : ''} in ${what}: ${extra.join(', ')}.`);
}

/** An id that can name a stored row (the rulebook's `isValidId`): anything else names nothing. */
export const isStoredId = isValidId;
