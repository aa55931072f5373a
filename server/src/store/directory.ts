/**
 * The portal's directory (members, groups, roles) as the server keeps it: looked up by members,
 * loaded and changed by the portal through the admin API.
 */
import {
  NotFoundError,
  ValidationError,
  memberGone,
  parseDirectory,
  parseGroupRoleChange,
  parseSearchRequest,
  unknownMembersError,
  type GroupRole,
  type Party,
  type Viewer,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { writeFollows } from './acceptance.js';
import { addEvents } from './fan-out.js';
import { isRecord, searchKey, toGroup, toMember, toParty, type PartyRow } from './rows.js';

export async function getViewer(q: Queryable, memberId: string): Promise<Viewer> {
  const members = await q.query<PartyRow>(
    `select 'member' as kind, id, name, avatar_url, profile_url from members where id = $1`,
    [memberId],
  );
  if (members.length === 0) throw new NotFoundError('This member is not in the directory.');
  const groups = await q.query<PartyRow & { role: GroupRole }>(
    `select 'group' as kind, g.id, g.name, g.avatar_url, g.profile_url, g.readers, gm.role
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

export async function searchDirectory(
  db: Database,
  query: unknown,
  limitInput: unknown,
  kind: unknown,
): Promise<Party[]> {
  const { folded, limit, kind: only } = parseSearchRequest(query, { limit: limitInput, kind });
  const pattern = `%${folded.replace(/[\\%_]/g, '\\$&')}%`;
  const parts: string[] = [];
  if (only !== 'group') {
    parts.push(
      // Blocked and deleted members are never found (S16, S17).
      `select 'member' as kind, id, name, avatar_url, profile_url, null as readers from members
        where search_key like $1 and status is null`,
    );
  }
  if (only !== 'member') {
    parts.push(
      `select 'group' as kind, id, name, avatar_url, profile_url, readers from groups where search_key like $1`,
    );
  }
  const rows = await db.query<PartyRow>(`${parts.join(' union all ')} order by name, kind, id limit $2`, [
    pattern,
    limit,
  ]);
  return rows.map(toParty);
}

export async function getParty(db: Database, ref: unknown): Promise<Party> {
  if (!isRecord(ref) || (ref.kind !== 'member' && ref.kind !== 'group') || typeof ref.id !== 'string') {
    throw new ValidationError('bad-recipient', 'Name a member or a group.', { field: 'recipients' });
  }
  const table = ref.kind === 'member' ? 'members' : 'groups';
  const rows = await db.query<PartyRow>(
    `select $2::text as kind, id, name, avatar_url, profile_url,
            ${ref.kind === 'member' ? 'status' : 'readers'} from ${table} where id = $1`,
    [ref.id, ref.kind],
  );
  if (rows.length === 0) throw new NotFoundError(`There is no such ${ref.kind}.`);
  return toParty(rows[0]);
}

export async function loadDirectory(
  db: Database,
  space: string,
  input: unknown,
): Promise<{ members: number; groups: number }> {
  const directory = parseDirectory(input);
  return db.transaction(async (tx) => {
    for (const member of directory.members) {
      await tx.query(
        `insert into members (id, name, search_key, avatar_url, profile_url, email, locale)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (id) do update set name = excluded.name, search_key = excluded.search_key,
             avatar_url = excluded.avatar_url, profile_url = excluded.profile_url,
             email = coalesce(excluded.email, members.email),
             locale = coalesce(excluded.locale, members.locale)
           -- a deletion cannot be undone (S17); a moderator's block stays (status is not touched)
           where members.status is distinct from 'deleted'`,
        [
          member.id,
          member.name,
          searchKey(member.name),
          member.avatarUrl ?? null,
          member.profileUrl ?? null,
          member.email ?? null,
          member.locale ?? null,
        ],
      );
    }
    const unknownFollowed = await writeFollows(tx, directory.members);
    if (unknownFollowed.length > 0) throw unknownMembersError(unknownFollowed);
    const changed = new Set<string>();
    for (const group of directory.groups) {
      const [previous] = await tx.query<{ readers: string }>('select readers from groups where id = $1', [
        group.id,
      ]);
      await tx.query(
        `insert into groups (id, name, search_key, avatar_url, profile_url, readers) values ($1, $2, $3, $4, $5, $6)
           on conflict (id) do update set name = excluded.name, search_key = excluded.search_key,
             avatar_url = excluded.avatar_url, profile_url = excluded.profile_url, readers = excluded.readers`,
        [
          group.id,
          group.name,
          searchKey(group.name),
          group.avatarUrl ?? null,
          group.profileUrl ?? null,
          group.readers,
        ],
      );
      const readersChanged = previous !== undefined && previous.readers !== group.readers;
      // A deleted member belongs to no group, whatever the data says (S17).
      const gone = new Set(
        (
          await tx.query<{ id: string }>(
            `select id from members where id = any($1::text[]) and status = 'deleted'`,
            [[...group.roles.keys()]],
          )
        ).map((row) => row.id),
      );
      const roles = new Map([...group.roles].filter(([id]) => !gone.has(id)));
      const missing = await tx.query<{ id: string }>(
        `select id from unnest($1::text[]) as t(id) where id not in (select id from members)`,
        [[...roles.keys()]],
      );
      if (missing.length) throw unknownMembersError(missing.map((row) => row.id));
      const before = await tx.query<{ member_id: string; role: GroupRole }>(
        'select member_id, role from group_members where group_id = $1',
        [group.id],
      );
      const old = new Map(before.map((row) => [row.member_id, row.role]));
      for (const [id, role] of roles) if (readersChanged || old.get(id) !== role) changed.add(id);
      for (const id of old.keys()) if (!roles.has(id)) changed.add(id);
      await tx.query('delete from group_members where group_id = $1', [group.id]);
      await tx.query(
        `insert into group_members (group_id, member_id, role)
           select $1, id, role from unnest($2::text[], $3::text[]) as t(id, role)`,
        [group.id, [...roles.keys()], [...roles.values()]],
      );
    }
    await addEvents(tx, space, [...changed], 'viewer-changed', null, null);
    return { members: directory.members.length, groups: directory.groups.length };
  });
}

export async function setGroupRole(
  db: Database,
  space: string,
  groupId: string,
  memberId: string,
  role: unknown,
): Promise<void> {
  const change = parseGroupRoleChange(groupId, memberId, role);
  await db.transaction(async (tx) => {
    const group = await tx.query('select 1 from groups where id = $1', [change.groupId]);
    const member = await tx.query<{ status: string | null }>('select status from members where id = $1', [
      change.memberId,
    ]);
    if (group.length === 0 || member.length === 0) throw new NotFoundError('No such group or member.');
    if (member[0].status === 'deleted') throw memberGone();
    const changed =
      change.role === null
        ? await tx.query('delete from group_members where group_id = $1 and member_id = $2 returning 1', [
            change.groupId,
            change.memberId,
          ])
        : await tx.query(
            `insert into group_members (group_id, member_id, role) values ($1, $2, $3)
               on conflict (group_id, member_id) do update set role = excluded.role
               where group_members.role <> excluded.role returning 1`,
            [change.groupId, change.memberId, change.role],
          );
    if (changed.length > 0) await addEvents(tx, space, [change.memberId], 'viewer-changed', null, null);
  });
}
