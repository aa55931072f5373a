/**
 * Changing a stored message (S25: edit, delete; S26: reactions) inside the request's write
 * transaction: load the facts, let the rulebook decide (`core/message-changes`), then write the
 * message and, when it is the conversation's newest, the copy the inbox keeps of it. Nothing
 * else moves: activity, unread counts and emails belong to new messages only. A new body gets
 * its search words anew.
 */
import type { MessageRef } from '../../core/message-changes.js';
import type { ChangeFacts } from '../../core/message-decisions.js';
import { searchWords } from '../../core/search.js';
import type { LocalDatabase } from './database.js';
import {
  conversationFacts,
  messageFacts,
  type ConversationRow,
  type MessageRow,
  type WriteTx,
} from './schema.js';
import type { ViewerContext } from './views.js';

/**
 * Decides one change: throws the rulebook's refusal, answers `undefined` when there is nothing to
 * write, or the function that makes the new row from the stored one and the time of the change
 * (`LocalDatabase.tick`). `now` is the real time (for the edit window), `row` the stored message.
 */
export type MessageChange = (
  facts: ChangeFacts,
  now: number,
  row: MessageRow | undefined,
) => ((row: MessageRow, at: number) => MessageRow) | undefined;

export interface ChangedMessage {
  readonly conversation: ConversationRow;
  readonly message: MessageRow;
  /** False when the request changed nothing (the same text, a reaction already there). */
  readonly written: boolean;
}

export async function changeMessage(
  tx: WriteTx,
  database: LocalDatabase,
  viewer: ViewerContext,
  request: MessageRef,
  decide: MessageChange,
): Promise<ChangedMessage> {
  const [conversation, stored] = await Promise.all([
    tx.objectStore('conversations').get(request.conversationId),
    tx.objectStore('messages').get(request.messageId),
  ]);
  const facts: ChangeFacts = {
    viewer,
    request,
    conversation: conversation && conversationFacts(conversation),
    message: stored && messageFacts(stored),
  };
  const change = decide(facts, Date.now(), stored);
  // The decision has checked that both exist and belong together.
  if (!change) return { conversation: conversation!, message: stored!, written: false };
  const at = await database.tick(tx);
  const changedRow = change(stored!, at);
  // Search reads `words` (S30): an edit's new text is found and its old text no longer is; a
  // deleted message (empty body) has none.
  const message =
    changedRow.body === stored!.body ? changedRow : { ...changedRow, words: searchWords(changedRow.body) };
  const writes: Promise<unknown>[] = [tx.objectStore('messages').put(message)];
  let changed = conversation!;
  if (changed.last.id === message.id) {
    changed = { ...changed, last: message };
    writes.push(tx.objectStore('conversations').put(changed));
  }
  await Promise.all(writes);
  return { conversation: changed, message, written: true };
}
