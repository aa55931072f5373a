/**
 * Changing sent messages (S25: edit, delete) and reactions (S26): checked with the rulebook
 * first, asked of the adapter (never queued: each needs the backend's answer, so offline they
 * reject with `UnavailableError` and change nothing), then shown in the thread and the list at
 * once. The adapter's `message-changed` event brings the same change to every other tab and
 * participant; an answer that arrives after a newer event for that message is not applied.
 */
import type { ConversationsAdapter, RequestOptions } from '../../adapter/adapter.js';
import { hasCapability, type Capability } from '../../adapter/capabilities.js';
import { ForbiddenError } from '../../core/errors.js';
import { parseEditRequest, parseMessageRef, parseReactionRequest } from '../../core/message-changes.js';
import type { ConversationId, Message, MessageId } from '../../core/types.js';
import type { ClientKernel } from '../kernel.js';
import type { ConversationListService } from './conversation-list-service.js';
import type { ThreadService } from './thread-service.js';

type Change = (adapter: ConversationsAdapter, options: RequestOptions) => Promise<Message> | undefined;

export class MessageChangeService {
  readonly #kernel: ClientKernel;
  readonly #threads: ThreadService;
  readonly #list: ConversationListService;

  constructor(kernel: ClientKernel, threads: ThreadService, list: ConversationListService) {
    this.#kernel = kernel;
    this.#threads = threads;
    this.#list = list;
  }

  async edit(conversationId: ConversationId, messageId: MessageId, body: string): Promise<Message> {
    await this.#kernel.whenCacheReady();
    const input = parseEditRequest({ conversationId, messageId, body }, this.#kernel.policy.value);
    return this.#apply('edit', messageId, (adapter, options) => adapter.editMessage?.(input, options));
  }

  async delete(conversationId: ConversationId, messageId: MessageId): Promise<Message> {
    const input = parseMessageRef({ conversationId, messageId });
    return this.#apply('delete', messageId, (adapter, options) => adapter.deleteMessage?.(input, options));
  }

  async react(
    conversationId: ConversationId,
    messageId: MessageId,
    emoji: string,
    on: boolean,
  ): Promise<Message> {
    await this.#kernel.whenCacheReady();
    const input = parseReactionRequest({ conversationId, messageId, emoji, on }, this.#kernel.policy.value);
    return this.#apply('reactions', messageId, (adapter, options) => adapter.react?.(input, options));
  }

  async #apply(capability: Capability, messageId: MessageId, change: Change): Promise<Message> {
    const kernel = this.#kernel;
    kernel.assertUsable();
    const mark = this.#threads.changeMark(messageId);
    const asked = hasCapability(kernel.adapter, capability)
      ? change(kernel.adapter, { signal: kernel.signal })
      : undefined;
    if (!asked) throw new ForbiddenError('not-allowed', 'This portal does not offer that.');
    const message = await asked;
    if (kernel.active) {
      this.#threads.changed(message, mark);
      this.#list.messageChanged(message);
    }
    return message;
  }
}
