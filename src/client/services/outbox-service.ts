/**
 * The viewer's outbox: what they wrote that the backend has not confirmed. It owns the entries
 * (mirrored from the cache and from the other tabs), sends optimistically, lets the member retry
 * or discard a failed message, and settles whoever awaits one; delivery itself is the
 * `OutboxScheduler`'s, imported on the first delivery. It tells its owner when a conversation's
 * pending messages changed and when one landed, so that the thread can show it.
 */
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors.js';
import { createClientId } from '../../core/ids.js';
import { assertClientId, assertMessageBody } from '../../core/policy.js';
import type { ClientId, ConversationId, GroupId, Message } from '../../core/types.js';
import { MemoryCache, type ClientCache, type OutboxEntry } from '../cache.js';
import { assertConversationId } from '../checks.js';
import { shownAsSent, shownFromEntry } from '../client-messages.js';
import type { ChannelMessage, ClientKernel } from '../kernel.js';
import type { OutboxScheduler } from '../outbox-scheduler.js';
import type { ClientMessage } from '../types.js';

export interface OutboxListeners {
  /** The pending or failed messages of this conversation changed. */
  changed(conversationId: ConversationId): void;
  /** One of them is confirmed: the thread takes the adapter's copy. */
  landed(message: Message): void;
}

export class OutboxService {
  readonly #entries = new Map<ClientId, OutboxEntry>();
  /** Client ids the adapter confirmed: a late copy of their outbox entry must not resurrect them. */
  readonly #delivered = new Set<ClientId>();
  readonly #waiters = new Map<ClientId, ((message: ClientMessage) => void)[]>();
  /** Made on the first delivery (see `#withScheduler`). */
  #scheduler?: OutboxScheduler;
  #schedulerLoading?: Promise<OutboxScheduler>;

  readonly #kernel: ClientKernel;
  readonly #listeners: OutboxListeners;

  constructor(kernel: ClientKernel, listeners: OutboxListeners) {
    this.#kernel = kernel;
    this.#listeners = listeners;
  }

  /** The entries of one conversation in send order. */
  entriesIn(conversationId: ConversationId): OutboxEntry[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.conversationId === conversationId)
      .sort((a, b) => a.seq - b.seq);
  }

  /** Whether the adapter confirmed this client id to this client. */
  wasDelivered(clientId: ClientId): boolean {
    return this.#delivered.has(clientId);
  }

  // ─── The member's side ────────────────────────────────────────────────────────────────────────

  async send(
    conversationId: ConversationId,
    body: string,
    options: { readonly asGroup?: GroupId },
  ): Promise<ClientMessage> {
    const kernel = this.#kernel;
    const viewer = await kernel.requireViewer();
    const text = assertMessageBody(body, kernel.policy.value);
    const onBehalfOf = kernel.managedGroup(viewer, options.asGroup);
    const cache = kernel.cache;
    if (!cache) throw new UnavailableError('The outbox is not ready; try again.');
    const draft = {
      clientId: createClientId(),
      conversationId,
      body: text,
      ...(onBehalfOf ? { asGroup: onBehalfOf.id, onBehalfOf } : {}),
      author: viewer.member,
      createdAt: Date.now(),
      status: 'queued' as const,
      attempts: 0,
    };
    // Shown as pending at once, in the frame of the key press, while IndexedDB stores it: the
    // outbox position is known only then, and until then it sorts after every stored entry.
    // Delivery reads the stored outbox only, so this copy is never sent.
    this.#put({ ...draft, seq: Number.MAX_SAFE_INTEGER });
    let entry: OutboxEntry;
    try {
      entry = await cache.addOutbox(draft);
      kernel.assertUsable();
    } catch (error) {
      this.#remove(draft.clientId);
      throw error;
    }
    this.#share(entry);
    this.drain();
    return shownFromEntry(entry);
  }

  /**
   * Resolves when an entry is sent or fails (at once if it has failed); `undefined` when this
   * client id is not in the outbox.
   */
  settled(conversationId: ConversationId, clientId: ClientId): Promise<ClientMessage> | undefined {
    const entry = this.#entries.get(clientId);
    if (!entry || entry.conversationId !== conversationId) return undefined;
    if (entry.status === 'failed') return Promise.resolve(shownFromEntry(entry));
    return new Promise((resolve) => {
      const waiting = this.#waiters.get(clientId) ?? [];
      waiting.push(resolve);
      this.#waiters.set(clientId, waiting);
    });
  }

  async retry(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.#storedEntry(conversationId, clientId);
    if (entry.status === 'failed') {
      const { error: _error, faults: _faults, ...rest } = entry;
      const queued: OutboxEntry = { ...rest, status: 'queued', attempts: 0 };
      await this.#kernel.cache?.putOutbox(queued);
      this.#share(queued);
    }
    this.#kernel.post({ type: 'nudge' });
    this.wake();
    this.drain();
  }

  async discard(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.#storedEntry(conversationId, clientId);
    if (entry.status !== 'failed') {
      throw new ValidationError(
        'bad-request',
        'This message is still being sent; only a failed one can be discarded.',
        {
          field: 'request',
        },
      );
    }
    await this.#kernel.cache?.deleteOutbox(clientId);
    this.#remove(clientId);
    this.#kernel.post({ type: 'outbox-delete', clientId });
  }

  async #storedEntry(conversationId: ConversationId, clientId: ClientId): Promise<OutboxEntry> {
    assertConversationId(conversationId);
    assertClientId(clientId);
    await this.#kernel.whenCacheReady();
    this.#kernel.assertUsable();
    // The stored copy is the truth: another tab may have changed it a moment ago.
    const entry = (await this.#kernel.cache?.getOutbox(clientId)) ?? this.#entries.get(clientId);
    if (!entry || entry.conversationId !== conversationId) {
      throw new NotFoundError('That message is not waiting to be sent.');
    }
    return entry;
  }

  // ─── Keeping the entries ──────────────────────────────────────────────────────────────────────

  /** Reads the stored outbox into memory, once the cache is open. */
  async restore(cache: ClientCache): Promise<void> {
    for (const entry of await cache.outbox()) {
      if (!this.#delivered.has(entry.clientId)) this.#entries.set(entry.clientId, entry);
    }
  }

  /**
   * Reads the stored outbox again: another tab may have changed an entry and closed before its
   * word of it reached this one (a refusal stored as the tab was reloaded).
   */
  async resync(): Promise<void> {
    const cache = this.#kernel.cache;
    if (!cache) return;
    const stored = await cache.outbox().catch(() => []);
    if (!this.#kernel.active) return;
    for (const entry of stored) {
      const known = this.#entries.get(entry.clientId);
      if (known?.status !== entry.status || known.attempts !== entry.attempts) this.#put(entry);
    }
  }

  /** Delivers what is queued (one tab at a time). */
  drain(): void {
    this.#withScheduler((scheduler) => scheduler.schedule());
  }

  /** Resumes delivery at once: the network is back, or another tab asked (nothing waits before a drain). */
  wake(): void {
    this.#scheduler?.wake();
  }

  /**
   * Runs `use` with the scheduler, importing it (and the retry strategy) on first use: a visit
   * that has nothing to deliver never downloads them. Not loaded (offline, say): the entries stay
   * stored and queued, and the next drain (back online, the next send) tries again.
   */
  #withScheduler(use: (scheduler: OutboxScheduler) => void): void {
    if (this.#scheduler) {
      use(this.#scheduler);
      return;
    }
    const kernel = this.#kernel;
    this.#schedulerLoading ??= Promise.all([import('../outbox-scheduler.js'), import('../backoff.js')]).then(
      ([{ OutboxScheduler }, { outboxRetry }]) =>
        (this.#scheduler ??= new OutboxScheduler({
          queue: () => (kernel.active ? kernel.cache : undefined),
          lockName: (cache) =>
            cache instanceof MemoryCache ? undefined : `conv-elements-outbox:${cache.name}`,
          send: (entry, signal) =>
            kernel.adapter.sendMessage(
              {
                conversationId: entry.conversationId,
                body: entry.body,
                clientId: entry.clientId,
                ...(entry.asGroup === undefined ? {} : { asGroup: entry.asGroup }),
              },
              { signal },
            ),
          retry: outboxRetry(kernel.options.retry),
          signal: kernel.signal,
          delivered: (_entry, message) => {
            this.confirm(message);
            kernel.post({ type: 'outbox-sent', message });
          },
          retrying: (entry) => this.#share(entry),
          failed: (entry) => this.#share(entry),
        })),
    );
    void this.#schedulerLoading.then(use, () => (this.#schedulerLoading = undefined));
  }

  /** Resumes delivery if anything is queued (after the client started). */
  resume(): void {
    if ([...this.#entries.values()].some((entry) => entry.status === 'queued')) this.drain();
  }

  heard(message: ChannelMessage): void {
    if (message.type === 'outbox-put') this.#put(message.entry);
    else if (message.type === 'outbox-delete') this.#remove(message.clientId);
    else if (message.type === 'outbox-sent') this.confirm(message.message);
    else if (message.type === 'nudge') this.wake();
  }

  /**
   * The adapter confirmed one of the viewer's messages (here, in another tab, or by event).
   * Returns true when it was in the outbox (and its thread has been told).
   */
  confirm(message: Message): boolean {
    const entry = this.#entries.get(message.clientId);
    if (!entry || entry.author.id !== message.author.id) return false;
    this.#delivered.add(message.clientId);
    this.#entries.delete(message.clientId);
    this.#listeners.landed(message);
    this.#settle(message.clientId, shownAsSent(message));
    return true;
  }

  /** The client stopped: whoever waits hears of the entry as it stands. */
  stop(): void {
    this.wake();
    for (const [clientId, waiting] of this.#waiters) {
      const entry = this.#entries.get(clientId);
      if (entry) for (const resolve of waiting) resolve(shownFromEntry(entry));
    }
    this.#waiters.clear();
  }

  /** Forgets every entry (another viewer's cache, or signed out). */
  clear(): void {
    this.#entries.clear();
  }

  /** Keeps an entry here and tells the other tabs. */
  #share(entry: OutboxEntry): void {
    this.#put(entry);
    this.#kernel.post({ type: 'outbox-put', entry });
  }

  #put(entry: OutboxEntry): void {
    if (this.#delivered.has(entry.clientId)) return;
    this.#entries.set(entry.clientId, entry);
    this.#listeners.changed(entry.conversationId);
    if (entry.status === 'failed') this.#settle(entry.clientId, shownFromEntry(entry));
  }

  #remove(clientId: ClientId): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    this.#entries.delete(clientId);
    this.#listeners.changed(entry.conversationId);
  }

  #settle(clientId: ClientId, message: ClientMessage): void {
    const waiting = this.#waiters.get(clientId);
    if (!waiting) return;
    this.#waiters.delete(clientId);
    for (const resolve of waiting) resolve(message);
  }
}
