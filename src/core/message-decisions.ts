/**
 * The decisions of changing a message (S25) and of reactions (S26): pure functions over the facts
 * a backend has loaded (`core/decisions.ts`' shape). Privacy: someone else's message, a deleted one
 * and one that does not exist all read as `messageNotFound()` to an edit or a delete; a
 * conversation the viewer is not in is `conversationNotFound()`, as for every request about it.
 */
import { assertMayRead, messageNotFound, type ConversationFacts, type ViewerFacts } from './decisions.js';
import { ForbiddenError } from './errors.js';
import type { MessageRef } from './message-changes.js';
import { editableUntil, type Policy } from './policy.js';
import type { ConversationId, MemberId, MessageId } from './types.js';

/** What a backend knows of the message a change names, if it found one. */
export interface StoredMessageFacts {
  readonly id: MessageId;
  readonly conversationId: ConversationId;
  readonly authorId: MemberId;
  readonly sentAt: number;
  readonly body: string;
  /** Deleted by its author (S25). Required, so that a deleted message is never taken for a live one. */
  readonly deleted: boolean;
}

export interface ChangeFacts {
  readonly viewer: ViewerFacts;
  readonly request: MessageRef;
  /** The conversation named, if it exists. */
  readonly conversation: ConversationFacts | undefined;
  /** The message named, if it exists (in any conversation). */
  readonly message: StoredMessageFacts | undefined;
}

/** The message, when it is in the visible conversation named and not deleted. */
function visibleMessage(facts: ChangeFacts): StoredMessageFacts {
  assertMayRead(facts.viewer, facts.conversation);
  const { message } = facts;
  if (!message || message.conversationId !== facts.request.conversationId || message.deleted) {
    throw messageNotFound();
  }
  return message;
}

/** The viewer's own message in a conversation they see; anything else reads as missing. */
function ownMessage(facts: ChangeFacts): StoredMessageFacts {
  const message = visibleMessage(facts);
  if (message.authorId !== facts.viewer.memberId) throw messageNotFound();
  return message;
}

/**
 * May the viewer edit this message now (S25)? Their own, in a conversation they see, not deleted
 * (else not found), and within the policy's window (else `ForbiddenError('edit-window-closed')`).
 * `'unchanged'` when the new text is the stored one: nothing to write, nobody to tell.
 */
export function decideEdit(
  facts: ChangeFacts & { readonly body: string; readonly now: number; readonly policy: Policy },
): 'edit' | 'unchanged' {
  const message = ownMessage(facts);
  if (facts.now >= editableUntil(message.sentAt, facts.policy)) {
    throw new ForbiddenError('edit-window-closed', 'This message can no longer be edited.', 'request');
  }
  return message.body === facts.body ? 'unchanged' : 'edit';
}

/**
 * May the viewer delete this message (S25)? Their own, in a conversation they see, at any time.
 * A message already deleted by them answers `'already-deleted'` (a retried delete is not an
 * error, and writes nothing); someone else's, deleted or not, is not found.
 */
export function decideDelete(facts: ChangeFacts): 'delete' | 'already-deleted' {
  const { message } = facts;
  if (message?.deleted && message.authorId === facts.viewer.memberId) {
    assertMayRead(facts.viewer, facts.conversation);
    if (message.conversationId === facts.request.conversationId) return 'already-deleted';
  }
  ownMessage(facts);
  return 'delete';
}

/**
 * May the viewer set their reaction (S26)? Any message of a conversation they see, not deleted.
 * Returns whether the stored reactions change: adding one already there, or taking back one
 * that is not, writes nothing.
 */
export function decideReaction(
  facts: ChangeFacts & { readonly on: boolean; readonly reactedAlready: boolean },
): boolean {
  visibleMessage(facts);
  return facts.on !== facts.reactedAlready;
}
