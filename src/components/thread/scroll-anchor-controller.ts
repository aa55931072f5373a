import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClientMessage } from '../../client/conversations-client.js';
import type { ConversationId } from '../../core/types.js';

/** Within this many pixels of the bottom, the reader is "at the newest" and new messages scroll in. */
const STICK_TO_BOTTOM = 48;

/** What identifies a message across its pending, sent and failed states. */
export function messageKey(message: ClientMessage | undefined): string | undefined {
  return message && `${message.author.id}/${message.clientId}`;
}

export interface ScrollAnchorOptions {
  /** The scrolling region. */
  readonly log: () => HTMLElement | null | undefined;
  readonly conversation: () => ConversationId | undefined;
  readonly messages: () => readonly ClientMessage[];
  /** The viewer's member id: their own new message always scrolls into view. */
  readonly ownId: () => string | undefined;
}

interface Snapshot {
  readonly scrollHeight: number;
  readonly scrollTop: number;
  readonly atBottom: boolean;
}

/**
 * Keeps a message log where the reader left it while it changes under them: a conversation opens
 * at its newest message; older history loaded above keeps what the reader was looking at in
 * place; a new message scrolls in only when the reader was at the bottom, or wrote it.
 */
export class ScrollAnchorController implements ReactiveController {
  private snapshot?: Snapshot;
  private rendered: { conversation?: ConversationId; messages: readonly ClientMessage[] } = { messages: [] };

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ScrollAnchorOptions,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const log = this.options.log();
    this.snapshot = log
      ? {
          scrollHeight: log.scrollHeight,
          scrollTop: log.scrollTop,
          atBottom: log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM,
        }
      : undefined;
  }

  hostUpdated(): void {
    const { log: getLog, conversation: getConversation, messages: getMessages, ownId } = this.options;
    const messages = getMessages();
    const conversation = getConversation();
    const before = this.rendered;
    this.rendered = { conversation, messages };
    const log = getLog();
    if (!log || messages === before.messages) return;
    const snapshot = this.snapshot;
    const switched = before.conversation !== conversation || before.messages.length === 0;
    const firstBefore = messageKey(before.messages[0]);
    const prepended =
      !switched &&
      firstBefore !== messageKey(messages[0]) &&
      messages.some((message) => messageKey(message) === firstBefore);
    const appended = !switched && messageKey(before.messages.at(-1)) !== messageKey(messages.at(-1));
    const ownNewest = messages.at(-1)?.author.id === ownId();
    if (switched) {
      log.scrollTop = log.scrollHeight;
    } else if (prepended && snapshot) {
      // Keep the distance from the bottom: what the reader was looking at stays put.
      log.scrollTop = log.scrollHeight - (snapshot.scrollHeight - snapshot.scrollTop);
    } else if (appended && (ownNewest || snapshot?.atBottom)) {
      log.scrollTop = log.scrollHeight;
    }
  }
}
