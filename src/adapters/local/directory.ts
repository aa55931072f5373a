/**
 * The portal's directory in the local database: loading members, groups and memberships (checked
 * first, written together), changing one membership, and searching names.
 */
import { partyNotFound } from '../../core/decisions.js';
import { memberGone } from '../../core/member-status.js';
import { parseDirectory, parseGroupRoleChange, unknownMembersError } from '../../core/directory.js';
import type { SearchRequest } from '../../core/search.js';
import { foldForSearch } from '../../core/text.js';
import type { GroupRole, Party } from '../../core/types.js';
import {
  prefixRange,
  type GroupRow,
  type MemberRow,
  type MembershipRow,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { recountUnread } from './unread.js';
import { directoryChanged, toGroup, toMember, type DirectoryCache } from './views.js';

interface CheckedGroup {
  readonly row: GroupRow;
  readonly roles: ReadonlyMap<string, GroupRole>;
}

interface CheckedDirectory {
  /** `follows` is absent when the data did not list them: the stored ones are kept. */
  readonly members: readonly MemberRow[];
  readonly groups: readonly CheckedGroup[];
  /** Member ids the groups name that are not in `members`: they must already be stored. */
  readonly referenced: ReadonlySet<string>;
}

function toRow(entry: {
  id: string;
  name: string;
  avatarUrl?: string;
  profileUrl?: string;
  follows?: readonly string[];
}): MemberRow {
  return {
    id: entry.id,
    name: entry.name,
    folded: foldForSearch(entry.name),
    ...(entry.avatarUrl === undefined ? {} : { avatarUrl: entry.avatarUrl }),
    ...(entry.profileUrl === undefined ? {} : { profileUrl: entry.profileUrl }),
    ...(entry.follows === undefined ? {} : { follows: entry.follows }),
  };
}

/**
 * Parses directory data with the rulebook (`parseDirectory`) and turns it into rows, before
 * anything is written. Emails are dropped: a browser sends none.
 */
export function checkDirectory(data: unknown): CheckedDirectory {
  const parsed = parseDirectory(data);
  return {
    members: parsed.members.map(toRow),
    groups: parsed.groups.map((group) => ({
      row: group.readers === 'managers' ? { ...toRow(group), readers: group.readers } : toRow(group),
      roles: group.roles,
    })),
    referenced: parsed.referenced,
  };
}

function sameRow(a: MemberRow | GroupRow | undefined, b: MemberRow | GroupRow): boolean {
  return (
    a !== undefined &&
    a.name === b.name &&
    a.avatarUrl === b.avatarUrl &&
    a.profileUrl === b.profileUrl &&
    ('readers' in a ? a.readers : undefined) === ('readers' in b ? b.readers : undefined)
  );
}

/**
 * Writes checked directory data: members and groups are added or replaced; each listed group's
 * memberships become exactly those listed. Returns the members whose view changed (their record,
 * a group of theirs, or their memberships), for `viewer-changed`.
 */
export async function writeDirectory(tx: WriteTx, directory: CheckedDirectory): Promise<string[]> {
  const membersStore = tx.objectStore('members');
  const groupsStore = tx.objectStore('groups');
  const memberships = tx.objectStore('memberships');
  const missing = (
    await Promise.all([...directory.referenced].map(async (id) => ((await membersStore.get(id)) ? null : id)))
  ).filter((id): id is string => id !== null);
  if (missing.length > 0) throw unknownMembersError(missing);

  const affected = new Set<string>();
  const [oldMembers, oldGroups, oldMemberships] = await Promise.all([
    Promise.all(directory.members.map((row) => membersStore.get(row.id))),
    Promise.all(directory.groups.map(({ row }) => groupsStore.get(row.id))),
    Promise.all(directory.groups.map(({ row }) => memberships.getAll(prefixRange(row.id)))),
  ]);
  // A deletion cannot be undone (S17): a deleted member listed again stays as they are, in no group.
  const deleted = new Set(oldMembers.filter((row) => row?.status === 'deleted').map((row) => row!.id));
  const blocked = new Map(
    oldMembers.filter((row) => row?.status === 'blocked').map((row) => [row!.id, row!] as const),
  );
  for (const id of directory.referenced) {
    if ((await membersStore.get(id))?.status === 'deleted') deleted.add(id);
  }
  directory.members.forEach((row, i) => {
    if (!deleted.has(row.id) && !sameRow(oldMembers[i], row)) affected.add(row.id);
  });
  const writes: Promise<unknown>[] = [];
  directory.groups.forEach(({ row, roles }, i) => {
    const renamed = !sameRow(oldGroups[i], row);
    const before = new Map(oldMemberships[i]!.map((m) => [m.memberId, m.role] as const));
    for (const [memberId, role] of before) {
      if (renamed || roles.get(memberId) !== role) affected.add(memberId);
      if (!roles.has(memberId)) writes.push(memberships.delete([row.id, memberId]));
    }
    for (const [memberId, role] of roles) {
      if (deleted.has(memberId)) continue;
      if (renamed || before.get(memberId) !== role) affected.add(memberId);
      const membership: MembershipRow = { groupId: row.id, memberId, role };
      writes.push(memberships.put(membership));
    }
    writes.push(groupsStore.put(row));
  });
  directory.members.forEach((row, i) => {
    if (deleted.has(row.id)) return;
    // Follows not listed are kept; an empty list is stored as none.
    const follows = row.follows ?? oldMembers[i]?.follows ?? [];
    const { follows: _listed, ...rest } = row;
    const kept = follows.length > 0 ? { ...rest, follows } : rest;
    // A moderator's block stays until unblocked, whatever the portal's directory says of the rest.
    writes.push(membersStore.put(blocked.has(row.id) ? { ...kept, status: 'blocked' } : kept));
  });
  // Names may have changed: every cached copy, in every tab, is now out of date.
  writes.push(directoryChanged(tx));
  await Promise.all(writes);
  // Whose groups changed now sees other conversations: their unread totals are counted again.
  // Unless there is no conversation yet (a portal's first directory, the demo's seed): then every
  // total is zero, which is what a member without a row reads, and counting would only write
  // zeros, a few reads each for every member listed.
  if (affected.size > 0 && (await tx.objectStore('conversations').count()) > 0) {
    await Promise.all([...affected].map((memberId) => recountUnread(tx, memberId)));
  }
  return [...affected];
}

/** Gives a member a role in a group, or removes them (`null`). Returns whether anything changed. */
export async function writeGroupRole(
  tx: WriteTx,
  groupIdInput: unknown,
  memberIdInput: unknown,
  roleInput: unknown,
): Promise<boolean> {
  const { groupId, memberId, role } = parseGroupRoleChange(groupIdInput, memberIdInput, roleInput);
  const [group, member, current] = await Promise.all([
    tx.objectStore('groups').get(groupId),
    tx.objectStore('members').get(memberId),
    tx.objectStore('memberships').get([groupId, memberId]),
  ]);
  if (!group) throw partyNotFound({ kind: 'group', id: groupId });
  if (!member) throw partyNotFound({ kind: 'member', id: memberId });
  if (member.status === 'deleted') throw memberGone();
  if ((current?.role ?? null) === role) return false;
  if (role === null) await tx.objectStore('memberships').delete([groupId, memberId]);
  else await tx.objectStore('memberships').put({ groupId, memberId, role });
  // Which inboxes the member reads changed: their cached context, in every tab, is out of date.
  await directoryChanged(tx);
  await recountUnread(tx, memberId);
  return true;
}

/**
 * Members and groups whose folded name contains the folded query; names starting with it come
 * first, then alphabetical. An empty query lists everyone, alphabetically. The directory is read
 * once per version (see `DirectoryCache`) and searched in memory, so typing stays quick in a
 * portal of thousands. Names are folded by the cache with today's `foldForSearch`, not read from
 * the rows' stored `folded`, so a database written by an older version searches the same way.
 */
export async function searchDirectory(
  tx: ReadTx,
  cache: DirectoryCache,
  request: SearchRequest,
): Promise<Party[]> {
  const { folded: needle, kind, limit } = request;
  const everyone = await cache.all(tx);
  const members = kind === 'group' ? [] : everyone.members;
  const groups = kind === 'member' ? [] : everyone.groups;
  const hits: { party: Party; position: number }[] = [];
  for (const [rows, toParty] of [
    [members, toMember],
    [groups, toGroup],
  ] as const) {
    for (const row of rows) {
      // Blocked and deleted members are never found (S16, S17).
      if ('status' in row && row.status !== undefined) continue;
      const position = row.folded.indexOf(needle);
      if (position >= 0) hits.push({ party: toParty(row), position });
    }
  }
  hits.sort(
    (a, b) =>
      Number(a.position !== 0) - Number(b.position !== 0) ||
      a.party.name.localeCompare(b.party.name) ||
      a.party.kind.localeCompare(b.party.kind),
  );
  return hits.slice(0, limit).map((hit) => hit.party);
}
