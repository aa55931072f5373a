/**
 * How a message is shown: a confirmed one as `sent`, an outbox entry as `pending` or `failed`.
 * Shared by the threads (which show both) and the outbox (which settles with them).
 */
import type { Message, MessageId } from '../core/types.js';
import type { OutboxEntry } from './cache.js';
import type { ClientMessage } from './types.js';

/** One shown copy per confirmed message, so that a thread re-rendered keeps its objects. */
const shown = new WeakMap<Message, ClientMessage>();

export function shownAsSent(message: Message): ClientMessage {
  let copy = shown.get(message);
  if (!copy) {
    copy = { ...message, status: 'sent' };
    shown.set(message, copy);
  }
  return copy;
}

export function shownFromEntry(entry: OutboxEntry): ClientMessage {
  return {
    id: entry.clientId,
    conversationId: entry.conversationId,
    clientId: entry.clientId,
    author: entry.author,
    ...(entry.onBehalfOf ? { onBehalfOf: entry.onBehalfOf } : {}),
    body: entry.body,
    sentAt: entry.createdAt,
    status: entry.status === 'failed' ? 'failed' : 'pending',
    ...(entry.error ? { error: entry.error } : {}),
  };
}

/** Merges message lists by id (later copies win), oldest first. Messages never change once sent. */
export function mergeMessages(...lists: (readonly Message[])[]): Message[] {
  const byId = new Map<MessageId, Message>();
  for (const list of lists) for (const message of list) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.sentAt - b.sentAt);
}
