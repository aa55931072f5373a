/**
 * The event objects of one batch of stream reads (`EventLog.eventsFor`): what every reader shares
 * (conversations, participants, messages, reactions), and each event built once for all the
 * members who see the same thing, so that the stream layer stringifies it once.
 */
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Conversation, Message, StoredReaction } from '../../../src/core/index.js';
import { assembleView, type SharedViews } from './conversations.js';
import { withReactions, type ConversationRow } from './rows.js';

/** One event of one stream, with the member's own view of its conversation when it has one. */
export type EventRow = {
  i: number;
  seq: number;
  type: AdapterEvent['type'];
  conversation_id: string | null;
  message_seq: number | null;
  /** Whether the member sees the conversation now (null: the event has none to see). */
  sees: boolean | null;
  unread: number | null;
  muted: boolean | null;
  marked_unread: boolean | null;
  last_message_seq: number | null;
};

/** What every reader of a batch shares: conversations, their participants, messages, reactions. */
export interface Shared {
  readonly conversations: ReadonlyMap<string, ConversationRow>;
  readonly views: SharedViews;
  readonly messages: ReadonlyMap<number, Message>;
  readonly reactions: ReadonlyMap<number, StoredReaction[]>;
}

/**
 * The events of one batch that show a conversation, built once for every member who sees the
 * same: the same conversation with the same unread count and flags, the same message and, for a
 * changed message, the same reactions of their own.
 */
export class SharedEvents {
  private readonly views = new Map<string, Conversation>();
  private readonly events = new Map<string, AdapterEvent>();

  constructor(private readonly shared: Shared) {}

  of(row: EventRow, memberId: string): AdapterEvent | undefined {
    const { conversation_id: conversationId, message_seq: messageSeq } = row;
    if (conversationId === null || row.unread === null) return undefined;
    const stored = this.shared.conversations.get(conversationId);
    if (!stored) return undefined;
    const viewKey = `${conversationId}\u0000${row.unread}\u0000${row.muted ?? false}\u0000${row.marked_unread ?? false}`;
    let conversation = this.views.get(viewKey);
    if (!conversation) {
      conversation = assembleView(stored, this.shared.views, row.unread, row);
      this.views.set(viewKey, conversation);
    }
    if (row.type === 'conversation-changed')
      return this.once(`${row.type}\u0000${viewKey}`, () => ({
        type: 'conversation-changed',
        conversation,
      }));
    const message = messageSeq === null ? undefined : this.shared.messages.get(messageSeq);
    if (!message) return undefined;
    switch (row.type) {
      case 'read-changed':
        return this.once(`${row.type}\u0000${viewKey}\u0000${messageSeq}`, () => ({
          type: 'read-changed',
          conversationId: conversation.id,
          upTo: message.id,
          unreadCount: conversation.unreadCount,
        }));
      case 'message-added':
      case 'conversation-added':
        return this.once(`${row.type}\u0000${viewKey}\u0000${messageSeq}`, () => ({
          type: row.type as 'message-added' | 'conversation-added',
          conversation,
          message,
        }));
      case 'message-changed': {
        // Who reacted is the same for every participant; "mine" is each one's own.
        const reactions = this.shared.reactions.get(messageSeq!);
        const mine = (reactions ?? [])
          .filter((reaction) => reaction.member.id === memberId)
          .map((reaction) => reaction.emoji)
          .join('\u0000');
        return this.once(`${row.type}\u0000${viewKey}\u0000${messageSeq}\u0000${mine}`, () => ({
          type: 'message-changed',
          conversation,
          message: withReactions(message, reactions, memberId),
        }));
      }
      default:
        return undefined;
    }
  }

  private once(key: string, build: () => AdapterEvent): AdapterEvent {
    let event = this.events.get(key);
    if (!event) {
      event = build();
      this.events.set(key, event);
    }
    return event;
  }
}
