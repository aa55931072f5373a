/**
 * Reading a Decidim database (0.27, PostgreSQL) as this server's directory and import records.
 * Read from Decidim's migrations and models (decidim-core):
 *
 * - `decidim_users` holds members and groups alike (`type` 'Decidim::User' or
 *   'Decidim::UserGroup', since 0.16), with `name`, `nickname`, `email`, `locale`,
 *   `direct_message_types` ('all' or 'followed-only'), `blocked` (a moderator's block) and
 *   `deleted_at` (a deleted account keeps its row with name, nickname and email emptied);
 * - `decidim_user_group_memberships.role`: 'creator' and 'admin' manage a group ("managers" in
 *   Decidim's model), 'member' belongs, 'requested' is not yet a member;
 * - `decidim_follows` (`decidim_user_id` follows `decidim_followable_id` when
 *   `decidim_followable_type` is 'Decidim::UserBaseEntity', 'Decidim::User' before 0.15);
 * - `decidim_messaging_conversations`, `_participations` (`decidim_participant_id`: a member or
 *   a group), `_messages` (`decidim_sender_id`, `body`, `created_at`) and `_receipts`
 *   (`decidim_recipient_id`, `read_at`: null while unread). A message written as a group has the
 *   group as its sender; the member who wrote it is not stored on the message, only as the one
 *   manager whose receipt was marked read when it was sent (`envelope_for(from:)`), so the
 *   earliest-read manager's receipt names the author, else the group's creator.
 *
 * Everything is read in one read-only, repeatable-read transaction through cursors, a thousand
 * rows at a time, so a portal of any size is read in bounded memory from one consistent snapshot.
 */
import type { DirectoryData } from '../../../src/core/index.js';
import type { Queryable } from '../db.js';

type MemberData = DirectoryData['members'][number];
type GroupData = DirectoryData['groups'][number];

export const DECIDIM_MEMBER = 'Decidim::User';
export const DECIDIM_GROUP = 'Decidim::UserGroup';

/** The ids this server gives Decidim's rows: its user ids as text, and prefixed external ids. */
export const decidimIds = {
  party: (id: number | string) => String(id),
  conversation: (id: number | string) => `decidim-conversation-${id}`,
  message: (id: number | string) => `decidim-message-${id}`,
};

export interface DecidimMember {
  readonly entry: MemberData;
  readonly acceptFrom: 'anyone' | 'followed';
  readonly deleted: boolean;
}

export interface DecidimSink {
  /** A page of members, in id order. */
  members(page: readonly DecidimMember[]): Promise<void>;
  /** A page of groups with their members and managers. */
  groups(page: readonly GroupData[]): Promise<void>;
  /** A page of follows: `[follower, followed]` member ids. */
  follows(page: readonly (readonly [string, string])[]): Promise<void>;
  /** One import record (`parseImportRecord`'s input), conversations first, then messages in the order sent, then reads. */
  record(record: Record<string, unknown>): Promise<void>;
  /**
   * Last, once every conversation is in: the members a moderator blocked and the accounts
   * deleted (member ids), so that their history was imported before they were marked.
   */
  moderation(
    page: readonly { readonly id: string; readonly blocked: boolean; readonly deleted: boolean }[],
  ): Promise<void>;
}

const PAGE = 1000;

/** Runs `sql` as a cursor and hands its rows on a page at a time. */
async function eachPage<R>(
  tx: Queryable,
  name: string,
  sql: string,
  params: readonly (string | number | null)[],
  handle: (rows: R[]) => Promise<void>,
): Promise<void> {
  // A cursor takes no parameters in every driver: the values are literals, numbers only.
  const bound = sql.replace(/\$(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    if (value === null) return 'null';
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw new Error('Cursor parameters are whole numbers.');
  });
  await tx.query(`declare ${name} no scroll cursor for ${bound}`);
  for (;;) {
    const rows = (await tx.query(`fetch forward ${PAGE} from ${name}`)) as R[];
    if (rows.length === 0) break;
    await handle(rows);
    if (rows.length < PAGE) break;
  }
  await tx.query(`close ${name}`);
}

/** The organizations in the database: a move takes one (Decidim can host several portals). */
export async function decidimOrganizations(source: Queryable): Promise<number[]> {
  const rows = await source.query<{ id: number }>(
    'select distinct decidim_organization_id as id from decidim_users order by 1',
  );
  return rows.map((row) => Number(row.id));
}

/** Reads organization `organization` of a Decidim database (in a transaction of `source`) into `sink`. */
export async function readDecidim(tx: Queryable, organization: number, sink: DecidimSink): Promise<void> {
  await tx.query('set transaction isolation level repeatable read, read only');
  const org = [organization] as const;
  const inOrg = (alias: string) => `${alias}.decidim_organization_id = $1`;

  await eachPage<{
    id: number;
    name: string;
    nickname: string | null;
    email: string | null;
    direct_message_types: string | null;
    deleted: boolean;
  }>(
    tx,
    'decidim_members',
    `select u.id, u.name, u.nickname, u.email, u.direct_message_types, u.deleted_at is not null as deleted
       from decidim_users u where u.type = '${DECIDIM_MEMBER}' and ${inOrg('u')} order by u.id`,
    org,
    (rows) =>
      sink.members(
        rows.map((row) => ({
          entry: memberEntry(row),
          acceptFrom: row.direct_message_types === 'followed-only' ? 'followed' : 'anyone',
          deleted: row.deleted,
        })),
      ),
  );

  // A group's memberships come with it, one row per group (Decidim allows one creator and a few admins).
  await eachPage<{ id: number; name: string; nickname: string | null; members: number[]; roles: string[] }>(
    tx,
    'decidim_groups',
    `select g.id, g.name, g.nickname,
            coalesce(array_agg(gm.decidim_user_id order by gm.decidim_user_id) filter (where gm.id is not null), '{}') as members,
            coalesce(array_agg(gm.role order by gm.decidim_user_id) filter (where gm.id is not null), '{}') as roles
       from decidim_users g
       left join decidim_user_group_memberships gm on gm.decidim_user_group_id = g.id and gm.role <> 'requested'
            and exists (select 1 from decidim_users u where u.id = gm.decidim_user_id and u.type = '${DECIDIM_MEMBER}'
                          and u.deleted_at is null and ${inOrg('u')})
      where g.type = '${DECIDIM_GROUP}' and ${inOrg('g')}
      group by g.id order by g.id`,
    org,
    (rows) =>
      sink.groups(
        rows.map((row) => ({
          id: decidimIds.party(row.id),
          name: displayName(row.name, row.nickname, `Group ${row.id}`),
          ...(row.nickname ? { profileUrl: `/profiles/${row.nickname}` } : {}),
          members: row.members.filter((_, i) => row.roles[i] === 'member').map(decidimIds.party),
          managers: row.members
            .filter((_, i) => row.roles[i] === 'creator' || row.roles[i] === 'admin')
            .map(decidimIds.party),
        })),
      ),
  );

  await eachPage<{ follower: number; followed: number }>(
    tx,
    'decidim_member_follows',
    `select f.decidim_user_id as follower, f.decidim_followable_id as followed
       from decidim_follows f
       join decidim_users a on a.id = f.decidim_user_id and a.type = '${DECIDIM_MEMBER}' and ${inOrg('a')}
       join decidim_users b on b.id = f.decidim_followable_id and b.type = '${DECIDIM_MEMBER}' and ${inOrg('b')}
      where f.decidim_followable_type in ('Decidim::UserBaseEntity', 'Decidim::User')
      order by f.id`,
    org,
    (rows) =>
      sink.follows(
        rows.map((row) => [decidimIds.party(row.follower), decidimIds.party(row.followed)] as const),
      ),
  );

  // The starter first: the sender of the first message (Decidim creates the originator's participation first too).
  await eachPage<{ id: number; created: number; parties: number[]; types: string[]; starter: number | null }>(
    tx,
    'decidim_conversations',
    `select c.id, extract(epoch from c.created_at) * 1000 as created,
            array_agg(p.decidim_participant_id order by p.id) as parties,
            array_agg(u.type order by p.id) as types,
            (select m.decidim_sender_id from decidim_messaging_messages m where m.decidim_conversation_id = c.id
              order by m.created_at, m.id limit 1) as starter
       from decidim_messaging_conversations c
       join decidim_messaging_participations p on p.decidim_conversation_id = c.id
       join decidim_users u on u.id = p.decidim_participant_id
      group by c.id
     having bool_and(${inOrg('u')})
      order by c.id`,
    org,
    async (rows) => {
      for (const row of rows) {
        const parties = row.parties.map((id, i) => ({
          kind: row.types[i] === DECIDIM_GROUP ? 'group' : 'member',
          id: decidimIds.party(id),
        }));
        const starter = parties.find((party) => party.id === decidimIds.party(row.starter ?? row.parties[0]));
        await sink.record({
          type: 'conversation',
          externalId: decidimIds.conversation(row.id),
          participants: starter ? [starter, ...parties.filter((party) => party !== starter)] : parties,
          createdAt: Number(row.created),
        });
      }
    },
  );

  // Every message in the order sent, across conversations, so that the lists keep Decidim's order.
  await eachPage<{
    id: number;
    conversation: number;
    sender: number;
    group: boolean;
    author: number | null;
    body: string;
    sent: number;
  }>(
    tx,
    'decidim_messages',
    `select m.id, m.decidim_conversation_id as conversation, m.decidim_sender_id as sender,
            s.type = '${DECIDIM_GROUP}' as group,
            case when s.type = '${DECIDIM_GROUP}' then coalesce(
              (select r.decidim_recipient_id from decidim_messaging_receipts r
                 join decidim_user_group_memberships gm on gm.decidim_user_id = r.decidim_recipient_id
                      and gm.decidim_user_group_id = s.id and gm.role in ('creator', 'admin')
                where r.decidim_message_id = m.id and r.read_at is not null
                order by r.read_at, r.id limit 1),
              (select gm.decidim_user_id from decidim_user_group_memberships gm
                where gm.decidim_user_group_id = s.id and gm.role = 'creator' limit 1))
            else m.decidim_sender_id end as author,
            m.body, extract(epoch from m.created_at) * 1000 as sent
       from decidim_messaging_messages m
       join decidim_users s on s.id = m.decidim_sender_id and ${inOrg('s')}
      order by m.created_at, m.id`,
    org,
    async (rows) => {
      for (const row of rows) {
        await sink.record({
          type: 'message',
          externalId: decidimIds.message(row.id),
          conversation: decidimIds.conversation(row.conversation),
          // No author found (a group with no manager left): refused by the import, and reported.
          author: row.author === null ? '' : decidimIds.party(row.author),
          ...(row.group ? { asGroup: decidimIds.party(row.sender) } : {}),
          body: row.body,
          sentAt: Number(row.sent),
        });
      }
    },
  );

  // Each recipient has read up to the last message read before their first unread one.
  await eachPage<{ member: number; conversation: number; up_to: number }>(
    tx,
    'decidim_reads',
    `with x as (
       select r.decidim_recipient_id as member, m.decidim_conversation_id as conversation, m.id, m.created_at,
              r.read_at is not null as read
         from decidim_messaging_receipts r
         join decidim_messaging_messages m on m.id = r.decidim_message_id
         join decidim_users u on u.id = r.decidim_recipient_id and ${inOrg('u')}),
     first_unread as (select member, conversation, min(created_at) as at from x where not read group by member, conversation)
     select x.member, x.conversation, (array_agg(x.id order by x.created_at desc, x.id desc))[1] as up_to
       from x left join first_unread f on f.member = x.member and f.conversation = x.conversation
      where x.read and (f.at is null or x.created_at < f.at)
      group by x.member, x.conversation
      order by x.conversation, x.member`,
    org,
    async (rows) => {
      for (const row of rows) {
        await sink.record({
          type: 'read',
          conversation: decidimIds.conversation(row.conversation),
          member: decidimIds.party(row.member),
          upTo: decidimIds.message(row.up_to),
        });
      }
    },
  );

  await eachPage<{ id: number; blocked: boolean; deleted: boolean }>(
    tx,
    'decidim_moderation',
    `select u.id, u.blocked, u.deleted_at is not null as deleted from decidim_users u
      where u.type = '${DECIDIM_MEMBER}' and ${inOrg('u')} and (u.blocked or u.deleted_at is not null)
      order by u.id`,
    org,
    (rows) =>
      sink.moderation(
        rows.map((row) => ({ id: decidimIds.party(row.id), blocked: row.blocked, deleted: row.deleted })),
      ),
  );
}

/** A name the directory takes: Decidim empties a deleted account's name, and a name may be blank. */
function displayName(name: string | null, nickname: string | null, fallback: string): string {
  const trimmed = (name ?? '').trim();
  if (trimmed) return trimmed.slice(0, 200);
  return (nickname ?? '').trim() || fallback;
}

function memberEntry(row: {
  id: number;
  name: string;
  nickname: string | null;
  email: string | null;
  deleted: boolean;
}): MemberData {
  const id = decidimIds.party(row.id);
  if (row.deleted) return { id, name: 'Deleted member' };
  return {
    id,
    name: displayName(row.name, row.nickname, `Member ${row.id}`),
    ...(row.nickname ? { profileUrl: `/profiles/${row.nickname}` } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}
