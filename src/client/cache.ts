/**
 * The client's own IndexedDB database: the last known state of one viewer (so the next page load
 * paints at once) and the outbox (so a message written offline survives a reload).
 *
 * It is separate from any adapter's storage on purpose: the local adapter stands for a server, and
 * this is what a browser keeps of that server. Everything here is removable by `signOut()`.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ErrorPayload } from '../core/errors.js';
import type { Policy } from '../core/policy.js';
import type {
  ClientId,
  Conversation,
  ConversationId,
  Group,
  GroupId,
  Member,
  MemberId,
  Message,
  NotificationSettings,
  UnreadSummary,
  Viewer,
} from '../core/types.js';

/** A message the viewer wrote that the adapter has not confirmed yet. */
export interface OutboxEntry {
  /** Position in the outbox, across every tab: IndexedDB assigns it, so order is global. */
  readonly seq: number;
  readonly clientId: ClientId;
  readonly conversationId: ConversationId;
  /** The trimmed text, as it will be sent. */
  readonly body: string;
  readonly asGroup?: GroupId;
  readonly author: Member;
  readonly onBehalfOf?: Group;
  readonly createdAt: number;
  /** `queued` is retried by the outbox; `failed` waits for the member to retry or discard. */
  readonly status: 'queued' | 'failed';
  /** Deliveries tried so far that the adapter could not take. */
  readonly attempts: number;
  /** Of those, the last ones in a row that failed on an unexpected server error (a 500). */
  readonly faults?: number;
  /** Why the last attempt did not land: a refusal when failed, the retryable cause when queued. */
  readonly error?: ErrorPayload;
}

export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

export interface CachedList {
  readonly items: readonly Conversation[];
  readonly hasMore: boolean;
}

export interface CachedThread {
  readonly id: ConversationId;
  readonly conversation?: Conversation;
  /** Oldest first. */
  readonly messages: readonly Message[];
  readonly hasOlder: boolean;
}

/** What one page load can show before the adapter answers. */
export interface CacheSnapshot {
  readonly viewer?: Viewer;
  readonly policy?: Policy;
  readonly unread?: UnreadSummary;
  readonly settings?: NotificationSettings;
  readonly conversations?: CachedList;
}

interface MetaValues {
  viewer: Viewer;
  policy: Policy;
  unread: UnreadSummary;
  settings: NotificationSettings;
  conversations: CachedList;
}
export type MetaKey = keyof MetaValues;

interface ClientCacheSchema extends DBSchema {
  meta: { key: string; value: unknown };
  threads: { key: string; value: CachedThread };
  outbox: { key: number; value: OutboxEntry; indexes: { clientId: string } };
}

/** Conversations and messages kept per viewer: enough for a first paint, not an archive. */
export const CACHED_CONVERSATIONS = 200;
export const CACHED_MESSAGES_PER_THREAD = 100;

/** The database name a client uses when it is not given one: one per backend and viewer. */
export function defaultCacheName(viewerId: MemberId, scope?: string): string {
  return scope ? `conv-elements-cache:${scope}:${viewerId}` : `conv-elements-cache:${viewerId}`;
}

export interface ClientCache {
  readonly name: string;
  readSnapshot(): Promise<CacheSnapshot>;
  putMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void>;
  readThread(id: ConversationId): Promise<CachedThread | undefined>;
  putThread(thread: CachedThread): Promise<void>;
  deleteThread(id: ConversationId): Promise<void>;
  outbox(): Promise<OutboxEntry[]>;
  /** The queued entry with the lowest position, if any. */
  nextQueued(): Promise<OutboxEntry | undefined>;
  addOutbox(entry: NewOutboxEntry): Promise<OutboxEntry>;
  putOutbox(entry: OutboxEntry): Promise<void>;
  deleteOutbox(clientId: ClientId): Promise<void>;
  getOutbox(clientId: ClientId): Promise<OutboxEntry | undefined>;
  /** Empties every store (another viewer's data found under this name). */
  clear(): Promise<void>;
  close(): void;
}

export interface CacheCallbacks {
  /** Another connection deleted the database: the viewer signed out in another tab. */
  onDeleted(): void;
}

const VERSION = 1;

/** Opens (or creates) the cache. Rejects when IndexedDB is unusable; the caller falls back. */
export async function openClientCache(name: string, callbacks: CacheCallbacks): Promise<ClientCache> {
  const db = await openDB<ClientCacheSchema>(name, VERSION, {
    upgrade(database) {
      database.createObjectStore('meta');
      database.createObjectStore('threads', { keyPath: 'id' });
      const outbox = database.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('clientId', 'clientId', { unique: true });
    },
    blocking(_current, next) {
      // Let the other connection proceed; only a deletion (next === null) means "signed out".
      db.close();
      if (next === null) callbacks.onDeleted();
    },
  });
  return new IndexedDbCache(name, db);
}

export function deleteClientCache(name: string): Promise<void> {
  return deleteDB(name);
}

class IndexedDbCache implements ClientCache {
  readonly #db: IDBPDatabase<ClientCacheSchema>;

  constructor(
    readonly name: string,
    db: IDBPDatabase<ClientCacheSchema>,
  ) {
    this.#db = db;
  }

  async readSnapshot(): Promise<CacheSnapshot> {
    const tx = this.#db.transaction('meta');
    const [viewer, policy, unread, settings, conversations] = await Promise.all(
      (['viewer', 'policy', 'unread', 'settings', 'conversations'] as const).map((key) => tx.store.get(key)),
    );
    return {
      viewer: viewer as Viewer | undefined,
      policy: policy as Policy | undefined,
      unread: unread as UnreadSummary | undefined,
      settings: settings as NotificationSettings | undefined,
      conversations: conversations as CachedList | undefined,
    };
  }

  async putMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    await this.#db.put('meta', value, key);
  }

  readThread(id: ConversationId): Promise<CachedThread | undefined> {
    return this.#db.get('threads', id);
  }

  async putThread(thread: CachedThread): Promise<void> {
    await this.#db.put('threads', thread);
  }

  async deleteThread(id: ConversationId): Promise<void> {
    await this.#db.delete('threads', id);
  }

  outbox(): Promise<OutboxEntry[]> {
    return this.#db.getAll('outbox');
  }

  async nextQueued(): Promise<OutboxEntry | undefined> {
    let cursor = await this.#db.transaction('outbox').store.openCursor();
    while (cursor) {
      if (cursor.value.status === 'queued') return cursor.value;
      cursor = await cursor.continue();
    }
    return undefined;
  }

  async addOutbox(entry: NewOutboxEntry): Promise<OutboxEntry> {
    // `seq` is left out so that the key generator assigns it.
    const seq = await this.#db.add('outbox', entry as OutboxEntry);
    return { ...entry, seq };
  }

  async putOutbox(entry: OutboxEntry): Promise<void> {
    await this.#db.put('outbox', entry);
  }

  async deleteOutbox(clientId: ClientId): Promise<void> {
    const tx = this.#db.transaction('outbox', 'readwrite');
    const key = await tx.store.index('clientId').getKey(clientId);
    if (key !== undefined) await tx.store.delete(key);
    await tx.done;
  }

  getOutbox(clientId: ClientId): Promise<OutboxEntry | undefined> {
    return this.#db.getFromIndex('outbox', 'clientId', clientId);
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction(['meta', 'threads', 'outbox'], 'readwrite');
    await Promise.all([
      tx.objectStore('meta').clear(),
      tx.objectStore('threads').clear(),
      tx.objectStore('outbox').clear(),
      tx.done,
    ]);
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Used where IndexedDB cannot be opened (some private modes, storage disabled): everything works
 * for this page, nothing survives a reload, and the member is not told otherwise by the API.
 */
export class MemoryCache implements ClientCache {
  readonly #meta = new Map<string, unknown>();
  readonly #threads = new Map<ConversationId, CachedThread>();
  readonly #entries = new Map<number, OutboxEntry>();
  #seq = 0;

  constructor(readonly name: string) {}

  async readSnapshot(): Promise<CacheSnapshot> {
    return {
      viewer: this.#meta.get('viewer') as Viewer | undefined,
      policy: this.#meta.get('policy') as Policy | undefined,
      unread: this.#meta.get('unread') as UnreadSummary | undefined,
      settings: this.#meta.get('settings') as NotificationSettings | undefined,
      conversations: this.#meta.get('conversations') as CachedList | undefined,
    };
  }
  async putMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    this.#meta.set(key, value);
  }
  async readThread(id: ConversationId): Promise<CachedThread | undefined> {
    return this.#threads.get(id);
  }
  async putThread(thread: CachedThread): Promise<void> {
    this.#threads.set(thread.id, thread);
  }
  async deleteThread(id: ConversationId): Promise<void> {
    this.#threads.delete(id);
  }
  async outbox(): Promise<OutboxEntry[]> {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }
  async nextQueued(): Promise<OutboxEntry | undefined> {
    return (await this.outbox()).find((entry) => entry.status === 'queued');
  }
  async addOutbox(entry: NewOutboxEntry): Promise<OutboxEntry> {
    const stored = { ...entry, seq: ++this.#seq };
    this.#entries.set(stored.seq, stored);
    return stored;
  }
  async putOutbox(entry: OutboxEntry): Promise<void> {
    this.#entries.set(entry.seq, entry);
  }
  async deleteOutbox(clientId: ClientId): Promise<void> {
    for (const [seq, entry] of this.#entries) if (entry.clientId === clientId) this.#entries.delete(seq);
  }
  async getOutbox(clientId: ClientId): Promise<OutboxEntry | undefined> {
    return [...this.#entries.values()].find((entry) => entry.clientId === clientId);
  }
  async clear(): Promise<void> {
    this.#meta.clear();
    this.#threads.clear();
    this.#entries.clear();
  }
  close(): void {}
}
