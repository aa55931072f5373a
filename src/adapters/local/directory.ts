/**
 * The portal's directory in the local database: loading members, groups and memberships (checked
 * first, written together), changing one membership, and searching names.
 */
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { createClientId } from '../../core/ids.js';
import { isWellFormedText } from '../../core/policy.js';
import type { GroupRole, Party, PartyKind } from '../../core/types.js';
import {
  foldForSearch,
  prefixRange,
  type MemberRow,
  type MembershipRow,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { recountUnread } from './unread.js';
import { toGroup, toMember, type DirectoryCache } from './views.js';

const MAX_ID_LENGTH = 200;
const MAX_NAME_LENGTH = 200;

function invalid(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isId(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && value.trim() === value
  );
}

/**
 * Only http(s) links, absolute or relative to the portal: a `javascript:` profile link would run
 * code in the portal's page when clicked.
 */
function checkUrl(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      const url = new URL(value, 'https://portal.invalid/');
      if (url.protocol === 'https:' || url.protocol === 'http:') return value;
    } catch {
      // Falls through to the refusal.
    }
  }
  throw invalid(`${what} must be an http(s) link.`);
}

function checkEntry(value: unknown, kind: PartyKind, index: number): MemberRow {
  const what = `${kind === 'member' ? 'Member' : 'Group'} ${index + 1}`;
  if (!isRecord(value)) throw invalid(`${what} is not an object.`);
  const { id, name } = value;
  if (!isId(id))
    throw invalid(`${what} needs an id: 1 to ${MAX_ID_LENGTH} characters, no surrounding spaces.`);
  if (typeof name !== 'string' || !isWellFormedText(name) || name.trim().length === 0) {
    throw invalid(`${what} ("${id}") needs a name.`);
  }
  if (name.length > MAX_NAME_LENGTH)
    throw invalid(`${what} ("${id}") has a name over ${MAX_NAME_LENGTH} characters.`);
  const avatarUrl = checkUrl(value.avatarUrl, `The avatar of ${kind} "${id}"`);
  const profileUrl = checkUrl(value.profileUrl, `The profile link of ${kind} "${id}"`);
  const trimmed = name.trim();
  return {
    id,
    name: trimmed,
    folded: foldForSearch(trimmed),
    ...(avatarUrl === undefined ? {} : { avatarUrl }),
    ...(profileUrl === undefined ? {} : { profileUrl }),
  };
}

interface CheckedGroup {
  readonly row: MemberRow;
  readonly roles: ReadonlyMap<string, GroupRole>;
}

interface CheckedDirectory {
  readonly members: readonly MemberRow[];
  readonly groups: readonly CheckedGroup[];
  /** Member ids the groups name that are not in `members`: they must already be stored. */
  readonly referenced: ReadonlySet<string>;
}

/** Checks the shape of directory data before anything is written. */
export function checkDirectory(data: unknown): CheckedDirectory {
  if (!isRecord(data) || !Array.isArray(data.members) || !Array.isArray(data.groups)) {
    throw invalid('A directory has a list of members and a list of groups.');
  }
  const members = data.members.map((entry, i) => checkEntry(entry, 'member', i));
  const memberIds = new Set<string>();
  for (const member of members) {
    if (memberIds.has(member.id)) throw invalid(`Member "${member.id}" is listed twice.`);
    memberIds.add(member.id);
  }
  const groupIds = new Set<string>();
  const referenced = new Set<string>();
  const groups = data.groups.map((entry: unknown, i): CheckedGroup => {
    const row = checkEntry(entry, 'group', i);
    if (groupIds.has(row.id)) throw invalid(`Group "${row.id}" is listed twice.`);
    groupIds.add(row.id);
    const { managers, members: people } = entry as Record<string, unknown>;
    if (!Array.isArray(managers) || !Array.isArray(people)) {
      throw invalid(`Group "${row.id}" needs a list of managers and a list of members.`);
    }
    const roles = new Map<string, GroupRole>();
    for (const [list, role] of [
      [people, 'member'],
      [managers, 'manager'],
    ] as const) {
      for (const id of list) {
        if (!isId(id)) throw invalid(`Group "${row.id}" names a member without a valid id.`);
        // A manager is a member too; listed in both, the stronger role wins.
        roles.set(id, role);
        if (!memberIds.has(id)) referenced.add(id);
      }
    }
    return { row, roles };
  });
  return { members, groups, referenced };
}

function sameRow(a: MemberRow | undefined, b: MemberRow): boolean {
  return a !== undefined && a.name === b.name && a.avatarUrl === b.avatarUrl && a.profileUrl === b.profileUrl;
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
  if (missing.length > 0) {
    throw invalid(`Groups name members that are not in the directory: ${missing.slice(0, 5).join(', ')}.`);
  }

  const affected = new Set<string>();
  const [oldMembers, oldGroups, oldMemberships] = await Promise.all([
    Promise.all(directory.members.map((row) => membersStore.get(row.id))),
    Promise.all(directory.groups.map(({ row }) => groupsStore.get(row.id))),
    Promise.all(directory.groups.map(({ row }) => memberships.getAll(prefixRange(row.id)))),
  ]);
  directory.members.forEach((row, i) => {
    if (!sameRow(oldMembers[i], row)) affected.add(row.id);
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
      if (renamed || before.get(memberId) !== role) affected.add(memberId);
      const membership: MembershipRow = { groupId: row.id, memberId, role };
      writes.push(memberships.put(membership));
    }
    writes.push(groupsStore.put(row));
  });
  for (const row of directory.members) writes.push(membersStore.put(row));
  // Names may have changed: every cached copy, in every tab, is now out of date.
  writes.push(tx.objectStore('meta').put({ key: 'directory', value: createClientId() }));
  await Promise.all(writes);
  // Whose groups changed now sees other conversations: their unread totals are counted again.
  await Promise.all([...affected].map((memberId) => recountUnread(tx, memberId)));
  return [...affected];
}

/** Gives a member a role in a group, or removes them (`null`). Returns whether anything changed. */
export async function writeGroupRole(
  tx: WriteTx,
  groupId: unknown,
  memberId: unknown,
  role: unknown,
): Promise<boolean> {
  if (!isId(groupId) || !isId(memberId)) throw invalid('A group id and a member id are needed.');
  if (role !== null && role !== 'member' && role !== 'manager') {
    throw invalid('A role is "member", "manager", or null to remove the member from the group.');
  }
  const [group, member, current] = await Promise.all([
    tx.objectStore('groups').get(groupId),
    tx.objectStore('members').get(memberId),
    tx.objectStore('memberships').get([groupId, memberId]),
  ]);
  if (!group) throw new NotFoundError(`No group "${groupId}" is registered on this portal.`);
  if (!member) throw new NotFoundError(`No member "${memberId}" is registered on this portal.`);
  if ((current?.role ?? null) === role) return false;
  if (role === null) await tx.objectStore('memberships').delete([groupId, memberId]);
  else await tx.objectStore('memberships').put({ groupId, memberId, role });
  await recountUnread(tx, memberId);
  return true;
}

/**
 * Members and groups whose folded name contains the folded query; names starting with it come
 * first, then alphabetical. An empty query lists everyone, alphabetically. The directory is read
 * once per version (see `DirectoryCache`) and searched in memory, so typing stays quick in a
 * portal of thousands.
 */
export async function searchDirectory(
  tx: ReadTx,
  cache: DirectoryCache,
  query: string,
  limit: number,
  kind: PartyKind | undefined,
): Promise<Party[]> {
  const needle = foldForSearch(query.trim());
  const everyone = await cache.all(tx);
  const members = kind === 'group' ? [] : everyone.members;
  const groups = kind === 'member' ? [] : everyone.groups;
  const hits: { party: Party; position: number }[] = [];
  for (const [rows, toParty] of [
    [members, toMember],
    [groups, toGroup],
  ] as const) {
    for (const row of rows) {
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
