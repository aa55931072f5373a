/**
 * Threads: one store per conversation, loaded from the cache and then the adapter, paged back into
 * older messages, kept current by the events the client routes here, and shown with the viewer's
 * pending and failed messages (asked of the outbox) after the confirmed ones.
 */
import { conversationNotFound } from '../../core/not-found.js';
import { isConvError, type ErrorPayload } from '../../core/errors.js';
import type { Conversation, ConversationId, Message, MessageId } from '../../core/types.js';
import { CACHED_MESSAGES_PER_THREAD, type OutboxEntry } from '../cache.js';
import { toPayload } from '../checks.js';
import { mergeMessages, shownAsSent, shownFromEntry } from '../client-messages.js';
import { IDLE_THREAD } from '../idle-states.js';
import type { ClientKernel } from '../kernel.js';
import { SingleFlight, type Pass } from '../single-flight.js';
import { WritableStore, type ReadableStore } from '../store.js';
import type { ThreadState } from '../types.js';

interface ThreadRecord {
  readonly id: ConversationId;
  readonly store: WritableStore<ThreadState>;
  /** Loads the newest page; marked stale by events that arrive while it is on its way. */
  readonly loading: SingleFlight;
  status: ThreadState['status'];
  conversation?: Conversation;
  /** Confirmed messages, oldest first, by id. */
  confirmed: Message[];
  before?: string;
  hasOlder: boolean;
  /**
   * Set while the thread shows a window around a message (a search result's jump) that does not
   * reach the newest message: the cursor of the newer page. Live messages are then not merged
   * (they would leave a gap); they arrive with the newer pages.
   */
  after?: string;
  /** The message the window was opened around. */
  focus?: MessageId;
  error?: ErrorPayload;
  loadingOlder?: Promise<void>;
}

/** What a thread needs of the outbox: the viewer's messages on their way in one conversation. */
export interface PendingMessages {
  entriesIn(conversationId: ConversationId): readonly OutboxEntry[];
}

export class ThreadService {
  readonly #records = new Map<ConversationId, ThreadRecord>();
  /** How many changes of each message were applied: see `changeMark`. */
  readonly #changes = new Map<MessageId, number>();

  readonly #kernel: ClientKernel;
  readonly #pending: PendingMessages;

  constructor(kernel: ClientKernel, pending: PendingMessages) {
    this.#kernel = kernel;
    this.#pending = pending;
  }

  /** One conversation's store: the same one for the same id, loading on its first subscription. */
  store(id: ConversationId): ReadableStore<ThreadState> {
    return this.#record(id).store;
  }

  /** Confirmed messages of a thread this client holds (empty when it holds none). */
  confirmedIn(id: ConversationId): readonly Message[] {
    return this.#records.get(id)?.confirmed ?? [];
  }

  /** The newest confirmed message of a thread this client holds, and its conversation. */
  known(id: ConversationId): { conversation?: Conversation; newest?: Message } {
    const record = this.#records.get(id);
    return { conversation: record?.conversation, newest: record?.confirmed.at(-1) };
  }

  #record(id: ConversationId): ThreadRecord {
    let record = this.#records.get(id);
    if (!record) {
      const created: ThreadRecord = {
        id,
        store: new WritableStore<ThreadState>(IDLE_THREAD, () => void created.loading.run()),
        loading: new SingleFlight(
          (pass) => this.#fetch(created, pass),
          () => this.#kernel.active,
        ),
        status: 'idle',
        confirmed: [],
        hasOlder: false,
      };
      record = created;
      if (this.#kernel.active) this.#records.set(id, record);
      this.#show(record);
    }
    return record;
  }

  async #fetch(record: ThreadRecord, pass: Pass): Promise<void> {
    const kernel = this.#kernel;
    if (pass.first) {
      await kernel.whenCacheReady();
      if (!kernel.active) return;
      if (record.status === 'idle') {
        const cached = await kernel.cache?.readThread(record.id).catch(() => undefined);
        if (cached && record.status === 'idle') {
          record.conversation ??= cached.conversation;
          record.confirmed = mergeMessages(cached.messages, record.confirmed);
          record.hasOlder = cached.hasOlder;
        }
      }
      record.status = 'loading';
      record.error = undefined;
      this.#show(record);
    }
    try {
      const signal = kernel.signal;
      const [conversation, page] = await Promise.all([
        kernel.adapter.getConversation(record.id, { signal }),
        kernel.adapter.listMessages(record.id, { limit: kernel.pageSize, signal }),
      ]);
      if (!kernel.active) return;
      record.conversation = conversation;
      if (record.after !== undefined) {
        // A window around a message is on show: its place is kept; the newer pages bring the rest.
        record.status = 'ready';
        this.#show(record);
        return;
      }
      const oldestNew = page.items[0];
      const newest = page.items.at(-1);
      // Keep cached older messages only when they join up with the page just fetched, and the
      // messages newer than the page that events delivered while it was on its way.
      const joined = oldestNew && record.confirmed.some((message) => message.id === oldestNew.id);
      const since = newest
        ? record.confirmed.filter((message) => message.sentAt > newest.sentAt)
        : record.confirmed;
      record.confirmed = mergeMessages(joined ? record.confirmed : [], page.items, since);
      record.before = page.before;
      record.hasOlder = page.before !== undefined;
      record.status = 'ready';
      this.#show(record);
      this.#persist(record);
    } catch (error) {
      pass.stop();
      if (!kernel.active) return;
      record.status = 'error';
      record.error = toPayload(error);
      if (isConvError(error) && error.code === 'not-found') {
        // Gone from this viewer's reach (left a group): forget what was cached of it.
        record.conversation = undefined;
        record.confirmed = [];
        void kernel.cache?.deleteThread(record.id).catch(() => undefined);
      }
      this.#show(record);
    }
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlder(id: ConversationId): Promise<void> {
    const record = this.#record(id);
    if (record.status !== 'ready') await record.loading.run();
    if (record.loadingOlder) return record.loadingOlder;
    const before = record.before;
    if (before === undefined || record.status !== 'ready') return;
    const kernel = this.#kernel;
    record.loadingOlder = (async () => {
      try {
        const page = await kernel.adapter.listMessages(id, {
          before,
          limit: kernel.pageSize,
          signal: kernel.signal,
        });
        if (!kernel.active) return;
        record.confirmed = mergeMessages(page.items, record.confirmed);
        record.before = page.before;
        record.hasOlder = page.before !== undefined;
        this.#show(record);
      } catch (error) {
        if (!kernel.active) return;
        record.error = toPayload(error);
        this.#show(record);
        throw error;
      }
    })().finally(() => {
      record.loadingOlder = undefined;
    });
    return record.loadingOlder;
  }

  /**
   * Shows the page around one message (a search result, S30): the thread then holds that window,
   * with older and newer pages to load, until it reaches the newest message or `showLatest`.
   */
  async showAround(id: ConversationId, messageId: MessageId): Promise<void> {
    const record = this.#record(id);
    const kernel = this.#kernel;
    const signal = kernel.signal;
    const [conversation, page] = await Promise.all([
      record.conversation ?? kernel.adapter.getConversation(id, { signal }),
      kernel.adapter.listMessages(id, { around: messageId, limit: kernel.pageSize, signal }),
    ]);
    if (!kernel.active) return;
    record.conversation = conversation;
    record.confirmed = mergeMessages(page.items);
    record.before = page.before;
    record.hasOlder = page.before !== undefined;
    record.after = page.after;
    record.focus = messageId;
    record.status = 'ready';
    record.error = undefined;
    this.#show(record);
  }

  /** Loads the page after the newest message of a window (see `showAround`). */
  async loadNewer(id: ConversationId): Promise<void> {
    const record = this.#records.get(id);
    const after = record?.after;
    if (!record || after === undefined) return;
    const kernel = this.#kernel;
    const page = await kernel.adapter.listMessages(id, {
      after,
      limit: kernel.pageSize,
      signal: kernel.signal,
    });
    if (!kernel.active || record.after !== after) return;
    record.confirmed = mergeMessages(record.confirmed, page.items);
    record.after = page.after;
    this.#show(record);
    // The window has reached the newest message: from now on it is the thread as usual.
    if (page.after === undefined) this.#persist(record);
  }

  /** Leaves a window for the newest messages (after sending, or "Jump to latest"). */
  async showLatest(id: ConversationId): Promise<void> {
    const record = this.#records.get(id);
    if (!record || (record.after === undefined && record.focus === undefined)) return;
    if (record.after !== undefined) record.confirmed = [];
    record.after = undefined;
    record.focus = undefined;
    this.#show(record);
    await record.loading.rerun();
  }

  /** Asks the adapter again for every thread on show. */
  reloadAll(): Promise<void>[] {
    return [...this.#records.values()]
      .filter((record) => record.status !== 'idle')
      .map((record) => record.loading.rerun());
  }

  // ─── Following events ─────────────────────────────────────────────────────────────────────────

  /**
   * A message arrived in a conversation: kept if its thread is held. Not shown yet: the caller
   * shows it (`show`), or the outbox does when it was the viewer's own.
   */
  receive(conversation: Conversation, message: Message): void {
    const record = this.#records.get(conversation.id);
    if (!record) return;
    record.conversation = conversation;
    if (record.after !== undefined) return;
    record.confirmed = mergeMessages(record.confirmed, [message]);
    record.loading.invalidate();
    this.#persist(record);
  }

  /**
   * Where the changes of a message stand (S25, S26): `changed` with an earlier mark applies only
   * when no newer change of that message was heard since, so a late answer never undoes an event.
   */
  changeMark(messageId: MessageId): number {
    return this.#changes.get(messageId) ?? 0;
  }

  /**
   * A held message was edited, deleted or reacted to: its copy is replaced where it is, and the
   * cached page with it. Nothing when the thread is not held or does not hold that message.
   */
  changed(message: Message, mark?: number): void {
    if (mark !== undefined && mark !== this.changeMark(message.id)) return;
    this.#changes.set(message.id, this.changeMark(message.id) + 1);
    const record = this.#records.get(message.conversationId);
    if (!record) return;
    // A load under way may answer the message as it was: it is asked again.
    record.loading.invalidate();
    const index = record.confirmed.findIndex((held) => held.id === message.id);
    if (index < 0) return;
    record.confirmed = record.confirmed.map((held, i) => (i === index ? message : held));
    this.#show(record);
    this.#persist(record);
  }

  /** One of the viewer's messages was confirmed: it replaces its pending copy. */
  landed(message: Message): void {
    const record = this.#records.get(message.conversationId);
    if (!record) return;
    record.confirmed = mergeMessages(record.confirmed, [message]);
    this.#show(record);
    this.#persist(record);
  }

  /** A conversation's read state changed. */
  readChanged(id: ConversationId, unreadCount: number): void {
    const record = this.#records.get(id);
    if (!record?.conversation || record.conversation.unreadCount === unreadCount) return;
    record.conversation = { ...record.conversation, unreadCount };
    this.#show(record);
    this.#persist(record);
  }

  /** The viewer's own view of the conversation changed (muted, marked unread). */
  conversationChanged(conversation: Conversation): void {
    const record = this.#records.get(conversation.id);
    if (!record?.conversation) return;
    record.conversation = conversation;
    this.#show(record);
    this.#persist(record);
  }

  /** The viewer left the conversation (S29): what was held of it goes. */
  removed(id: ConversationId): void {
    const record = this.#records.get(id);
    if (!record) return;
    record.confirmed = [];
    record.conversation = undefined;
    record.status = 'error';
    record.error = toPayload(conversationNotFound());
    record.loading.invalidate();
    void this.#kernel.cache?.deleteThread(id).catch(() => undefined);
    this.#show(record);
  }

  /** A conversation changed without a message of its own (started here): keep it. */
  started(conversation: Conversation, message: Message): void {
    const record = this.#records.get(conversation.id);
    if (!record) return;
    record.conversation = conversation;
    record.confirmed = mergeMessages(record.confirmed, [message]);
    this.#show(record);
  }

  /** Shows a thread again (its pending messages changed); nothing when it is not held. */
  showConversation(id: ConversationId): void {
    const record = this.#records.get(id);
    if (record) this.#show(record);
  }

  /** The cache opened: show what it holds with the outbox, and write what loaded before it. */
  opened(): void {
    for (const record of this.#records.values()) {
      this.#show(record);
      if (record.status === 'ready') this.#persist(record);
    }
  }

  /** The cache was another member's: what came from it goes. */
  forget(): void {
    for (const record of this.#records.values()) {
      record.confirmed = [];
      record.conversation = undefined;
      this.#show(record);
    }
  }

  /** Signed out: every thread goes idle and is forgotten. */
  clear(): void {
    for (const record of this.#records.values()) record.store.set(IDLE_THREAD);
    this.#records.clear();
  }

  #show(record: ThreadRecord): void {
    const viewerId = this.#kernel.viewer.value?.member.id;
    const landed = new Set(
      record.confirmed.filter((message) => message.author.id === viewerId).map((message) => message.clientId),
    );
    const pending = this.#pending
      .entriesIn(record.id)
      .filter((entry) => !landed.has(entry.clientId))
      .map(shownFromEntry);
    record.store.set({
      status: record.status,
      conversation: record.conversation,
      messages: [...record.confirmed.map(shownAsSent), ...pending],
      hasOlder: record.hasOlder,
      ...(record.after === undefined ? {} : { hasNewer: true }),
      ...(record.focus === undefined ? {} : { focus: record.focus }),
      error: record.error,
    });
  }

  /** Only a thread loaded from the adapter is whole enough to show on the next load. */
  #persist(record: ThreadRecord): void {
    this.#kernel.persist(`thread:${record.id}`, async (cache) => {
      if (this.#records.get(record.id) !== record || record.status !== 'ready') return;
      // A window around an older message is not the thread's newest part, which the cache keeps.
      if (record.after !== undefined) return;
      const messages = record.confirmed.slice(-CACHED_MESSAGES_PER_THREAD);
      await cache.putThread({
        id: record.id,
        ...(record.conversation ? { conversation: record.conversation } : {}),
        messages,
        hasOlder: record.hasOlder || messages.length < record.confirmed.length,
      });
    });
  }
}
