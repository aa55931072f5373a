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
 * This class is the facade. Under it: a kernel (`kernel.ts`: adapter, lifecycle, cache, other
 * tabs), services that each own one slice of state (`services/`: the conversation list, threads,
 * the outbox and its scheduler, settings; and the one `UnreadTotals`), and `changes.ts`, which
 * applies the adapter's events and the member's reads and starts to the services they concern.
 * The facade wires them together, checks arguments, and routes what the kernel reports.
 */
import { PresenceService, type PresenceState } from './services/presence-service.js';
import { hasCapability, type Capability } from '../adapter/capabilities.js';
import type {
  ConversationsAdapter,
  RequestOptions,
  ReportInput,
  SearchOptions,
  StartConversationResult,
  SearchConversationsOptions,
} from '../adapter/adapter.js';
import { ForbiddenError, NotFoundError, UnavailableError, ValidationError } from '../core/errors.js';
import type { ConversationSearchResults } from '../core/search.js';
import { assertReportReason, type Policy } from '../core/policy.js';
import type {
  ClientId,
  Conversation,
  ConversationId,
  GroupId,
  Member,
  MemberId,
  Message,
  GroupUnread,
  MessageId,
  NotificationSettings,
  Party,
  PartyRef,
  UnreadSummary,
  Viewer,
} from '../core/types.js';
import { assertConversationId } from './checks.js';
import { shownAsSent } from './client-messages.js';
import { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD } from './idle-states.js';
import { ClientKernel, type KernelHooks } from './kernel.js';
import { loadOnUse } from './on-use.js';
import { Changes } from './changes.js';
import { ConversationListService } from './services/conversation-list-service.js';
import type { MessageChangeService } from './services/message-change-service.js';
import { OutboxService } from './services/outbox-service.js';
import { SettingsService } from './services/settings-service.js';
import { ThreadService } from './services/thread-service.js';
import { feedUnreadTotals, type UnreadFeed } from './services/unread-feed.js';
import { WritableStore, type ReadableStore } from './store.js';
import type {
  ClientMessage,
  ClientOptions,
  ConversationListState,
  IncomingMessage,
  SettingsState,
  StartConversationOptions,
  ThreadState,
} from './types.js';
import type { UnreadTotals } from './unread-totals.js';

export type {
  ClientMessage,
  ClientOptions,
  ConversationListState,
  IncomingMessage,
  SettingsState,
  StartConversationOptions,
  ThreadState,
} from './types.js';

/** The states before anything is known; controllers show these while no client is provided. */
export { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD };

export { defaultCacheName } from './cache.js';

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export class ConversationsClient {
  readonly adapter: ConversationsAdapter;
  readonly viewer: ReadableStore<Viewer | undefined>;
  /** The backend's limits; `DEFAULT_POLICY` until it has answered. */
  readonly policy: ReadableStore<Policy>;
  /** The unread totals this client keeps fed (its own, or those given in `ClientOptions`). */
  readonly unreadTotals: UnreadTotals;
  readonly unread: ReadableStore<UnreadSummary>;
  readonly conversations: ReadableStore<ConversationListState>;
  readonly settings: ReadableStore<SettingsState>;
  readonly activeConversation: ReadableStore<ConversationId | undefined>;
  /** Becomes true when the viewer signs out (here or in another tab); the client then stops. */
  readonly signedOut: ReadableStore<boolean>;

  readonly #kernel: ClientKernel;
  readonly #list: ConversationListService;
  readonly #threads: ThreadService;
  readonly #outbox: OutboxService;
  readonly #settingsService: SettingsService;
  readonly #feed: UnreadFeed;
  readonly #presence: PresenceService;
  readonly #changes: Changes;
  /** S25, S26: loaded on the first edit, deletion or reaction (most visits make none). */
  #edits?: Promise<MessageChangeService>;
  readonly #activeStore = new WritableStore<ConversationId | undefined>(undefined);

  constructor(adapter: ConversationsAdapter, options: ClientOptions = {}) {
    if (typeof adapter?.subscribe !== 'function' || typeof adapter.listConversations !== 'function') {
      throw new TypeError('ConversationsClient needs an adapter that implements ConversationsAdapter.');
    }
    this.adapter = adapter;
    const kernel = new ClientKernel(adapter, options, this.#hooks());
    this.#kernel = kernel;
    this.#outbox = new OutboxService(kernel, {
      changed: (id) => this.#threads.showConversation(id),
      landed: (message) => this.#threads.landed(message),
    });
    this.#threads = new ThreadService(kernel, this.#outbox);
    this.#list = new ConversationListService(kernel);
    this.#presence = new PresenceService(kernel);
    this.#settingsService = new SettingsService(kernel);
    this.#feed = feedUnreadTotals(kernel, options.unreadTotals);
    this.unreadTotals = this.#feed.totals;
    this.#changes = new Changes({
      kernel,
      list: this.#list,
      threads: this.#threads,
      outbox: this.#outbox,
      settings: this.#settingsService,
      totals: this.unreadTotals,
      presence: this.#presence,
    });

    this.viewer = kernel.viewer;
    this.policy = kernel.policy;
    this.unread = this.unreadTotals.unread;
    this.conversations = this.#list.store;
    this.settings = this.#settingsService.store;
    this.activeConversation = this.#activeStore;
    this.signedOut = kernel.signedOut;
  }

  /** What the kernel tells, routed to the services concerned. */
  #hooks(): KernelHooks {
    return {
      event: (event) => this.#changes.apply(event),
      // Back online: what could not load, or may have changed meanwhile, is asked for again.
      online: () => {
        this.#outbox.wake();
        this.#outbox.drain();
        void this.#outbox.resync();
        if (this.#list.wanted) void this.#list.reload();
        void Promise.all(this.#threads.reloadAll());
      },
      restore: (cache) => this.#outbox.restore(cache),
      opened: () => {
        this.#threads.opened();
        if (this.#list.store.value.status === 'ready') this.#list.persist();
      },
      forgot: () => {
        this.#outbox.clear();
        this.#list.forget();
        this.#threads.forget();
        void this.refresh().catch(() => undefined);
      },
      started: () => this.#outbox.resume(),
      heard: (message) => this.#outbox.heard(message),
      stopped: () => {
        this.#outbox.stop();
        this.#changes.stop();
        this.#feed.stop();
      },
      cleared: () => {
        this.#outbox.clear();
        this.unreadTotals.reset();
        this.#list.clear();
        this.#settingsService.clear();
        this.#activeStore.set(undefined);
        this.#threads.clear();
        this.#presence.clear();
      },
    };
  }

  /** True when the adapter serves this optional part (elements hide a control otherwise). */
  can(capability: Capability): boolean {
    return hasCapability(this.adapter, capability);
  }

  // ─── Lifecycle ────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts the client: subscribes to the adapter, opens the cache, learns who is viewing and
   * resumes the outbox. Called by the first subscription or method; calling it again is free.
   * Resolves when the viewer is known (or could not be learned: the stores then say why).
   */
  connect(): Promise<void> {
    return this.#kernel.connect();
  }

  /**
   * Stops everything: the adapter subscription, requests under way, the outbox (another tab takes
   * it over), listeners and channels. Stores keep their last values. Calling it twice is harmless.
   * Unread totals given in the options are left to whoever made them.
   */
  dispose(): void {
    this.#kernel.dispose();
  }

  /**
   * Signs the viewer out of conversations on this browser: clears their cache and outbox here and
   * in every other tab, and stops this client. Undelivered messages are discarded.
   */
  signOut(): Promise<void> {
    return this.#kernel.signOut();
  }

  /** Asks the adapter again for everything on show, and nudges the outbox. */
  async refresh(): Promise<void> {
    this.#kernel.assertUsable();
    await this.#kernel.whenCacheReady();
    const work: Promise<unknown>[] = [];
    if (this.#list.wanted) work.push(this.#list.reload());
    void this.unreadTotals.refresh();
    if (this.#settingsService.wanted) work.push(this.#settingsService.fetch());
    work.push(...this.#threads.reloadAll());
    this.#outbox.drain();
    await Promise.all(work);
  }

  // ─── What the member has in front of them ─────────────────────────────────────────────────────

  /** Which conversation the member has in front of them (the notifier stays quiet for it). */
  setActiveConversation(id: ConversationId | undefined): void {
    if (id !== undefined) assertConversationId(id);
    this.#activeStore.set(id);
  }

  /** Messages from others as they arrive (never the viewer's own), for in-app notifications. */
  onIncoming(listener: (incoming: IncomingMessage) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onIncoming needs a function.');
    const stop = this.#changes.listen(listener);
    if (this.#kernel.active) void this.connect();
    return stop;
  }

  // ─── The list and threads ─────────────────────────────────────────────────────────────────────

  /** Loads the next page of the list; does nothing when there is none or one is on its way. */
  async loadMoreConversations(): Promise<void> {
    this.#kernel.assertUsable();
    return this.#list.loadMore();
  }

  /**
   * One conversation's state. The same store is returned for the same id; it loads on its first
   * subscription (from the cache at once, then from the adapter) and then follows live events.
   */
  thread(id: ConversationId): ReadableStore<ThreadState> {
    assertConversationId(id);
    return this.#threads.store(id);
  }

  /**
   * Opens the thread at one message (a search result, S30): its store then holds the page around
   * it, `focus` names it, and `hasNewer` says newer pages remain (`loadNewerMessages`).
   */
  async showMessage(id: ConversationId, messageId: MessageId): Promise<void> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    return this.#threads.showAround(id, messageId);
  }

  /** Loads the page after the newest message of a thread opened at a message. */
  async loadNewerMessages(id: ConversationId): Promise<void> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    return this.#threads.loadNewer(id);
  }

  /** Shows a thread's newest messages again, after `showMessage`. */
  async showLatestMessages(id: ConversationId): Promise<void> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    return this.#threads.showLatest(id);
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlderMessages(id: ConversationId): Promise<void> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    return this.#threads.loadOlder(id);
  }

  /**
   * Marks a conversation read up to `upTo` (default: its newest message). The totals drop at once;
   * the adapter's event confirms it in every tab.
   */
  async markRead(conversationId: ConversationId, upTo?: MessageId): Promise<void> {
    assertConversationId(conversationId);
    if (upTo !== undefined && (typeof upTo !== 'string' || upTo.length === 0)) {
      throw new ValidationError('bad-id', 'That message id is not valid.', { field: 'request' });
    }
    return this.#changes.markRead(conversationId, upTo);
  }

  // ─── Presence (S27–S29, S31) ──────────────────────────────────────────────────────────────────

  /** Who has read the viewer's newest message there, and who is typing (live). */
  presence(id: ConversationId): ReadableStore<PresenceState> {
    assertConversationId(id);
    return this.#presence.store(id);
  }

  /** The viewer is typing there: others are told, at most once every few seconds (S28). */
  typing(id: ConversationId): void {
    assertConversationId(id);
    this.#presence.sendTyping(id);
  }

  /** Mutes or unmutes a conversation (S29): shown at once; the totals leave it out. */
  async setMuted(id: ConversationId, muted: boolean): Promise<Conversation> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    const setMuted = this.#optional('mute', this.adapter.setMuted);
    const conversation = await setMuted.call(this.adapter, id, muted, { signal: this.#kernel.signal });
    if (this.#kernel.active) this.#changes.ownViewChanged(conversation);
    return conversation;
  }

  /** Marks a conversation unread (S31): the envelope turns gold again until it is read. */
  async markUnread(id: ConversationId): Promise<Conversation> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    const markUnread = this.#optional('mark-unread', this.adapter.markUnread);
    const conversation = await markUnread.call(this.adapter, id, { signal: this.#kernel.signal });
    if (this.#kernel.active) this.#changes.ownViewChanged(conversation);
    return conversation;
  }

  /** Leaves a conversation of several people (S29): it goes from the list at once. */
  async leave(id: ConversationId): Promise<void> {
    assertConversationId(id);
    this.#kernel.assertUsable();
    const leave = this.#optional('leave', this.adapter.leaveConversation);
    await leave.call(this.adapter, id, { signal: this.#kernel.signal });
    if (this.#kernel.active) this.#changes.left(id);
  }

  #optional<F>(capability: Capability, method: F | undefined): F {
    if (!this.can(capability) || method === undefined) {
      throw new TypeError(`This adapter does not serve '${capability}'; check client.can() first.`);
    }
    return method;
  }

  // ─── Writing ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a message. It is checked against the policy (a bad one is refused with a
   * `ValidationError` and changes nothing), stored in the outbox, and resolves at once as
   * `pending`; the thread follows it to `sent` or `failed` (or await `settled()`).
   */
  async send(
    conversationId: ConversationId,
    body: string,
    options: { readonly asGroup?: GroupId } = {},
  ): Promise<ClientMessage> {
    assertConversationId(conversationId);
    return this.#outbox.send(conversationId, body, options);
  }

  /** Resolves when a message in the outbox is sent or fails (at once if it already has). */
  settled(conversationId: ConversationId, clientId: ClientId): Promise<ClientMessage> {
    assertConversationId(conversationId);
    const waiting = this.#outbox.settled(conversationId, clientId);
    if (waiting) return waiting;
    const landed = this.#threads
      .confirmedIn(conversationId)
      .find((message) => message.clientId === clientId && this.#outbox.wasDelivered(clientId));
    if (landed) return Promise.resolve(shownAsSent(landed));
    return Promise.reject(new NotFoundError('That message is not waiting to be sent.'));
  }

  /** Sends a failed message again (with the same client id), or tries a pending one now. */
  retry(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    return this.#outbox.retry(conversationId, clientId);
  }

  /** Drops a failed message from the outbox. A message still being sent cannot be discarded. */
  discard(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    return this.#outbox.discard(conversationId, clientId);
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
    return this.#changes.start(input);
  }

  /**
   * S25 (`can('edit')`): changes the text of one of the viewer's sent messages, within the
   * policy's window. Checked like a new message; shown in the thread once the backend has it.
   */
  async editMessage(conversationId: ConversationId, messageId: MessageId, body: string): Promise<Message> {
    return (await this.#changeService()).edit(conversationId, messageId, body);
  }

  /** S25 (`can('delete')`): deletes one of the viewer's sent messages; it stays as "deleted". */
  async deleteMessage(conversationId: ConversationId, messageId: MessageId): Promise<Message> {
    return (await this.#changeService()).delete(conversationId, messageId);
  }

  /** S26 (`can('reactions')`): puts the viewer's reaction on a message (`on`), or takes it back. */
  async react(
    conversationId: ConversationId,
    messageId: MessageId,
    emoji: string,
    on: boolean,
  ): Promise<Message> {
    return (await this.#changeService()).react(conversationId, messageId, emoji, on);
  }

  #changeService(): Promise<MessageChangeService> {
    this.#edits ??= loadOnUse(import('./services/message-change-service.js')).then(
      ({ MessageChangeService }) => new MessageChangeService(this.#kernel, this.#threads, this.#list),
    );
    // Not loaded (offline, say): the next call tries again.
    this.#edits.catch(() => (this.#edits = undefined));
    return this.#edits;
  }

  // ─── Settings ─────────────────────────────────────────────────────────────────────────────────

  /** Loads the member's notification settings (cached first). */
  loadSettings(): Promise<void> {
    return this.#settingsService.load();
  }

  /**
   * Changes some settings. Shown at once (`saving`); on failure the previous value comes back with
   * `status: 'error'` and the promise rejects with the typed error.
   */
  updateSettings(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    return this.#settingsService.update(patch);
  }

  // ─── Capabilities and the member's data ───────────────────────────────────────────────────────

  /** S21: the member's data as a JSON file to download; a `NotFoundError` where the backend has no export. */
  async exportData(): Promise<Blob> {
    const kernel = this.#kernel;
    kernel.assertUsable();
    if (!this.can('export') || !this.adapter.exportData) {
      throw new NotFoundError('This portal offers no download of your data.');
    }
    return this.adapter.exportData({ signal: kernel.signal });
  }

  // ─── The directory and reports ────────────────────────────────────────────────────────────────

  /** Reports a message or conversation to the portal (S7). */
  async report(input: ReportInput): Promise<{ id: string }> {
    if (typeof input !== 'object' || input === null) {
      throw new ValidationError('bad-report', 'Say what you are reporting and why.', { field: 'request' });
    }
    const kernel = this.#kernel;
    await kernel.whenCacheReady();
    kernel.assertUsable();
    const reason = assertReportReason(input.reason, kernel.policy.value);
    const { id } = await kernel.adapter.report({ target: input.target, reason }, { signal: kernel.signal });
    return { id };
  }

  /**
   * S18: unread counts per group the viewer reads (capability `group-readers`; none without it),
   * for the list's group filter. Asked of the backend each time: the totals stay the badge's.
   */
  async unreadByGroup(options: RequestOptions = {}): Promise<readonly GroupUnread[]> {
    if (!this.can('group-readers')) return [];
    const summary = await this.#ask(
      (signal) => this.adapter.getUnreadSummary({ ...options, byGroup: true, signal }),
      options,
    );
    return summary.groups ?? [];
  }

  /** Members and groups whose name matches, for choosing recipients (S6). */
  async search(query: string, options: SearchOptions = {}): Promise<readonly Party[]> {
    if (typeof query !== 'string') {
      throw new ValidationError('bad-request', 'Search for a name.', { field: 'request' });
    }
    return this.#ask((signal) => this.adapter.searchDirectory(query, { ...options, signal }), options);
  }

  /**
   * The viewer's conversations by a participant's name, and messages by their text (S30). An
   * adapter that does not declare `'search'` cannot: `can('search')` says so beforehand.
   */
  async searchConversations(
    query: string,
    options: SearchConversationsOptions = {},
  ): Promise<ConversationSearchResults> {
    const adapter = this.adapter;
    if (!adapter.searchConversations || !this.can('search')) {
      throw new UnavailableError('This portal does not search conversations.');
    }
    return this.#ask((signal) => adapter.searchConversations!(query, { ...options, signal }), options);
  }

  /** One member or group by reference, for showing a name (a preset recipient, a contact). */
  async getParty(ref: PartyRef, options: RequestOptions = {}): Promise<Party> {
    return this.#ask((signal) => this.adapter.getParty(ref, { ...options, signal }), options);
  }

  // ─── Who may message whom (S14, S15) ──────────────────────────────────────────────────────────

  /** S15: blocks a member (`member-blocks`). */
  blockMember(memberId: MemberId, options: RequestOptions = {}): Promise<void> {
    return this.#ask((signal) => this.#blocks().blockMember!(memberId, { signal }), options);
  }

  /** S15: lifts a block. */
  unblockMember(memberId: MemberId, options: RequestOptions = {}): Promise<void> {
    return this.#ask((signal) => this.#blocks().unblockMember!(memberId, { signal }), options);
  }

  /** S15: the members the viewer blocked. */
  listBlockedMembers(options: RequestOptions = {}): Promise<readonly Member[]> {
    return this.#ask((signal) => this.#blocks().listBlockedMembers!({ signal }), options);
  }

  #blocks(): ConversationsAdapter {
    const { adapter } = this;
    if (
      !this.can('member-blocks') ||
      !adapter.blockMember ||
      !adapter.unblockMember ||
      !adapter.listBlockedMembers
    ) {
      throw new ForbiddenError('not-allowed', 'This portal does not offer blocking members.');
    }
    return adapter;
  }

  /** A read of the directory: refused once signed out, aborted with the client or the caller. */
  #ask<T>(read: (signal: AbortSignal | undefined) => Promise<T>, options: RequestOptions): Promise<T> {
    this.#kernel.assertUsable();
    void this.connect();
    return read(anySignal([options.signal, this.#kernel.signal]));
  }
}
