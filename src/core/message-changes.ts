/**
 * The requests of changing a message after it was sent (S25: edit, delete) and of reactions
 * (S26): their parsers, the edit window and how reactions are shown, the same in the client, the
 * local adapter and the server. The decisions over a backend's facts are in
 * `./message-decisions.ts` (backends only, so a browser on the HTTP adapter does not carry them).
 */
import { ValidationError } from './errors.js';
import { assertMessageBody, DEFAULT_POLICY, type Policy } from './policy.js';
import { parseConversationId, parseMessageId } from './requests.js';
import { isRecord } from './text.js';
import type { ConversationId, MemberId, MessageId, PartyRef, Reaction } from './types.js';

/** A message of a conversation, named by both ids. */
export interface MessageRef {
  readonly conversationId: ConversationId;
  readonly messageId: MessageId;
}

export interface EditRequest extends MessageRef {
  /** Trimmed, checked as a new message's is. */
  readonly body: string;
}

export interface ReactionRequest extends MessageRef {
  readonly emoji: string;
  /** True to add the viewer's reaction, false to take it back. */
  readonly on: boolean;
}

function badRequest(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

function requestRecord(input: unknown, keys: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(input)) throw badRequest(what);
  const unknown = Object.keys(input).filter((key) => input[key] !== undefined && !keys.includes(key));
  if (unknown.length > 0) throw badRequest(what);
  return input;
}

/** `deleteMessage({ conversationId, messageId })`: an object with two valid ids (`bad-id`). */
export function parseMessageRef(input: unknown): MessageRef {
  const record = requestRecord(input, ['conversationId', 'messageId'], 'Say which message.');
  return {
    conversationId: parseConversationId(record.conversationId),
    messageId: parseMessageId(record.messageId),
  };
}

/** `editMessage({ conversationId, messageId, body })`: the ids, then the body by the policy. */
export function parseEditRequest(input: unknown, policy: Policy = DEFAULT_POLICY): EditRequest {
  const record = requestRecord(
    input,
    ['conversationId', 'messageId', 'body'],
    'Say which message, and its new text.',
  );
  const ref = parseMessageRef({ conversationId: record.conversationId, messageId: record.messageId });
  return { ...ref, body: assertMessageBody(record.body, policy) };
}

/**
 * `react({ conversationId, messageId, emoji, on })`: the ids, `on` a boolean, and the emoji one
 * of the portal's set exactly (`bad-reaction`, field `emoji`: a reaction outside it is refused,
 * never stored).
 */
export function parseReactionRequest(input: unknown, policy: Policy = DEFAULT_POLICY): ReactionRequest {
  const record = requestRecord(
    input,
    ['conversationId', 'messageId', 'emoji', 'on'],
    'Say which message, which reaction, and whether it is on.',
  );
  const ref = parseMessageRef({ conversationId: record.conversationId, messageId: record.messageId });
  if (typeof record.on !== 'boolean') throw badRequest('Say whether the reaction is on.');
  return { ...ref, emoji: assertReaction(record.emoji, policy), on: record.on };
}

/** The one refusal of a reaction outside the portal's set. */
export function badReaction(): ValidationError {
  return new ValidationError('bad-reaction', "That is not one of this portal's reactions.", {
    field: 'emoji',
  });
}

/** The emoji, when it is one of the portal's reactions; `bad-reaction` otherwise. */
export function assertReaction(emoji: unknown, policy: Policy = DEFAULT_POLICY): string {
  const set = policy.reactions ?? DEFAULT_POLICY.reactions;
  if (typeof emoji !== 'string' || !set.includes(emoji)) throw badReaction();
  return emoji;
}

/** One stored reaction: who put which emoji. */
export interface StoredReaction {
  readonly emoji: string;
  /** The member, with their name when the backend has it. */
  readonly member: PartyRef;
}

/**
 * Reactions as one viewer sees them, from the stored ones in the order they were made: one entry
 * per emoji, in the order each was first put on the message (as the big messengers do, so an
 * entry never jumps when someone adds to another), with its count, whether it is the viewer's,
 * and who, in order.
 */
export function viewReactions(stored: readonly StoredReaction[], viewerId: MemberId): Reaction[] {
  const groups = new Map<string, PartyRef[]>();
  for (const { emoji, member } of stored) {
    const by = groups.get(emoji) ?? [];
    if (!by.some((ref) => ref.id === member.id)) by.push(member);
    groups.set(emoji, by);
  }
  return [...groups].map(([emoji, by]) => ({
    emoji,
    count: by.length,
    mine: by.some((ref) => ref.id === viewerId),
    by,
  }));
}
