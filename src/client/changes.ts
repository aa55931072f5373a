/**
 * What changes a conversation, applied to every service it concerns: the adapter's live events
 * (a message moves its conversation in the list, joins its thread, confirms an outbox entry,
 * moves the unread totals and, from someone else, is told to whoever listens), and the member's
 * own reads and starts, shown at once and then confirmed.
 */
import type { StartConversationResult } from '../adapter/adapter.js';
import type { AdapterEvent } from '../adapter/events.js';
import { createClientId } from '../core/ids.js';
import { assertClientId, assertMessageBody } from '../core/policy.js';
import type { Conversation, ConversationId, Message, MessageId, PartyRef, Viewer } from '../core/types.js';
import type { ClientKernel } from './kernel.js';
import { loadOnUse } from './on-use.js';
import type { ConversationListService } from './services/conversation-list-service.js';
import type { OutboxService } from './services/outbox-service.js';
import type { SettingsService } from './services/settings-service.js';
import type { PresenceService } from './services/presence-service.js';
import type { ThreadService } from './services/thread-service.js';
import { countedInTotal, notifies } from '../core/presence.js';
import type { IncomingMessage, StartConversationOptions } from './types.js';
import type { UnreadTotals } from './unread-totals.js';

/** The parts of a client that changes reach. */
export interface ClientServices {
  readonly kernel: ClientKernel;
  readonly list: ConversationListService;
  readonly threads: ThreadService;
  readonly outbox: OutboxService;
  readonly settings: SettingsService;
  readonly totals: UnreadTotals;
  readonly presence: PresenceService;
}

export class Changes {
  readonly #listeners = new Set<(incoming: IncomingMessage) => void>();

  readonly #services: ClientServices;

  constructor(services: ClientServices) {
    this.#services = services;
  }

  // ─── Heard from the adapter ───────────────────────────────────────────────────────────────────

  apply(event: AdapterEvent): void {
    const { kernel, list, settings, totals } = this.#services;
    switch (event.type) {
      case 'message-added':
      case 'conversation-added':
        this.#arrived(event.message, event.conversation);
        break;
      case 'message-changed':
        // Not an arrival: no unread count moves, nobody is told of it as new (S25: no second notice).
        this.#services.threads.changed(event.message);
        list.messageChanged(event.message);
        break;
      case 'read-changed':
        this.#showRead(event.conversationId, event.unreadCount);
        void totals.refresh();
        break;
      case 'settings-changed':
        settings.changed(event.settings);
        // Read receipts on or off changes what "Seen by" shows (S27).
        this.#services.presence.reloadAll();
        break;
      case 'conversation-changed':
        this.#changed(event.conversation);
        break;
      case 'conversation-removed':
        this.#removed(event.conversationId);
        break;
      case 'seen-changed':
        this.#services.presence.seen(event.seenBy);
        break;
      case 'typing':
        this.#services.presence.typing(event.conversationId, event.member);
        break;
      case 'viewer-changed':
        kernel.viewerChanged(event.viewer);
        // Memberships changed: conversations may have appeared or become unreadable.
        if (list.wanted) void list.reload();
        void totals.refresh();
        break;
    }
  }

  /** Messages from others as they arrive; returns the function that stops listening. */
  listen(listener: (incoming: IncomingMessage) => void): () => void {
    // Wrapped so that the same function twice is two subscriptions, each removable on its own.
    const entry = (incoming: IncomingMessage) => listener(incoming);
    if (this.#services.kernel.active) this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** The client stopped: nobody is told of anything any more. */
  stop(): void {
    this.#listeners.clear();
  }

  #arrived(message: Message, conversation: Conversation): void {
    const { kernel, list, threads, outbox, totals } = this.#services;
    const previous = list.find(conversation.id);
    list.upsert(conversation);
    threads.receive(conversation, message);
    if (outbox.confirm(message)) {
      // The backend has it: no need to send it again, whichever tab is draining.
      void kernel.cache?.deleteOutbox(message.clientId).catch(() => undefined);
    } else {
      threads.showConversation(conversation.id);
    }
    if (previous) totals.adjust(countedInTotal(previous), countedInTotal(conversation));
    void totals.refresh();
    this.#services.presence.message(message, kernel.viewer.value?.member.id);
    const viewer = kernel.viewer.value;
    if (viewer === undefined) {
      void kernel.viewerRequest?.then((known) => known && this.#announce(known, message, conversation));
    } else {
      this.#announce(viewer, message, conversation);
    }
  }

  #announce(viewer: Viewer, message: Message, conversation: Conversation): void {
    if (!this.#services.kernel.active || message.author.id === viewer.member.id) return;
    // Muted conversations and "… left" entries notify nobody (S29).
    if (!notifies(conversation, message)) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener({ message, conversation });
      } catch (error) {
        console.error(error);
      }
    }
  }

  /** The viewer muted, unmuted or marked a conversation unread, here or in another tab. */
  #changed(conversation: Conversation): void {
    const { list, threads, totals } = this.#services;
    const previous = list.find(conversation.id);
    if (previous) totals.adjust(countedInTotal(previous), countedInTotal(conversation));
    list.replace(conversation);
    threads.conversationChanged(conversation);
    void totals.refresh();
  }

  /** The viewer left a conversation: out of the list, the thread and the totals. */
  #removed(id: ConversationId): void {
    const { list, threads, totals, presence } = this.#services;
    const previous = list.find(id);
    if (previous) totals.adjust(countedInTotal(previous), 0);
    list.remove(id);
    threads.removed(id);
    presence.removed(id);
    void totals.refresh();
  }

  /** Applies the answer of a mute, unmute or mark-unread at once; its event confirms it. */
  ownViewChanged(conversation: Conversation): void {
    this.#changed(conversation);
  }

  /** Applies a leave at once; its event confirms it. */
  left(id: ConversationId): void {
    this.#removed(id);
  }

  /** A conversation's unread count changed: the list, its thread and the totals show it. */
  #showRead(id: ConversationId, unreadCount: number): void {
    const { list, threads, totals } = this.#services;
    const previous = list.find(id);
    if (previous) {
      if (!previous.muted) totals.adjust(previous.unreadCount, unreadCount);
      list.setUnreadCount(id, unreadCount);
    }
    threads.readChanged(id, unreadCount);
  }

  // ─── Made here ────────────────────────────────────────────────────────────────────────────────

  /** Marks read up to `upTo` (default: the newest message): the totals drop at once. */
  async markRead(conversationId: ConversationId, upTo: MessageId | undefined): Promise<void> {
    const { kernel, list, threads, totals } = this.#services;
    await kernel.whenCacheReady();
    kernel.assertUsable();
    const held = threads.known(conversationId);
    const listed = list.find(conversationId);
    let conversation = listed ?? held.conversation;
    let newest = held.newest?.id ?? listed?.lastMessage?.id;
    if (newest === undefined || conversation === undefined) {
      conversation = await kernel.adapter.getConversation(conversationId, { signal: kernel.signal });
      newest ??= conversation.lastMessage?.id;
    }
    const target = upTo ?? newest;
    if (target === undefined) return;
    if (target === newest && conversation.unreadCount > 0) {
      // `showRead` moves the totals through the list; without the list, move them here. The
      // totals are read again once the backend has the read (a read before would undo the zero).
      if (!listed) totals.adjust(countedInTotal(conversation), 0);
      this.#showRead(conversationId, 0);
    }
    try {
      await kernel.adapter.markRead(conversationId, target, { signal: kernel.signal });
    } catch (error) {
      // Undo the optimistic zero by asking again what is true.
      if (kernel.active && list.wanted) void list.reload();
      throw error;
    } finally {
      // Resolve with the totals confirmed, so that a caller reading them next sees the truth.
      await totals.refresh();
    }
  }

  /** Starts a conversation, checked here first; shown in the list and thread once it lands. */
  async start(input: StartConversationOptions): Promise<StartConversationResult> {
    const { kernel, list, threads } = this.#services;
    const viewer = await kernel.requireViewer();
    const policy = kernel.policy.value;
    const body = assertMessageBody(input.body, policy);
    const group = kernel.managedGroup(viewer, input.asGroup);
    const sender: PartyRef = group
      ? { kind: 'group', id: group.id }
      : { kind: 'member', id: viewer.member.id };
    // Loaded on the first start (compose has loaded it already).
    const { normalizeRecipients } = await loadOnUse(import('../core/recipients.js'));
    const recipients = normalizeRecipients(input.recipients, sender, policy);
    const clientId = input.clientId === undefined ? createClientId() : assertClientId(input.clientId);
    const result = await kernel.adapter.startConversation(
      { recipients, body, clientId, ...(group ? { asGroup: group.id } : {}) },
      { signal: kernel.signal },
    );
    if (kernel.active) {
      list.upsert(result.conversation);
      threads.started(result.conversation, result.message);
    }
    return result;
  }
}
