/**
 * The durable outbox: optimistic sending, the member's retry and discard, and the drain that
 * delivers queued messages in order with backoff, one tab at a time under a Web Lock. The fourth
 * layer of `ConversationsClient` (see `client-core.ts` for why layers).
 */
import { isConvError, NotFoundError, UnavailableError, ValidationError } from '../core/errors.js';
import { createClientId } from '../core/ids.js';
import { assertClientId, assertMessageBody } from '../core/policy.js';
import type { ClientId, ConversationId, GroupId, Message } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import { retryDelay } from './backoff.js';
import { MemoryCache, type OutboxEntry } from './cache.js';
import { assertConversationId, toPayload } from './checks.js';
import type { ClientMessage } from './conversations-client.js';
import { mergeMessages, ThreadsLayer } from './threads.js';

export abstract class OutboxLayer extends ThreadsLayer {
  protected readonly outbox = new Map<ClientId, OutboxEntry>();
  /** Client ids the adapter confirmed: a late copy of their outbox entry must not resurrect them. */
  protected readonly delivered = new Set<ClientId>();
  protected readonly settleWaiters = new Map<ClientId, ((message: ClientMessage) => void)[]>();
  private draining = false;
  private drainAgain = false;
  protected wakeBackoff?: () => void;

  // ─── Sending ──────────────────────────────────────────────────────────────────────────────────

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
    const viewer = await this.requireViewer();
    const text = assertMessageBody(body, this.policyStore.value);
    const onBehalfOf = this.managedGroup(viewer, options.asGroup);
    const cache = this.cache;
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
    this.putEntry({ ...draft, seq: Number.MAX_SAFE_INTEGER });
    let entry: OutboxEntry;
    try {
      entry = await cache.addOutbox(draft);
      this.assertUsable();
    } catch (error) {
      this.removeEntry(draft.clientId);
      throw error;
    }
    this.putEntry(entry);
    this.post({ type: 'outbox-put', entry });
    this.scheduleDrain();
    return this.fromEntry(entry);
  }

  /** Resolves when a message in the outbox is sent or fails (at once if it already has). */
  settled(conversationId: ConversationId, clientId: ClientId): Promise<ClientMessage> {
    assertConversationId(conversationId);
    const entry = this.outbox.get(clientId);
    if (entry && entry.conversationId === conversationId) {
      if (entry.status === 'failed') return Promise.resolve(this.fromEntry(entry));
      return new Promise((resolve) => {
        const waiters = this.settleWaiters.get(clientId) ?? [];
        waiters.push(resolve);
        this.settleWaiters.set(clientId, waiters);
      });
    }
    const landed = this.threads
      .get(conversationId)
      ?.confirmed.find((message) => message.clientId === clientId && this.delivered.has(clientId));
    if (landed) return Promise.resolve(this.sent(landed));
    return Promise.reject(new NotFoundError('That message is not waiting to be sent.'));
  }

  private settle(clientId: ClientId, message: ClientMessage): void {
    const waiters = this.settleWaiters.get(clientId);
    if (!waiters) return;
    this.settleWaiters.delete(clientId);
    for (const resolve of waiters) resolve(message);
  }

  /** Sends a failed message again (with the same client id), or tries a pending one now. */
  async retry(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.outboxEntry(conversationId, clientId);
    if (entry.status === 'failed') {
      const queued: OutboxEntry = { ...entry, status: 'queued', attempts: 0, error: undefined };
      await this.cache?.putOutbox(queued);
      this.putEntry(queued);
      this.post({ type: 'outbox-put', entry: queued });
    }
    this.post({ type: 'nudge' });
    this.wakeBackoff?.();
    this.scheduleDrain();
  }

  /** Drops a failed message from the outbox. A message still being sent cannot be discarded. */
  async discard(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.outboxEntry(conversationId, clientId);
    if (entry.status !== 'failed') {
      throw new ValidationError(
        'bad-request',
        'This message is still being sent; only a failed one can be discarded.',
        {
          field: 'request',
        },
      );
    }
    await this.cache?.deleteOutbox(clientId);
    this.removeEntry(clientId);
    this.post({ type: 'outbox-delete', clientId });
  }

  private async outboxEntry(conversationId: ConversationId, clientId: ClientId): Promise<OutboxEntry> {
    assertConversationId(conversationId);
    assertClientId(clientId);
    await this.whenCacheReady();
    this.assertUsable();
    // The stored copy is the truth: another tab may have changed it a moment ago.
    const entry = (await this.cache?.getOutbox(clientId)) ?? this.outbox.get(clientId);
    if (!entry || entry.conversationId !== conversationId) {
      throw new NotFoundError('That message is not waiting to be sent.');
    }
    return entry;
  }

  protected putEntry(entry: OutboxEntry): void {
    if (this.delivered.has(entry.clientId)) return;
    this.outbox.set(entry.clientId, entry);
    const record = this.threads.get(entry.conversationId);
    if (record) this.emitThread(record);
    if (entry.status === 'failed') this.settle(entry.clientId, this.fromEntry(entry));
  }

  protected removeEntry(clientId: ClientId): void {
    const entry = this.outbox.get(clientId);
    if (!entry) return;
    this.outbox.delete(clientId);
    const record = this.threads.get(entry.conversationId);
    if (record) this.emitThread(record);
  }

  /**
   * The adapter confirmed one of the viewer's messages (here, in another tab, or by event).
   * Returns true when it was in the outbox (and its thread has been updated).
   */
  protected confirmDelivered(message: Message): boolean {
    const entry = this.outbox.get(message.clientId);
    if (!entry || entry.author.id !== message.author.id) return false;
    this.delivered.add(message.clientId);
    this.outbox.delete(message.clientId);
    const record = this.threads.get(message.conversationId);
    if (record) {
      record.confirmed = mergeMessages(record.confirmed, [message]);
      this.emitThread(record);
      this.persist(`thread:${record.id}`);
    }
    this.settle(message.clientId, this.sent(message));
    return true;
  }

  // ─── The outbox drain ─────────────────────────────────────────────────────────────────────────

  private get lockName(): string {
    return `conv-elements-outbox:${this.cache?.name ?? ''}`;
  }

  /**
   * Drains the outbox under a Web Lock, so that one tab of this viewer delivers at a time; the
   * others wait in line and take over if that tab closes. Calls while a drain runs make it look
   * again before it lets go.
   */
  protected scheduleDrain(): void {
    if (!this.active || !this.cache) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    const run = async () => {
      do {
        this.drainAgain = false;
        await this.drain();
      } while (this.drainAgain && this.active);
    };
    const locks = typeof navigator === 'object' ? navigator.locks : undefined;
    // Without Web Locks (an insecure context) tabs may deliver side by side: client ids keep that
    // to one copy per message, though order across tabs is then not guaranteed.
    const work =
      locks && !(this.cache instanceof MemoryCache)
        ? locks.request(this.lockName, { signal: this.abort.signal }, run)
        : run();
    void Promise.resolve(work)
      .catch((error: unknown) => {
        if (this.active) warn('the outbox stopped unexpectedly.', error);
      })
      .finally(() => {
        this.draining = false;
        if (this.drainAgain && this.active) this.scheduleDrain();
      });
  }

  private async drain(): Promise<void> {
    const cache = this.cache;
    while (this.active && cache) {
      const entry = await cache.nextQueued();
      if (!entry || !this.active) return;
      let message: Message;
      try {
        message = await this.adapter.sendMessage(
          {
            conversationId: entry.conversationId,
            body: entry.body,
            clientId: entry.clientId,
            ...(entry.asGroup === undefined ? {} : { asGroup: entry.asGroup }),
          },
          { signal: this.abort.signal },
        );
      } catch (error) {
        if (!this.active) return;
        const payload = toPayload(error);
        if (isConvError(error) && error.retryable) {
          const waiting: OutboxEntry = { ...entry, attempts: entry.attempts + 1, error: payload };
          await cache.putOutbox(waiting);
          this.putEntry(waiting);
          this.post({ type: 'outbox-put', entry: waiting });
          await this.backoff(retryDelay(payload, waiting.attempts, this.options.retry));
        } else {
          // A refusal (or an adapter breaking the contract): never retried by itself.
          const failed: OutboxEntry = { ...entry, status: 'failed', error: payload };
          await cache.putOutbox(failed);
          this.putEntry(failed);
          this.post({ type: 'outbox-put', entry: failed });
        }
        continue;
      }
      // Should this tab close before the delete, the next drain sends the same client id again
      // and the adapter answers with this same message: still exactly once.
      await cache.deleteOutbox(entry.clientId);
      if (!this.active) return;
      this.confirmDelivered(message);
      this.post({ type: 'outbox-sent', message });
    }
  }

  /** Waits `ms`, or until the browser is back online, a retry is asked for, or the client stops. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeBackoff = undefined;
        resolve();
      };
      // Offline, a timer would only fail again: wait for `online` (the longest wait still applies).
      const timer = setTimeout(done, navigator.onLine === false ? Math.max(ms, 60_000) : ms);
      this.wakeBackoff = done;
      if (!this.active) done();
    });
  }

  protected readonly onOnline = (): void => {
    if (!this.active) return;
    this.wakeBackoff?.();
    this.scheduleDrain();
    if (this.listStore.value.status !== 'idle') void this.reloadConversations();
    void this.refreshUnread();
  };
}
