/**
 * The rules of the portal's directory data (members, groups, memberships), as every backend
 * loads it: the local backend's `loadDirectory` and the server's admin API parse it here, in
 * full, before anything is written. Bad data is refused with a `ValidationError`
 * (`bad-request`, field `request`) whose message names the entry.
 *
 * Decided once:
 * - **both lists are required** (`{ members: [], groups: [] }`), and an entry takes only its
 *   documented keys (plus `kind`, so that a `Party` can be passed back): a misspelt key such as
 *   `manager` is refused instead of silently loading a group without managers;
 * - **ids** follow `isValidId`: surrounding spaces are refused, not trimmed (" ana" would then
 *   be a second key for the portal's "ana");
 * - **names** are trimmed, 1 to `LIMITS.maxNameLength` code points, not only invisible characters;
 * - **links** (`avatarUrl`, `profileUrl`) are absolute `http:`/`https:` URLs, or paths from the
 *   portal's root (`/avatars/ana.png`): the elements render on the portal's own pages, where a
 *   root path means the portal. Document-relative paths (`img/a.png`, which would point somewhere
 *   else on every page) and protocol-relative ones (`//other.site/…`) are refused, as is any
 *   other scheme (`javascript:`, `data:`);
 * - **email** is optional, one address (`local@domain`, no spaces), at most
 *   `LIMITS.maxEmailLength`; a backend that sends no email (the local one) ignores it;
 * - **follows** (S14) are optional per member: a list of other members' ids, duplicates dropped;
 * - **locale** is optional, a well-formed BCP 47 language tag (`de`, `pt-BR`), kept in its
 *   canonical form: the language the member's emails are written in (S22). A tag the backend
 *   has no strings for falls back to the portal's default, never refused (a portal's members may
 *   speak languages the elements do not ship);
 * - a manager listed among the members too is a manager; an entry listed twice is refused; a
 *   group may name members loaded earlier (`referenced`: the backend checks they exist).
 */
import { ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import { LIMITS } from './limits.js';
import { codePointLength, isInvisibleText, isRecord, isStorableText } from './text.js';
import { DEFAULT_GROUP_READERS, isGroupReaders } from './group-readers.js';
import type { GroupId, GroupReaders, GroupRole, MemberId, PartyKind } from './types.js';

function invalid(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

export interface DirectoryEntry {
  readonly id: string;
  /** Trimmed. */
  readonly name: string;
  readonly avatarUrl?: string;
  readonly profileUrl?: string;
}

export interface DirectoryMemberEntry extends DirectoryEntry {
  readonly email?: string;
  /**
   * S14: whom this member follows. When given, the member's follows become exactly these; when
   * absent, a backend keeps the follows it holds (as a group not listed keeps its members).
   */
  readonly follows?: readonly MemberId[];
  /** Canonical BCP 47 tag (`Intl.getCanonicalLocales`). */
  readonly locale?: string;
}

export interface DirectoryGroupEntry extends DirectoryEntry {
  /** Every member of the group with their role; a manager is a member too. */
  readonly roles: ReadonlyMap<MemberId, GroupRole>;
  /** S18: who reads its conversations (`'members'` when the data leaves it out). */
  readonly readers: GroupReaders;
}

export interface ParsedDirectory {
  readonly members: readonly DirectoryMemberEntry[];
  readonly groups: readonly DirectoryGroupEntry[];
  /** Member ids the groups (or follows) name that are not in `members`: they must already be stored. */
  readonly referenced: ReadonlySet<MemberId>;
}

const MEMBER_KEYS = ['kind', 'id', 'name', 'avatarUrl', 'profileUrl', 'email', 'follows', 'locale'];
const GROUP_KEYS = ['kind', 'id', 'name', 'avatarUrl', 'profileUrl', 'readers', 'managers', 'members'];
const EMAIL = /^[^\s@]+@[^\s@]+$/u;

/** True when the link is one the elements may render (see the module's notes). */
export function isDirectoryUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.maxUrlLength) return false;
  if (!isStorableText(value) || /\s/u.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function parseUrl(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDirectoryUrl(value)) {
    throw invalid(`${what} must be an http(s) URL or a path from the portal's root.`);
  }
  return value;
}

function parseEntry(value: unknown, kind: PartyKind, index: number): DirectoryEntry {
  const what = `${kind === 'member' ? 'Member' : 'Group'} ${index + 1}`;
  if (!isRecord(value)) throw invalid(`${what} is not an object.`);
  const unknown = Object.keys(value).filter(
    (key) => value[key] !== undefined && !(kind === 'member' ? MEMBER_KEYS : GROUP_KEYS).includes(key),
  );
  if (unknown.length > 0) throw invalid(`${what} has unknown fields: ${unknown.join(', ')}.`);
  if (value.kind !== undefined && value.kind !== kind) throw invalid(`${what} is listed as a ${kind}.`);
  const { id, name } = value;
  if (!isValidId(id)) {
    throw invalid(`${what} needs an id: 1 to ${LIMITS.maxIdLength} characters, no surrounding spaces.`);
  }
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (typeof name !== 'string' || !isStorableText(trimmed) || isInvisibleText(trimmed)) {
    throw invalid(`${what} ("${id}") needs a name.`);
  }
  if (codePointLength(trimmed) > LIMITS.maxNameLength) {
    throw invalid(`${what} ("${id}") has a name over ${LIMITS.maxNameLength} characters.`);
  }
  const avatarUrl = parseUrl(value.avatarUrl, `The avatar of ${kind} "${id}"`);
  const profileUrl = parseUrl(value.profileUrl, `The profile link of ${kind} "${id}"`);
  return {
    id,
    name: trimmed,
    ...(avatarUrl === undefined ? {} : { avatarUrl }),
    ...(profileUrl === undefined ? {} : { profileUrl }),
  };
}

function parseEmail(value: unknown, id: string): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    value.length > LIMITS.maxEmailLength ||
    !isStorableText(value) ||
    !EMAIL.test(value)
  ) {
    throw invalid(`The email of member "${id}" must be one address.`);
  }
  return value;
}

/** A member's follows: absent, or a list of valid member ids, not their own, each once. */
function parseFollows(value: unknown, id: string): MemberId[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > LIMITS.maxDirectoryEntries) {
    throw invalid(`The follows of member "${id}" must be a list of member ids.`);
  }
  const follows = [...(value as unknown[])];
  if (!follows.every(isValidId)) throw invalid(`Member "${id}" follows a member without a valid id.`);
  if (follows.includes(id)) throw invalid(`Member "${id}" cannot follow themselves.`);
  return [...new Set(follows)];
}

/** The longest language tag taken: far more than any real one (`zh-Hant-TW-u-nu-hanidec`). */
const MAX_LOCALE_LENGTH = 35;

/** A member's language, as a canonical BCP 47 tag; anything else is refused with the member's id. */
export function parseLocale(value: unknown, id: string): string | undefined {
  if (value === undefined) return undefined;
  const refused = () => invalid(`The locale of member "${id}" must be a language tag such as "de".`);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LOCALE_LENGTH) throw refused();
  if (!/^[A-Za-z0-9-]+$/.test(value)) throw refused();
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    throw refused();
  }
}

/** Parses directory data in full; throws before anything could be written. */
export function parseDirectory(data: unknown): ParsedDirectory {
  if (!isRecord(data) || !Array.isArray(data.members) || !Array.isArray(data.groups)) {
    throw invalid('A directory has a list of members and a list of groups.');
  }
  const extra = Object.keys(data).filter(
    (key) => data[key] !== undefined && key !== 'members' && key !== 'groups',
  );
  if (extra.length > 0) throw invalid(`A directory has members and groups only, not ${extra.join(', ')}.`);
  const { members: rawMembers, groups: rawGroups } = data as { members: unknown[]; groups: unknown[] };
  if (rawMembers.length + rawGroups.length > LIMITS.maxDirectoryEntries) {
    throw invalid(`Load at most ${LIMITS.maxDirectoryEntries} members and groups at once.`);
  }
  const memberIds = new Set<string>();
  const referenced = new Set<string>();
  const members = [...rawMembers].map((raw, i): DirectoryMemberEntry => {
    const entry = parseEntry(raw, 'member', i);
    if (memberIds.has(entry.id)) throw invalid(`Member "${entry.id}" is listed twice.`);
    memberIds.add(entry.id);
    const email = parseEmail((raw as Record<string, unknown>).email, entry.id);
    const follows = parseFollows((raw as Record<string, unknown>).follows, entry.id);
    const locale = parseLocale((raw as Record<string, unknown>).locale, entry.id);
    return {
      ...entry,
      ...(email === undefined ? {} : { email }),
      ...(follows === undefined ? {} : { follows }),
      ...(locale === undefined ? {} : { locale }),
    };
  });
  for (const member of members) {
    for (const id of member.follows ?? []) if (!memberIds.has(id)) referenced.add(id);
  }
  const groupIds = new Set<string>();
  const groups = [...rawGroups].map((raw, i): DirectoryGroupEntry => {
    const entry = parseEntry(raw, 'group', i);
    if (groupIds.has(entry.id)) throw invalid(`Group "${entry.id}" is listed twice.`);
    groupIds.add(entry.id);
    const { managers, members: people, readers } = raw as Record<string, unknown>;
    if (readers !== undefined && !isGroupReaders(readers)) {
      throw invalid(`Group "${entry.id}": readers is "members" or "managers".`);
    }
    if (!Array.isArray(managers) || !Array.isArray(people)) {
      throw invalid(`Group "${entry.id}" needs a list of managers and a list of members.`);
    }
    const roles = new Map<string, GroupRole>();
    for (const [list, role] of [
      [people, 'member'],
      [managers, 'manager'],
    ] as const) {
      for (const id of [...list]) {
        if (!isValidId(id)) throw invalid(`Group "${entry.id}" names a member without a valid id.`);
        // A manager is a member too; listed in both, the stronger role wins.
        roles.set(id, role);
        if (!memberIds.has(id)) referenced.add(id);
      }
    }
    return { ...entry, roles, readers: readers ?? DEFAULT_GROUP_READERS };
  });
  return { members, groups, referenced };
}

/** The refusal when groups (or follows) name members the backend does not hold (at most five are named). */
export function unknownMembersError(ids: readonly MemberId[]): ValidationError {
  return invalid(
    `Groups or follows name members that are not in the directory: ${ids.slice(0, 5).join(', ')}.`,
  );
}

export interface GroupRoleChange {
  readonly groupId: GroupId;
  readonly memberId: MemberId;
  /** `null`: removed from the group. */
  readonly role: GroupRole | null;
}

/** `setGroupRole(groupId, memberId, role)`: two valid ids and `'member'`, `'manager'` or `null`. */
export function parseGroupRoleChange(groupId: unknown, memberId: unknown, role: unknown): GroupRoleChange {
  if (!isValidId(groupId) || !isValidId(memberId)) throw invalid('A group id and a member id are needed.');
  if (role !== null && role !== 'member' && role !== 'manager') {
    throw invalid('A role is "member", "manager", or null to remove the member from the group.');
  }
  return { groupId, memberId, role };
}
