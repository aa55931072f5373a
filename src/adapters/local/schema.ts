/**
 * The local backend's IndexedDB layout: rows as stored, the keys they are found by, and the
 * upgrade that creates them. Rows hold ids, not copies of members or groups, so that a directory
 * change (a new name) shows everywhere at once; they are turned into domain values on the way out.
 */
import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { ConversationFacts } from '../../core/decisions.js';
import type { StoredMessageFacts } from '../../core/message-decisions.js';
import { searchWords } from '../../core/search.js';
import type {
  GroupReaders,
  GroupRole,
  MemberStatus,
  NotificationSettings,
  PartyRef,
  Report,
} from '../../core/types.js';

export { SCHEMA_VERSION } from './schema-version.js';

export interface MemberRow {
  readonly id: string;
  readonly name: string;
  readonly avatarUrl?: string;
  readonly profileUrl?: string;
  /**
   * The name folded for search when it was written (`foldForSearch` of core/text). Search folds
   * names again when it reads them, so this stays only for the rows' shape.
   */
  readonly folded: string;
  /** S14: whom this member follows (member ids); absent on groups and on members who follow nobody. */
  readonly follows?: readonly string[];
  /** S16, S17: blocked by the moderators (the rest kept), or deleted (the rest erased for good). */
  readonly status?: MemberStatus;
}

export interface GroupRow extends Omit<MemberRow, 'status'> {
  /** S18: absent means every member reads the group's conversations. */
  readonly readers?: GroupReaders;
}

/** S15: `blockerId` has blocked `blockedId`. */
export interface BlockRow {
  readonly blockerId: string;
  readonly blockedId: string;
  readonly at: number;
}

export interface MembershipRow {
  readonly groupId: string;
  readonly memberId: string;
  readonly role: GroupRole;
}

/**
 * One entry of a conversation's inbox index: `[partyKey, -lastActivityAt, conversationId]`. The
 * time is negated so that ascending key order is newest first: `getAll(range, count)`, which only
 * reads forwards, then returns a page in one request instead of a cursor step per row.
 */
export type InboxKey = [party: string, negatedActivity: number, conversationId: string];

export interface MessageRow {
  readonly id: string;
  readonly conversationId: string;
  /** 1, 2, 3… within the conversation, with no gaps: a page is a key range. */
  readonly seq: number;
  readonly authorId: string;
  readonly clientId: string;
  /** The group the author wrote as (S4). */
  readonly onBehalfOf?: string;
  /** Empty once deleted. */
  readonly body: string;
  readonly sentAt: number;
  /** S29: an entry the conversation wrote (`'left'`: the author left), with an empty body. */
  readonly system?: 'left';
  /** S25: when its author last edited it. */
  readonly editedAt?: number;
  /** S25: deleted by its author (the body is then empty and the reactions gone). */
  readonly deleted?: true;
  /** S26: who put which reaction, in the order they did. */
  readonly reactions?: readonly ReactionRow[];
  /**
   * The body's distinct folded words (`searchWords` of core/search), under the multi-entry index
   * `byWord` that search reads (S30). Written on send and rewritten on edit (empty once
   * deleted); rows from before version 6 get theirs in the upgrade.
   */
  readonly words?: readonly string[];
}

export interface ReactionRow {
  readonly emoji: string;
  readonly memberId: string;
}

export interface ConversationRow {
  readonly id: string;
  /** In the order they were named, the starter first. */
  readonly participants: readonly PartyRef[];
  /** The participants as a set (see `participantSetKey`): the same set again is the same conversation. */
  readonly participantSet: string;
  readonly startedBy: PartyRef;
  readonly createdAt: number;
  readonly lastActivityAt: number;
  readonly lastSeq: number;
  /** The newest message, kept here so that a page of the inbox needs no message lookups. */
  readonly last: MessageRow;
  /**
   * One key per participant party, but none for a member who left; a multi-entry index over it
   * is every party's inbox.
   */
  readonly inbox: readonly InboxKey[];
  /** S29: members who left; they no longer read it, even through a group. */
  readonly left?: readonly string[];
}

/**
 * A member's unread totals, kept up to date by every write that moves them (a message, a read, a
 * membership change), so that the summary the badge asks for after each event is one small read
 * rather than a pass over every conversation the member has.
 */
export interface UnreadTotalsRow {
  readonly memberId: string;
  readonly total: number;
  readonly conversations: number;
}

export interface ReadRow {
  readonly memberId: string;
  readonly conversationId: string;
  /** The newest message this member has read (0: none); writing one reads what came before. */
  readonly readSeq: number;
  /**
   * S21: the newest message the member marked read themselves (`markRead`), which writing does
   * not move: their read marker as the export reports it (`core/export.ts`).
   */
  readonly markerSeq?: number;
  /** The message the member was last emailed about; no new email until they have read it (S10). */
  readonly emailedSeq?: number;
  /** S27: the member's own newest message here, whose readers "Seen by" names. */
  readonly ownSeq?: number;
  /** S29: the member muted the conversation. */
  readonly muted?: boolean;
  /** S31: the member marked it unread; cleared when they read it again. */
  readonly markedUnread?: boolean;
}

export interface SettingsRow extends NotificationSettings {
  readonly memberId: string;
}

/** An email the portal would send (S10). A browser sends no email: the demo lists these instead. */
export interface EmailRecord {
  readonly id: string;
  readonly to: { readonly memberId: string; readonly name: string };
  readonly from: { readonly memberId: string; readonly name: string };
  /** Set when the author wrote as a group. */
  readonly onBehalfOf?: { readonly groupId: string; readonly name: string };
  readonly conversationId: string;
  readonly messageId: string;
  readonly subject: string;
  /** Plain text: the message as written. */
  readonly text: string;
  readonly createdAt: number;
}

/**
 * `clock`: the time of the latest change (see `LocalDatabase.tick`); `directory`: a random
 * version, new with every directory write (see `DirectoryCache`).
 */
export type MetaRow =
  { readonly key: 'clock'; readonly value: number } | { readonly key: 'directory'; readonly value: string };

export interface LocalSchema extends DBSchema {
  members: { key: string; value: MemberRow };
  groups: { key: string; value: GroupRow };
  memberships: { key: [string, string]; value: MembershipRow; indexes: { byMember: string } };
  conversations: {
    key: string;
    value: ConversationRow;
    indexes: { byParticipantSet: string; inbox: InboxKey };
  };
  messages: {
    key: string;
    value: MessageRow;
    indexes: { bySeq: [string, number]; byClientId: [string, string]; byWord: string };
  };
  unread: { key: string; value: UnreadTotalsRow };
  reads: { key: [string, string]; value: ReadRow };
  settings: { key: string; value: SettingsRow };
  blocks: { key: [string, string]; value: BlockRow; indexes: { byBlocked: string } };
  reports: { key: string; value: Report };
  emails: { key: string; value: EmailRecord; indexes: { byCreatedAt: [number, string] } };
  meta: { key: string; value: MetaRow };
}

export type StoreName = StoreNames<LocalSchema>;
export type LocalDatabaseConnection = IDBPDatabase<LocalSchema>;
export type ReadTx = IDBPTransaction<LocalSchema, StoreName[], 'readonly' | 'readwrite'>;
export type WriteTx = IDBPTransaction<LocalSchema, StoreName[], 'readwrite'>;

export const ALL_STORES: StoreName[] = [
  'members',
  'groups',
  'memberships',
  'conversations',
  'messages',
  'unread',
  'reads',
  'settings',
  'blocks',
  'reports',
  'emails',
  'meta',
];

/** The upgrade transaction, which alone may change an existing store's indexes. */
export type UpgradeTx = IDBPTransaction<LocalSchema, StoreName[], 'versionchange'>;

export function upgradeSchema(db: LocalDatabaseConnection, oldVersion: number, upgrade: UpgradeTx): void {
  if (oldVersion < 1) {
    db.createObjectStore('members', { keyPath: 'id' });
    db.createObjectStore('groups', { keyPath: 'id' });
    const memberships = db.createObjectStore('memberships', { keyPath: ['groupId', 'memberId'] });
    memberships.createIndex('byMember', 'memberId');
    const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
    conversations.createIndex('byParticipantSet', 'participantSet', { unique: true });
    conversations.createIndex('inbox', 'inbox', { multiEntry: true });
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('bySeq', ['conversationId', 'seq'], { unique: true });
    messages.createIndex('byClientId', ['authorId', 'clientId'], { unique: true });
    db.createObjectStore('unread', { keyPath: 'memberId' });
    db.createObjectStore('reads', { keyPath: ['memberId', 'conversationId'] });
    db.createObjectStore('settings', { keyPath: 'memberId' });
    db.createObjectStore('reports', { keyPath: 'id' });
    const emails = db.createObjectStore('emails', { keyPath: 'id' });
    emails.createIndex('byCreatedAt', ['createdAt', 'id']);
    db.createObjectStore('meta', { keyPath: 'key' });
  }
  if (oldVersion < 2) {
    // S15: member blocks, found by blocker (the key's prefix) and by the member blocked.
    const blocks = db.createObjectStore('blocks', { keyPath: ['blockerId', 'blockedId'] });
    blocks.createIndex('byBlocked', 'blockedId');
  }
  // 3 (S16–S18), 4 (S24–S26), 5 (S27, S29, S31): new fields on existing rows (member `status`,
  // group `readers`, message `deleted`, `editedAt`, `reactions`, `system`, a read's `muted`),
  // absent meaning what every row meant before.
  // "Seen by" needs each member's own newest message, which a database before 5 never recorded:
  // it is found once, here.
  if (oldVersion >= 1 && oldVersion < 5) void recordOwnSeqs(upgrade);
  if (oldVersion < 6) {
    // Search (S30): each message's words, indexed; rows written before this get theirs now.
    const messages = upgrade.objectStore('messages');
    messages.createIndex('byWord', 'words', { multiEntry: true });
    if (oldVersion >= 1) void indexWords(messages);
  }
}

async function recordOwnSeqs(tx: UpgradeTx): Promise<void> {
  const newest = new Map<string, { memberId: string; conversationId: string; seq: number }>();
  for await (const cursor of tx.objectStore('messages')) {
    const row = cursor.value;
    const key = JSON.stringify([row.authorId, row.conversationId]);
    if ((newest.get(key)?.seq ?? 0) < row.seq) {
      newest.set(key, { memberId: row.authorId, conversationId: row.conversationId, seq: row.seq });
    }
  }
  const reads = tx.objectStore('reads');
  for (const { memberId, conversationId, seq } of newest.values()) {
    const read = await reads.get([memberId, conversationId]);
    await reads.put({ readSeq: seq, ...read, memberId, conversationId, ownSeq: seq });
  }
}

/** Writes `words` into every message row that has none (an upgrade from before version 6). */
async function indexWords(
  messages: IDBPObjectStore<LocalSchema, StoreName[], 'messages', 'versionchange'>,
): Promise<void> {
  for (let cursor = await messages.openCursor(); cursor; cursor = await cursor.continue()) {
    const row = cursor.value;
    if (!row.words) await cursor.update({ ...row, words: searchWords(row.body) });
  }
}

/** S29 as stored: a row lists who left only once someone has; nobody before that. */
export function leftOf(row: Pick<ConversationRow, 'left'>): readonly string[] {
  return row.left ?? [];
}

/** What the rulebook decides on about a stored conversation (its participants, who left). */
export function conversationFacts(row: ConversationRow): ConversationFacts {
  return { id: row.id, participants: row.participants, left: leftOf(row) };
}

/** What the rulebook decides on about a stored message (S25, S26); a row marks only deleted ones. */
export function messageFacts(row: MessageRow): StoredMessageFacts {
  const { id, conversationId, authorId, sentAt, body } = row;
  return { id, conversationId, authorId, sentAt, body, deleted: row.deleted === true };
}

/** `m:<id>` / `g:<id>`, sorted and joined: the same people and groups give the same key. */
export function participantSetKey(participants: readonly string[]): string {
  return JSON.stringify([...participants].sort());
}

export function inboxKeys(partyKeys: readonly string[], lastActivityAt: number, id: string): InboxKey[] {
  return partyKeys.map((party) => [party, -lastActivityAt, id]);
}

/** One party's inbox, newest first; or the part after `(lastActivityAt, id)`, the last row of a page. */
export function inboxRange(party: string, after?: readonly [number, string]): IDBKeyRange {
  return after
    ? IDBKeyRange.bound([party, -after[0], after[1]], [party, Infinity], true, false)
    : IDBKeyRange.bound([party, -Infinity], [party, Infinity]);
}

/** Every key `[prefix, …]` of a compound key: arrays sort after strings, so `[prefix, []]` ends it. */
export function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound([prefix], [prefix, []]);
}
