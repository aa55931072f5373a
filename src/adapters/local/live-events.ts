/**
 * Live events for one viewer of the local database. Each adapter has its own `BroadcastChannel`:
 * a change is posted there (reaching every other adapter on the database, in this tab and others,
 * but not the poster) and handled by the adapter that made it directly, so each adapter hears of
 * each change once and turns it into at most one event for its own viewer (S5: none for
 * outsiders).
 */
import type { AdapterEvent, AdapterEventListener, Unsubscribe } from '../../adapter/events.js';
import { mayRead } from '../../core/decisions.js';
import type { MemberId } from '../../core/types.js';
import { warn } from '../../internal/dev-mode.js';
import type { LocalDatabase } from './database.js';
import { sharesReceipts } from '../../core/presence.js';
import {
  channelName,
  isNotice,
  type ChangedNotice,
  type Notice,
  type ReadNotice,
  type TypingNotice,
} from './notices.js';
import { seenByIn } from './presence.js';
import { leftOf, type ConversationRow, type ReadTx } from './schema.js';
import { DirectoryLookup, loadViewerContext, toViewer, viewConversations, viewMessages } from './views.js';

/**
 * S25, S26: a change of a stored message. Not one of `isNotice`'s on purpose: it never moves an
 * unread count, so the badge's unread source (which loads `isNotice`) neither hears nor carries it.
 */
function isChangedNotice(value: unknown): value is ChangedNotice {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'changed';
}

export class ViewerEvents {
  private readonly listeners = new Set<AdapterEventListener>();
  private channel?: BroadcastChannel;
  /** Notices are turned into events one at a time, so events keep the order of the changes. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly database: LocalDatabase,
    private readonly viewerId: MemberId,
  ) {}

  subscribe(listener: AdapterEventListener): Unsubscribe {
    if (this.closed) return () => undefined;
    // Wrapped so that the same function subscribed twice is two subscriptions, like two elements.
    const entry: AdapterEventListener = (event) => listener(event);
    this.listeners.add(entry);
    this.openChannel();
    return () => {
      this.listeners.delete(entry);
    };
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.channel?.close();
    this.channel = undefined;
  }

  /** Tells every adapter on this database, this one included, of a committed change. */
  announce(notice: Notice): void {
    if (this.closed) return;
    this.openChannel()?.postMessage(notice);
    this.receive(notice);
  }

  private openChannel(): BroadcastChannel | undefined {
    if (this.closed) return undefined;
    if (!this.channel) {
      this.channel = new BroadcastChannel(channelName(this.database.name));
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        if (isNotice(event.data) || isChangedNotice(event.data)) this.receive(event.data);
      };
    }
    return this.channel;
  }

  private receive(notice: Notice): void {
    if (this.closed || this.listeners.size === 0) return;
    this.queue = this.queue
      .then(() => this.eventFor(notice))
      .then(
        (event) => {
          if (event) this.emit(event);
        },
        (error: unknown) => {
          // The database was closed or deleted under us: nothing to announce.
          if (!this.closed) warn('a change could not be turned into an event', error);
        },
      );
  }

  private emit(event: AdapterEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One failing listener must not keep the event from the others.
        reportError(error);
      }
    }
  }

  /** What a change means to this adapter's viewer, if anything (S5: nothing to outsiders). */
  private async eventFor(notice: Notice): Promise<AdapterEvent | undefined> {
    switch (notice.type) {
      case 'message':
        return this.database.read(undefined, async (tx) => {
          const context = await loadViewerContext(tx, this.viewerId);
          if (!mayRead(context, notice.conversation.participants, leftOf(notice.conversation)))
            return undefined;
          const [conversation] = await viewConversations(tx, this.database.directory, this.viewerId, [
            notice.conversation,
          ]);
          const [message] = await viewMessages(tx, this.database.directory, [notice.message], this.viewerId);
          return notice.created
            ? { type: 'conversation-added', conversation: conversation!, message: message! }
            : { type: 'message-added', conversation: conversation!, message: message! };
        });
      case 'changed':
        return this.database.read(undefined, async (tx) => {
          const context = await loadViewerContext(tx, this.viewerId);
          if (!mayRead(context, notice.conversation.participants, leftOf(notice.conversation)))
            return undefined;
          const [conversation] = await viewConversations(tx, this.database.directory, this.viewerId, [
            notice.conversation,
          ]);
          const [message] = await viewMessages(tx, this.database.directory, [notice.message], this.viewerId);
          return { type: 'message-changed', conversation: conversation!, message: message! };
        });
      case 'read':
        if (notice.memberId !== this.viewerId) return this.seenChanged(notice);
        return {
          type: 'read-changed',
          conversationId: notice.conversationId,
          upTo: notice.upTo,
          unreadCount: Math.max(0, notice.lastSeq - notice.readSeq),
        };
      case 'settings':
        if (notice.memberId !== this.viewerId) return undefined;
        return { type: 'settings-changed', settings: { ...notice.settings } };
      case 'typing':
        return notice.memberId === this.viewerId ? undefined : this.typing(notice);
      case 'conversation':
        if (notice.memberId !== this.viewerId) return undefined;
        return this.database.read(undefined, async (tx) => {
          const row = await this.visibleRow(tx, notice.conversationId);
          if (!row) return undefined;
          const [conversation] = await viewConversations(tx, this.database.directory, this.viewerId, [row]);
          return { type: 'conversation-changed', conversation: conversation! };
        });
      case 'left':
        if (notice.memberId !== this.viewerId) return undefined;
        return { type: 'conversation-removed', conversationId: notice.conversationId };
      case 'directory':
        if (!notice.memberIds.includes(this.viewerId)) return undefined;
        return this.database.read(undefined, async (tx) => ({
          type: 'viewer-changed',
          viewer: await toViewer(tx, await loadViewerContext(tx, this.viewerId)),
        }));
    }
  }

  private async visibleRow(tx: ReadTx, conversationId: string): Promise<ConversationRow | undefined> {
    const [context, row] = await Promise.all([
      loadViewerContext(tx, this.viewerId),
      tx.objectStore('conversations').get(conversationId),
    ]);
    return row && mayRead(context, row.participants, leftOf(row)) ? row : undefined;
  }

  /** S27: another member's read reached the viewer's own newest message, and they share it. */
  private seenChanged(notice: ReadNotice): Promise<AdapterEvent | undefined> {
    return this.database.read(undefined, async (tx) => {
      const row = await this.visibleRow(tx, notice.conversationId);
      if (!row) return undefined;
      const ownSeq = (await tx.objectStore('reads').get([this.viewerId, row.id]))?.ownSeq;
      if (ownSeq === undefined || ownSeq <= (notice.previousSeq ?? 0) || ownSeq > notice.readSeq) {
        return undefined;
      }
      const seenBy = await seenByIn(tx, this.database.directory, this.viewerId, row);
      if (!seenBy.readers.some((reader) => reader.id === notice.memberId)) return undefined;
      return { type: 'seen-changed', seenBy };
    });
  }

  /** S28: a participant is typing; nothing for outsiders or a viewer who does not share receipts. */
  private typing(notice: TypingNotice): Promise<AdapterEvent | undefined> {
    return this.database.read(undefined, async (tx) => {
      const [row, settings] = await Promise.all([
        this.visibleRow(tx, notice.conversationId),
        tx.objectStore('settings').get(this.viewerId),
      ]);
      if (!row || !sharesReceipts(settings)) return undefined;
      const directory = new DirectoryLookup(tx, this.database.directory);
      await directory.load([{ kind: 'member', id: notice.memberId }]);
      return { type: 'typing', conversationId: row.id, member: directory.member(notice.memberId) };
    });
  }
}
