/**
 * `ConversationsClient`: what the elements talk to. It sits on any adapter that keeps the contract
 * and adds what a browser needs on top of a backend:
 *
 * - state that elements subscribe to in slices (viewer, unread totals, the list, each thread,
 *   settings), kept current from the adapter's events, so every tab agrees;
 * - a cache in IndexedDB (one database per viewer), shown at once on the next load, then refreshed;
 * - optimistic sending through a durable outbox: a message appears at once as pending, is retried
 *   with backoff while the backend cannot take it, in order, with the same client id (so it lands
 *   once), also after a reload; one tab at a time drains it (Web Locks);
 * - `signOut()`, which clears the viewer's cache and outbox in every tab (BroadcastChannel, and the
 *   deletion of the database itself, which every open connection hears of).
 *
 * It starts lazily: constructing one costs nothing; the first subscription or call (or
 * `connect()`) opens the cache and subscribes to the adapter.
 *
 * This file is the public face: the types, the stores, and what ties the concerns together (live
 * events, reading, starting a conversation, refresh, reports, search). Each concern lives in its
 * own layer, which this class extends: `client-core.ts` (lifecycle, cache, sign-out, other tabs),
 * `conversation-list.ts` (the list, its pages, the unread totals), `threads.ts`, `outbox.ts` and
 * `settings.ts`. `client-core.ts` says why layers rather than delegation.
 */
import type {
  ReportInput,
  RequestOptions,
  SearchOptions,
  StartConversationResult,
} from '../adapter/adapter.js';
import type { AdapterEvent, ReadChangedEvent } from '../adapter/events.js';
import { ValidationError, type ErrorPayload } from '../core/errors.js';
import { createClientId } from '../core/ids.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  normalizeRecipients,
  type Policy,
} from '../core/policy.js';
import type {
  ClientId,
  Conversation,
  ConversationId,
  GroupId,
  MemberId,
  Message,
  MessageId,
  NotificationSettings,
  Party,
  PartyRef,
  UnreadSummary,
  Viewer,
} from '../core/types.js';
import type { RetryOptions } from './backoff.js';
import { assertConversationId } from './checks.js';
import { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD } from './idle-states.js';
import { SettingsLayer } from './settings.js';
import type { ReadableStore } from './store.js';
import { mergeMessages } from './threads.js';

/** A message as the client shows it: confirmed by the adapter, or still on its way. */
export interface ClientMessage extends Message {
  /**
   * `pending`: in the outbox (its `id` is the client id until the adapter gives it one);
   * `sent`: confirmed; `failed`: refused, waiting for the member to retry or discard it.
   */
  readonly status: 'pending' | 'sent' | 'failed';
  /** Why it failed; on a pending message, why the last attempt could not be delivered. */
  readonly error?: ErrorPayload;
}

export interface ConversationListState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Newest activity first. */
  readonly items: readonly Conversation[];
  readonly hasMore: boolean;
  /** True while the items are the last known ones from the cache, not yet confirmed. */
  readonly fromCache: boolean;
  readonly error?: ErrorPayload;
}

export interface ThreadState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly conversation?: Conversation;
  /** Oldest first: confirmed messages, then the viewer's pending and failed ones in send order. */
  readonly messages: readonly ClientMessage[];
  readonly hasOlder: boolean;
  readonly error?: ErrorPayload;
}

export interface SettingsState {
  /** `error` with a `value`: saving failed and the value is the one still in force. */
  readonly status: 'idle' | 'loading' | 'ready' | 'saving' | 'error';
  readonly value?: NotificationSettings;
  readonly error?: ErrorPayload;
}

export interface IncomingMessage {
  readonly message: Message;
  readonly conversation: Conversation;
}

export interface ClientOptions {
  /**
   * The IndexedDB database of this client's cache and outbox. It must belong to one viewer of one
   * backend. Default: `conv-elements-cache:<adapter scope>:<viewer id>` (see `ConversationsAdapter.scope`).
   */
  readonly cacheName?: string;
  /**
   * The viewer's member id, when the page knows it: the cache can then be opened (and the last
   * known state painted) before the adapter has said who is viewing.
   */
  readonly viewerId?: MemberId;
  /** Waits between outbox deliveries the backend could not take. */
  readonly retry?: RetryOptions;
  /** Conversations and messages per page, 1 to 100 (default 30). */
  readonly pageSize?: number;
  /** Close the adapter in `dispose()`: for adapters made only for this client. */
  readonly closeAdapterOnDispose?: boolean;
}

export interface StartConversationOptions {
  readonly recipients: readonly PartyRef[];
  readonly body: string;
  readonly asGroup?: GroupId;
  /** Pass the same id again to retry a start whose answer was lost: it lands once. */
  readonly clientId?: ClientId;
}

/** The states before anything is known; controllers show these while no client is provided. */
export { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD };

export { defaultCacheName } from './cache.js';

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export class ConversationsClient extends SettingsLayer {
  readonly viewer: ReadableStore<Viewer | undefined> = this.viewerStore;
  /** The backend's limits; `DEFAULT_POLICY` until it has answered. */
  readonly policy: ReadableStore<Policy> = this.policyStore;
  readonly unread: ReadableStore<UnreadSummary> = this.unreadStore;
  readonly conversations: ReadableStore<ConversationListState> = this.listStore;
  readonly settings: ReadableStore<SettingsState> = this.settingsStore;
  readonly activeConversation: ReadableStore<ConversationId | undefined> = this.activeStore;
  /** Becomes true when the viewer signs out (here or in another tab); the client then stops. */
  readonly signedOut: ReadableStore<boolean> = this.signedOutStore;

  protected readonly incoming = new Set<(incoming: IncomingMessage) => void>();

  // ─── Live events ──────────────────────────────────────────────────────────────────────────────

  protected readonly onAdapterEvent = (event: AdapterEvent): void => {
    if (!this.active) return;
    switch (event.type) {
      case 'message-added':
      case 'conversation-added':
        this.applyMessage(event.message, event.conversation);
        break;
      case 'read-changed':
        this.applyRead(event);
        break;
      case 'settings-changed':
        // A save of this tab still on its way wins; its own answer settles the state.
        if (this.settingsStore.value.status === 'saving') break;
        this.settingsVersion++;
        this.settingsStore.set({ status: 'ready', value: event.settings });
        this.persist('settings');
        break;
      case 'viewer-changed':
        this.viewerStore.set(event.viewer);
        this.persist('viewer');
        // Memberships changed: conversations may have appeared or become unreadable.
        if (this.listStore.value.status !== 'idle') void this.reloadConversations();
        void this.refreshUnread();
        break;
    }
  };

  private applyMessage(message: Message, conversation: Conversation): void {
    const previous = this.listStore.value.items.find((item) => item.id === conversation.id);
    this.upsertConversation(conversation);
    const record = this.threads.get(conversation.id);
    if (record) {
      record.conversation = conversation;
      record.confirmed = mergeMessages(record.confirmed, [message]);
      if (record.loading) record.stale = true;
      this.persist(`thread:${record.id}`);
    }
    if (this.confirmDelivered(message)) {
      // The backend has it: no need to send it again, whichever tab is draining.
      void this.cache?.deleteOutbox(message.clientId).catch(() => undefined);
    } else if (record) {
      this.emitThread(record);
    }
    if (previous) this.adjustUnread(previous.unreadCount, conversation.unreadCount);
    void this.refreshUnread();
    const viewer = this.viewerStore.value;
    if (viewer === undefined) {
      void this.viewerRequest?.then((known) => known && this.announce(known, message, conversation));
    } else {
      this.announce(viewer, message, conversation);
    }
  }

  private announce(viewer: Viewer, message: Message, conversation: Conversation): void {
    if (!this.active || message.author.id === viewer.member.id) return;
    for (const listener of [...this.incoming]) {
      try {
        listener({ message, conversation });
      } catch (error) {
        console.error(error);
      }
    }
  }

  private applyRead(event: ReadChangedEvent): void {
    const list = this.listStore.value;
    const previous = list.items.find((item) => item.id === event.conversationId);
    if (previous) {
      this.adjustUnread(previous.unreadCount, event.unreadCount);
      if (previous.unreadCount !== event.unreadCount) {
        this.listStore.set({
          ...list,
          items: list.items.map((item) =>
            item === previous ? { ...item, unreadCount: event.unreadCount } : item,
          ),
        });
        this.persist('conversations');
      }
    }
    const record = this.threads.get(event.conversationId);
    if (record?.conversation && record.conversation.unreadCount !== event.unreadCount) {
      record.conversation = { ...record.conversation, unreadCount: event.unreadCount };
      this.emitThread(record);
      this.persist(`thread:${record.id}`);
    }
    void this.refreshUnread();
  }

  /** Asks the adapter again for everything on show, and nudges the outbox. */
  async refresh(): Promise<void> {
    this.assertUsable();
    await this.whenCacheReady();
    const work: Promise<unknown>[] = [];
    if (this.listStore.value.status !== 'idle') work.push(this.reloadConversations());
    void this.refreshUnread();
    if (this.settingsStore.value.status !== 'idle') work.push(this.fetchSettings());
    for (const record of this.threads.values()) {
      if (record.status !== 'idle') work.push(this.loadThread(record, true));
    }
    this.scheduleDrain();
    await Promise.all(work);
  }

  /** Which conversation the member has in front of them (the notifier stays quiet for it). */
  setActiveConversation(id: ConversationId | undefined): void {
    if (id !== undefined) assertConversationId(id);
    this.activeStore.set(id);
  }

  /** Messages from others as they arrive (never the viewer's own), for in-app notifications. */
  onIncoming(listener: (incoming: IncomingMessage) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onIncoming needs a function.');
    // Wrapped so that the same function twice is two subscriptions, each removable on its own.
    const entry = (incoming: IncomingMessage) => listener(incoming);
    if (this.active) {
      this.incoming.add(entry);
      void this.connect();
    }
    return () => {
      this.incoming.delete(entry);
    };
  }

  // ─── Reading ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Marks a conversation read up to `upTo` (default: its newest message). The totals drop at once;
   * the adapter's event confirms it in every tab.
   */
  async markRead(conversationId: ConversationId, upTo?: MessageId): Promise<void> {
    assertConversationId(conversationId);
    if (upTo !== undefined && (typeof upTo !== 'string' || upTo.length === 0)) {
      throw new ValidationError('bad-id', 'That message id is not valid.', { field: 'request' });
    }
    await this.whenCacheReady();
    this.assertUsable();
    const record = this.threads.get(conversationId);
    const listed = this.listStore.value.items.find((item) => item.id === conversationId);
    let conversation = listed ?? record?.conversation;
    let newest = record?.confirmed.at(-1)?.id ?? listed?.lastMessage?.id;
    if (newest === undefined || conversation === undefined) {
      conversation = await this.adapter.getConversation(conversationId, { signal: this.abort.signal });
      newest ??= conversation.lastMessage?.id;
    }
    const target = upTo ?? newest;
    if (target === undefined) return;
    if (target === newest && conversation.unreadCount > 0) {
      // `applyRead` moves the totals through the list; without the list, move them here.
      if (!listed) this.adjustUnread(conversation.unreadCount, 0);
      this.applyRead({ type: 'read-changed', conversationId, upTo: target, unreadCount: 0 });
    }
    try {
      await this.adapter.markRead(conversationId, target, { signal: this.abort.signal });
    } catch (error) {
      // Undo the optimistic zero by asking again what is true.
      if (this.active && this.listStore.value.status !== 'idle') void this.reloadConversations();
      throw error;
    } finally {
      // Resolve with the totals confirmed, so that a caller reading them next sees the truth.
      await this.refreshUnread();
    }
  }

  /**
   * Starts a conversation (or continues the existing one with exactly these participants). Not
   * queued: it needs the backend's answer, so offline it rejects with `UnavailableError`; retry
   * with the same `clientId` and it lands once.
   */
  async startConversation(input: StartConversationOptions): Promise<StartConversationResult> {
    if (typeof input !== 'object' || input === null) {
      throw new ValidationError('bad-request', 'Say whom to write to and what.', { field: 'request' });
    }
    const viewer = await this.requireViewer();
    const policy = this.policyStore.value;
    const body = assertMessageBody(input.body, policy);
    const group = this.managedGroup(viewer, input.asGroup);
    const sender: PartyRef = group
      ? { kind: 'group', id: group.id }
      : { kind: 'member', id: viewer.member.id };
    const recipients = normalizeRecipients(input.recipients, sender, policy);
    const clientId = input.clientId === undefined ? createClientId() : assertClientId(input.clientId);
    const result = await this.adapter.startConversation(
      { recipients, body, clientId, ...(group ? { asGroup: group.id } : {}) },
      { signal: this.abort.signal },
    );
    if (this.active) {
      this.upsertConversation(result.conversation);
      const record = this.threads.get(result.conversation.id);
      if (record) {
        record.conversation = result.conversation;
        record.confirmed = mergeMessages(record.confirmed, [result.message]);
        this.emitThread(record);
      }
    }
    return result;
  }

  /** Reports a message or conversation to the portal (S7). */
  async report(input: ReportInput): Promise<{ id: string }> {
    if (typeof input !== 'object' || input === null) {
      throw new ValidationError('bad-report', 'Say what you are reporting and why.', { field: 'request' });
    }
    await this.whenCacheReady();
    this.assertUsable();
    const reason = assertReportReason(input.reason, this.policyStore.value);
    const { id } = await this.adapter.report({ target: input.target, reason }, { signal: this.abort.signal });
    return { id };
  }

  /** Members and groups whose name matches, for choosing recipients (S6). */
  async search(query: string, options: SearchOptions = {}): Promise<readonly Party[]> {
    if (typeof query !== 'string') {
      throw new ValidationError('bad-request', 'Search for a name.', { field: 'request' });
    }
    this.assertUsable();
    void this.connect();
    return this.adapter.searchDirectory(query, {
      ...options,
      signal: anySignal([options.signal, this.abort.signal]),
    });
  }

  /** A member or group from the directory, with its name and picture. */
  getParty(ref: PartyRef, options: RequestOptions = {}): Promise<Party> {
    return this.adapter.getParty(ref, options);
  }
}
