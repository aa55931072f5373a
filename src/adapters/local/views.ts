/**
 * Reading rows back as the domain's plain values, for one viewer: who they are, which parties
 * they see conversations through, and conversations and messages with names filled in.
 */
import type { ViewerFacts } from '../../core/decisions.js';
import { ForbiddenError } from '../../core/errors.js';
import { readableGroups, storedGroupReaders } from '../../core/group-readers.js';
import { erasedMessage, presentMember, viewerUnavailable } from '../../core/member-status.js';
import { viewReactions } from '../../core/message-changes.js';
import { createClientId } from '../../core/ids.js';
import { foldForSearch } from '../../core/text.js';
import {
  partyKey,
  type Conversation,
  type Group,
  type GroupId,
  type GroupReaders,
  type GroupRole,
  type Member,
  type Message,
  type PartyRef,
  type Viewer,
} from '../../core/types.js';
import {
  type ConversationRow,
  type GroupRow,
  type MemberRow,
  type MessageRow,
  type ReadRow,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { shownOf } from './read-counts.js';

/** A member as anyone sees them: a blocked or deleted one without name, avatar or link (S16, S17). */
export function toMember(row: MemberRow): Member {
  return presentMember(row, row.status);
}

export function toGroup(row: GroupRow): Group {
  return {
    kind: 'group',
    id: row.id,
    name: row.name,
    ...(row.avatarUrl === undefined ? {} : { avatarUrl: row.avatarUrl }),
    ...(row.profileUrl === undefined ? {} : { profileUrl: row.profileUrl }),
    ...(row.readers === 'managers' ? { readers: row.readers } : {}),
  };
}

/** What a request needs to know about the member it is made for: the rulebook's `ViewerFacts`, and more. */
export interface ViewerContext extends ViewerFacts {
  readonly member: MemberRow;
  /** The groups the viewer belongs to, with their role in each. */
  readonly roles: ReadonlyMap<GroupId, GroupRole>;
  /** S18: who reads the conversations of each of their groups. */
  readonly readers: ReadonlyMap<GroupId, GroupReaders>;
  /** The groups whose conversations they read (S18), and… */
  readonly readable: readonly GroupId[];
  /** …`m:<viewer>` and `g:<group>` for each of those: the inboxes they read. */
  readonly parties: readonly string[];
}

export async function loadViewerContext(tx: ReadTx, viewerId: string): Promise<ViewerContext> {
  const [member, memberships] = await Promise.all([
    tx.objectStore('members').get(viewerId),
    tx.objectStore('memberships').index('byMember').getAll(viewerId),
  ]);
  if (!member) {
    throw new ForbiddenError('not-allowed', `No member "${viewerId}" is registered on this portal.`);
  }
  // A member the moderators blocked, or one deleted, is refused as one the portal does not list.
  if (member.status !== undefined) throw viewerUnavailable();
  const roles = new Map(memberships.map((row) => [row.groupId, row.role] as const));
  const readers = await groupReaders(tx, roles.keys());
  const readable = readableGroups(roles, readers);
  const parties = [partyKey({ kind: 'member', id: viewerId })];
  for (const groupId of readable) parties.push(partyKey({ kind: 'group', id: groupId }));
  return { memberId: viewerId, member, roles, readers, readable, parties };
}

/**
 * Who reads the conversations of each of these groups (S18), as `ViewerFacts.readers` wants it:
 * every group that exists, with its setting (the stored row leaves the default out).
 */
export async function groupReaders(
  tx: ReadTx,
  groupIds: Iterable<GroupId>,
): Promise<Map<GroupId, GroupReaders>> {
  const ids = [...groupIds];
  const rows = await Promise.all(ids.map((id) => tx.objectStore('groups').get(id)));
  const readers = new Map<GroupId, GroupReaders>();
  rows.forEach((row, i) => {
    if (row) readers.set(ids[i]!, storedGroupReaders(row.readers));
  });
  return readers;
}

export async function toViewer(tx: ReadTx, context: ViewerContext): Promise<Viewer> {
  const groupRows = await Promise.all(
    [...context.roles.keys()].map((id) => tx.objectStore('groups').get(id)),
  );
  const groups = groupRows
    .filter((row): row is GroupRow => row !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(toGroup);
  return {
    member: toMember(context.member),
    groups,
    managedGroups: groups.filter((group) => context.roles.get(group.id) === 'manager'),
  };
}

/** The groups whose conversations the viewer reads, in the order of `Viewer.groups` (by name). */
export async function readableInViewerOrder(tx: ReadTx, context: ViewerContext): Promise<GroupId[]> {
  const rows = await Promise.all(context.readable.map((id) => tx.objectStore('groups').get(id)));
  return rows
    .filter((row): row is GroupRow => row !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((row) => row.id);
}

/** Most entries a `DirectoryCache` keeps; past it, it starts again, as a large portal needs. */
const CACHE_LIMIT = 5000;

/**
 * Members and groups as last read, shared by the requests of one `LocalDatabase`. Every directory
 * write (members, groups, memberships) stores a new random version in `meta`; a request reads it
 * first and the cache forgets everything when it differs. Random, not counted, so that a database
 * deleted and made again (a test, another tab's reset) cannot meet an old cache at the same number.
 *
 * It keeps the viewers' contexts too (their row, groups and the groups' readers: all directory
 * data), so that a request whose version matches reads one `meta` row instead of three stores.
 */
export class DirectoryCache {
  private version: string | undefined;
  private readonly entries = new Map<string, Member | Group>();
  private readonly viewers = new Map<string, ViewerContext>();
  /** Every member and group row, for search: read once per version instead of once a keystroke. */
  private everyone?: { readonly members: readonly MemberRow[]; readonly groups: readonly GroupRow[] };

  /** The entries valid at `version`, forgetting older ones. */
  at(version: string): Map<string, Member | Group> {
    this.sync(version);
    if (this.entries.size > CACHE_LIMIT) this.entries.clear();
    return this.entries;
  }

  /** All members and groups, from the cache when it is at the stored version. */
  async all(
    tx: ReadTx,
  ): Promise<{ readonly members: readonly MemberRow[]; readonly groups: readonly GroupRow[] }> {
    this.sync(await directoryVersion(tx));
    const version = this.version;
    if (this.everyone) return this.everyone;
    const [members, groups] = await Promise.all([
      tx.objectStore('members').getAll(),
      tx.objectStore('groups').getAll(),
    ]);
    const refold = <R extends MemberRow | GroupRow>(row: R): R => ({
      ...row,
      folded: foldForSearch(row.name),
    });
    const everyone = { members: members.map(refold), groups: groups.map(refold) };
    // Another request may have seen a newer version meanwhile; then this listing is not kept.
    if (this.version === version) this.everyone = everyone;
    return everyone;
  }

  /** The viewer's context as last read, with the version it was read at, if any. */
  lastViewer(viewerId: string): { readonly version: string; readonly context: ViewerContext } | undefined {
    const context = this.viewers.get(viewerId);
    return context && this.version !== undefined ? { version: this.version, context } : undefined;
  }

  /** The viewer's context at `version`: from the cache, or read in `tx` and kept. */
  async viewer(tx: ReadTx, version: string, viewerId: string): Promise<ViewerContext> {
    this.sync(version);
    const cached = this.viewers.get(viewerId);
    if (cached) return cached;
    const context = await loadViewerContext(tx, viewerId);
    // Another request may have seen a newer version meanwhile; then this context is not kept.
    if (this.version === version) this.viewers.set(viewerId, context);
    return context;
  }

  private sync(version: string): void {
    if (this.version === version) return;
    this.version = version;
    this.entries.clear();
    this.viewers.clear();
    this.everyone = undefined;
  }
}

/**
 * Every directory write (members, groups, memberships, moderation, acceptance) stamps a new
 * version: names, links and viewers' contexts cached from the old one, in every tab, are stale.
 */
export async function directoryChanged(tx: WriteTx): Promise<void> {
  await tx.objectStore('meta').put({ key: 'directory', value: createClientId() });
}

export async function directoryVersion(tx: ReadTx): Promise<string> {
  const row = await tx.objectStore('meta').get('directory');
  return typeof row?.value === 'string' ? row.value : '';
}

/**
 * Looks up members and groups once each, however many rows name them. Ids are gathered first
 * and fetched together, so that a page costs one round of parallel reads, not one per row; what
 * the shared cache holds at the current directory version is not read at all.
 */
export class DirectoryLookup {
  private readonly members = new Map<string, Member>();
  private readonly groups = new Map<string, Group>();

  /** `version`: the directory's version, when the request has read it already in `tx`. */
  constructor(
    private readonly tx: ReadTx,
    private readonly cache: DirectoryCache,
    private readonly version?: string,
  ) {}

  async load(refs: Iterable<PartyRef>): Promise<void> {
    const shared = this.cache.at(this.version ?? (await directoryVersion(this.tx)));
    const wanted: PartyRef[] = [];
    const seen = new Set<string>();
    for (const ref of refs) {
      const key = partyKey(ref);
      const local = ref.kind === 'member' ? this.members : this.groups;
      if (local.has(ref.id)) continue;
      const cached = shared.get(key);
      if (cached?.kind === 'member') this.members.set(ref.id, cached);
      else if (cached?.kind === 'group') this.groups.set(ref.id, cached);
      else if (!seen.has(key)) {
        seen.add(key);
        wanted.push(ref);
      }
    }
    const rows = await Promise.all(
      wanted.map((ref) => this.tx.objectStore(ref.kind === 'member' ? 'members' : 'groups').get(ref.id)),
    );
    wanted.forEach((ref, i) => {
      const row = rows[i];
      const fallback = { id: ref.id, name: ref.id, folded: ref.id };
      const party = ref.kind === 'member' ? toMember(row ?? fallback) : toGroup(row ?? fallback);
      if (party.kind === 'member') this.members.set(ref.id, party);
      else this.groups.set(ref.id, party);
      // A party that does not exist is not remembered: it may be added later at this version.
      if (row) shared.set(partyKey(ref), party);
    });
  }

  member(id: string): Member {
    return this.members.get(id) ?? { kind: 'member', id, name: id };
  }

  group(id: string): Group {
    return this.groups.get(id) ?? { kind: 'group', id, name: id };
  }

  party(ref: PartyRef): Member | Group {
    return ref.kind === 'member' ? this.member(ref.id) : this.group(ref.id);
  }
}

export function messageRefs(row: MessageRow): PartyRef[] {
  const refs: PartyRef[] = [{ kind: 'member', id: row.authorId }];
  if (row.onBehalfOf !== undefined) refs.push({ kind: 'group', id: row.onBehalfOf });
  for (const reaction of row.reactions ?? []) refs.push({ kind: 'member', id: reaction.memberId });
  return refs;
}

/** A message as `viewerId` sees it: names filled in, their own reactions marked (S26). */
export function toMessage(row: MessageRow, directory: DirectoryLookup, viewerId: string): Message {
  const reactions = viewReactions(
    (row.reactions ?? []).map(({ emoji, memberId }) => ({ emoji, member: directory.member(memberId) })),
    viewerId,
  );
  const message: Message = {
    id: row.id,
    conversationId: row.conversationId,
    clientId: row.clientId,
    author: directory.member(row.authorId),
    ...(row.onBehalfOf === undefined ? {} : { onBehalfOf: directory.group(row.onBehalfOf) }),
    body: row.body,
    sentAt: row.sentAt,
    ...(row.editedAt === undefined ? {} : { editedAt: row.editedAt }),
    ...(row.deleted ? { deleted: true as const } : {}),
    ...(reactions.length > 0 ? { reactions } : {}),
    ...(row.system === undefined ? {} : { system: row.system }),
  };
  return row.deleted ? erasedMessage(message) : message;
}

/** Messages as the contract gives them, names filled in: one round of directory reads for all. */
export async function viewMessages(
  tx: ReadTx,
  cache: DirectoryCache,
  rows: readonly MessageRow[],
  viewerId: string,
  version?: string,
): Promise<Message[]> {
  const directory = new DirectoryLookup(tx, cache, version);
  await directory.load(rows.flatMap(messageRefs));
  return rows.map((row) => toMessage(row, directory, viewerId));
}

export function toConversation(
  row: ConversationRow,
  read: ReadRow | undefined,
  directory: DirectoryLookup,
  viewerId: string,
): Conversation {
  return {
    id: row.id,
    participants: row.participants.map((ref) => directory.party(ref)),
    startedBy: { kind: row.startedBy.kind, id: row.startedBy.id },
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    lastMessage: toMessage(row.last, directory, viewerId),
    unreadCount: shownOf(row.lastSeq, read),
    ...(read?.muted ? { muted: true } : {}),
  };
}

/** Turns conversation rows into what the viewer sees: names, last message, their unread count. */
export async function viewConversations(
  tx: ReadTx,
  cache: DirectoryCache,
  viewerId: string,
  rows: readonly ConversationRow[],
  version?: string,
): Promise<Conversation[]> {
  const directory = new DirectoryLookup(tx, cache, version);
  const reads = tx.objectStore('reads');
  const [readRows] = await Promise.all([
    Promise.all(rows.map((row) => reads.get([viewerId, row.id]))),
    directory.load(rows.flatMap((row) => [...row.participants, ...messageRefs(row.last)])),
  ]);
  return rows.map((row, i) => toConversation(row, readRows[i], directory, viewerId));
}
