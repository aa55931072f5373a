import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationsClient, ThreadState } from '../../client/conversations-client.js';
import type { ConversationId } from '../../core/types.js';

export interface ReadWhenSeenOptions {
  readonly client: () => ConversationsClient | undefined;
  readonly conversation: () => ConversationId | undefined;
  readonly thread: () => ThreadState;
  /** The element that shows the newest message, once rendered. */
  readonly newest: () => Element | null | undefined;
}

/**
 * Marks a conversation read up to its newest message once the member can actually see it: the
 * message is on screen (an IntersectionObserver) and the tab is visible. Opening a conversation
 * with nothing unread marks nothing, unless a message arrived while it was open (`heard()`).
 */
export class ReadWhenSeenController implements ReactiveController {
  private observer?: IntersectionObserver;
  private observed?: Element;
  private newestVisible = false;
  private markedUpTo?: string;
  private heardSinceOpen = false;

  private readonly onVisibilityChange = () => this.markReadIfSeen();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ReadWhenSeenOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.target === this.observed) this.newestVisible = entry.isIntersecting;
      }
      this.markReadIfSeen();
    });
    this.observed = undefined;
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.observer?.disconnect();
    this.observer = undefined;
    this.newestVisible = false;
  }

  hostUpdated(): void {
    this.observeNewest();
    this.markReadIfSeen();
  }

  /** Another conversation opened: nothing of it is marked or heard yet. */
  reset(): void {
    this.markedUpTo = undefined;
    this.heardSinceOpen = false;
  }

  /** A message from someone else arrived while the conversation was open. */
  heard(): void {
    this.heardSinceOpen = true;
  }

  private observeNewest() {
    const newest = this.options.newest() ?? undefined;
    if (newest === this.observed) return;
    if (this.observed) this.observer?.unobserve(this.observed);
    this.observed = newest;
    this.newestVisible = false;
    if (newest) this.observer?.observe(newest);
  }

  private markReadIfSeen() {
    if (!this.newestVisible || document.visibilityState !== 'visible') return;
    const client = this.options.client();
    const { conversation, messages } = this.options.thread();
    if (!client || !conversation || conversation.id !== this.options.conversation()) return;
    const newest = messages.findLast((message) => message.status === 'sent');
    if (!newest || newest.id === this.markedUpTo) return;
    if (conversation.unreadCount === 0 && !this.heardSinceOpen) return;
    this.markedUpTo = newest.id;
    client.markRead(conversation.id, newest.id).catch(() => {
      // Try again the next time the newest message is seen.
      this.markedUpTo = undefined;
    });
  }
}
