/**
 * S18: who in a group reads its conversations. Every member of the group (the default, and what
 * a portal without the setting has always had), or its managers only (what Decidim does). A
 * member who does not read a group's conversations is, for them, exactly a member who left the
 * group: the conversations are not in their list, not found when named, and no event or email
 * tells them anything more.
 */
import { ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import { isRecord } from './text.js';
import type { GroupId, GroupReaders, GroupRole } from './types.js';

export const DEFAULT_GROUP_READERS: GroupReaders = 'members';

/** True for the two settings a group may have. */
export function isGroupReaders(value: unknown): value is GroupReaders {
  return value === 'members' || value === 'managers';
}

/**
 * Does someone with this role in a group (`undefined`: not in it) read its conversations, when
 * the group's setting is `readers`? A manager always does. A setting that is not known
 * (`undefined`: the facts lack it) counts as managers only: missing facts never widen who reads.
 * A backend that stores the default as an absent field says so with `storedGroupReaders`.
 */
export function readsGroup(role: GroupRole | undefined, readers: GroupReaders | undefined): boolean {
  if (role === undefined) return false;
  return role === 'manager' || readers === 'members';
}

/** A group's setting as stored, where the default (`'members'`) may be left out. */
export function storedGroupReaders(stored: GroupReaders | null | undefined): GroupReaders {
  return stored ?? DEFAULT_GROUP_READERS;
}

/**
 * The groups, among those the member belongs to, whose conversations they read; `readers` holds
 * the setting of each of them (one missing from it is read by its managers only, see `readsGroup`).
 */
export function readableGroups(
  roles: ReadonlyMap<GroupId, GroupRole>,
  readers: ReadonlyMap<GroupId, GroupReaders>,
): GroupId[] {
  return [...roles].filter(([id, role]) => readsGroup(role, readers.get(id))).map(([id]) => id);
}

export interface GroupReadersChange {
  readonly groupId: GroupId;
  readonly readers: GroupReaders;
}

/** `setGroupReaders(groupId, readers)`: a valid group id, and `'members'` or `'managers'`. */
export function parseGroupReadersChange(groupId: unknown, readers: unknown): GroupReadersChange {
  if (!isValidId(groupId)) {
    throw new ValidationError('bad-id', 'That group id is not valid.', { field: 'request' });
  }
  if (!isGroupReaders(readers)) {
    throw new ValidationError(
      'bad-request',
      'Who reads a group\'s conversations is "members" (every member) or "managers" (managers only).',
      { field: 'request' },
    );
  }
  return { groupId, readers };
}

/** `listConversations({ group })`: the filter of S18, a valid group id or nothing. */
export function parseGroupFilter(value: unknown): GroupId | undefined {
  if (value === undefined) return undefined;
  if (!isValidId(value)) {
    throw new ValidationError('bad-id', 'That group id is not valid.', { field: 'request' });
  }
  return value;
}

/** `getUnreadSummary({ byGroup })`: whether to count per group too; a boolean or nothing. */
export function parseUnreadSummaryRequest(options: unknown): boolean {
  if (options === undefined) return false;
  if (!isRecord(options)) {
    throw new ValidationError('bad-request', 'The request options must be an object.', { field: 'request' });
  }
  const { byGroup } = options;
  if (byGroup !== undefined && typeof byGroup !== 'boolean') {
    throw new ValidationError('bad-request', 'byGroup is true or false.', { field: 'request' });
  }
  return byGroup === true;
}
