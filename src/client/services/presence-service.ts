/**
 * Presence per conversation (S27, S28): who has read the viewer's newest message, and who is
 * typing now. One store per conversation, loaded on its first subscription when the adapter
 * serves read receipts, and kept live by `seen-changed`, `typing` and `message-added` events.
 * Typing is sent at most once per `TYPING_INTERVAL_MS` from here, so the adapter's refusal is
 * only a backstop.
 */
import { hasCapability } from '../../adapter/capabilities.js';
import { replyMaySee, TYPING_INTERVAL_MS, TYPING_SHOWN_MS } from '../../core/presence.js';
import type { ConversationId, Member, Message, SeenBy } from '../../core/types.js';
import type { ClientKernel } from '../kernel.js';
import { WritableStore, type ReadableStore } from '../store.js';

export interface PresenceState {
  /** Absent until loaded, and where the adapter serves no read receipts. */
  readonly seenBy?: SeenBy;
  /** Who is typing now, oldest first; never the viewer. */
  readonly typing: readonly Member[];
}

const NOBODY: PresenceState = Object.freeze({ typing: Object.freeze([]) as readonly Member[] });

interface PresenceRecord {
  readonly store: WritableStore<PresenceState>;
  /** When each typing member's "is typing" ends. */
  readonly timers: Map<string, ReturnType<typeof setTimeout>>;
}

export class PresenceService {
  readonly #kernel: ClientKernel;
  readonly #records = new Map<ConversationId, PresenceRecord>();
  readonly #typingSentAt = new Map<ConversationId, number>();

  constructor(kernel: ClientKernel) {
    this.#kernel = kernel;
  }

  store(id: ConversationId): ReadableStore<PresenceState> {
    return this.#record(id).store;
  }

  #record(id: ConversationId): PresenceRecord {
    let record = this.#records.get(id);
    if (!record) {
      const store = new WritableStore<PresenceState>(NOBODY, () => void this.loadSeenBy(id));
      record = { store, timers: new Map() };
      this.#records.set(id, record);
    }
    return record;
  }

  /** Asks the adapter who has read the viewer's newest message (when it serves receipts). */
  async loadSeenBy(id: ConversationId): Promise<void> {
    const { adapter } = this.#kernel;
    if (!hasCapability(adapter, 'receipts') || !adapter.getSeenBy) return;
    try {
      const seenBy = await adapter.getSeenBy(id, { signal: this.#kernel.signal });
      this.seen(seenBy);
    } catch {
      // Not shown rather than wrong: the thread says why it cannot load on its own.
    }
  }

  /** The adapter told who has read the viewer's newest message. */
  seen(seenBy: SeenBy): void {
    const record = this.#records.get(seenBy.conversationId);
    if (record) record.store.set({ ...record.store.value, seenBy });
  }

  /**
   * A message arrived: its author has stopped typing; a message of the viewer's is read by nobody
   * yet; a reply from someone else read the viewer's message, so who has seen it is asked again
   * while a thread shows it (the backends push reads, not writes).
   */
  message(message: Message, viewerId: string | undefined): void {
    const record = this.#records.get(message.conversationId);
    if (!record) return;
    this.#stopTyping(record, message.author.id);
    const { seenBy } = record.store.value;
    if (message.author.id === viewerId && message.system === undefined) {
      record.store.set({
        ...record.store.value,
        seenBy: { conversationId: message.conversationId, messageId: message.id, readers: [] },
      });
    } else if (seenBy && record.store.observed && replyMaySee(seenBy, message, viewerId)) {
      void this.loadSeenBy(message.conversationId);
    }
  }

  /** Someone else is typing: shown for `TYPING_SHOWN_MS`, or until their message arrives. */
  typing(id: ConversationId, member: Member): void {
    const record = this.#records.get(id);
    if (!record) return;
    clearTimeout(record.timers.get(member.id));
    record.timers.set(
      member.id,
      setTimeout(() => this.#stopTyping(record, member.id), TYPING_SHOWN_MS),
    );
    const { typing } = record.store.value;
    if (typing.some((m) => m.id === member.id)) return;
    record.store.set({ ...record.store.value, typing: [...typing, member] });
  }

  #stopTyping(record: PresenceRecord, memberId: string): void {
    clearTimeout(record.timers.get(memberId));
    record.timers.delete(memberId);
    const { typing } = record.store.value;
    if (!typing.some((m) => m.id === memberId)) return;
    record.store.set({ ...record.store.value, typing: typing.filter((m) => m.id !== memberId) });
  }

  /**
   * The viewer is typing here: tells the adapter at most once per interval (S28). Refusals and
   * failures are dropped: typing is a hint, never worth an error in front of the member.
   */
  sendTyping(id: ConversationId): void {
    const { adapter } = this.#kernel;
    if (!hasCapability(adapter, 'typing') || !adapter.sendTyping || !this.#kernel.active) return;
    const now = Date.now();
    const last = this.#typingSentAt.get(id);
    if (last !== undefined && now - last < TYPING_INTERVAL_MS) return;
    this.#typingSentAt.set(id, now);
    adapter.sendTyping(id, { signal: this.#kernel.signal }).catch(() => undefined);
  }

  /** The viewer's read-receipt setting may have changed: ask again for what is shown. */
  reloadAll(): void {
    for (const id of this.#records.keys()) void this.loadSeenBy(id);
  }

  /** The viewer left the conversation, or signed out: nothing of it is shown. */
  removed(id: ConversationId): void {
    const record = this.#records.get(id);
    if (!record) return;
    for (const timer of record.timers.values()) clearTimeout(timer);
    record.timers.clear();
    record.store.set(NOBODY);
  }

  clear(): void {
    for (const id of this.#records.keys()) this.removed(id);
    this.#typingSentAt.clear();
  }
}
