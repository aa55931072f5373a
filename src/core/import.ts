/**
 * The rulebook of an import (S20): what one record of an import stream may hold. A backend that
 * imports calls `parseImportRecord` on each record first, then checks it against what it has
 * stored (participants exist, the author may write as the group, the conversation is known) and
 * only then writes. The text rules are the live ones (`assertMessageBody`), so an imported
 * message could have been sent; the rate limits are not applied, and a conversation keeps its own
 * identity even when another has the same participants (the source may have had two).
 *
 * Records are one of three shapes, each naming its source's ids (`externalId`), never ours:
 * - `{ type: 'conversation', externalId, participants, startedBy?, createdAt }`: participants are
 *   member and group references, the starter first (or named by `startedBy`);
 * - `{ type: 'message', externalId, conversation, author, asGroup?, body, sentAt }`: in the order
 *   they were sent; `conversation` is the conversation's external id;
 * - `{ type: 'read', conversation, member, upTo }`: the member has read up to that message
 *   (its external id).
 */
import { ValidationError, type ErrorField, type ValidationReason } from './errors.js';
import { isValidId } from './ids.js';
import { assertMessageBody, DEFAULT_POLICY, isPartyRef, type Policy } from './policy.js';
import { normalizeRecipients } from './recipients.js';
import { parseAsGroup } from './change-requests.js';
import { isRecord } from './text.js';
import { partyKey, type GroupId, type MemberId, type PartyRef } from './types.js';

export interface ImportedConversation {
  readonly type: 'conversation';
  readonly externalId: string;
  /** The starter first, then the others in the order named, each once. */
  readonly participants: readonly PartyRef[];
  readonly createdAt: number;
}

export interface ImportedMessage {
  readonly type: 'message';
  readonly externalId: string;
  /** The external id of its conversation. */
  readonly conversation: string;
  readonly author: MemberId;
  readonly asGroup?: GroupId;
  /** Trimmed, as a live send stores it. */
  readonly body: string;
  readonly sentAt: number;
}

export interface ImportedRead {
  readonly type: 'read';
  readonly conversation: string;
  readonly member: MemberId;
  /** The external id of the last message read. */
  readonly upTo: string;
}

export type ImportRecord = ImportedConversation | ImportedMessage | ImportedRead;

const KEYS: Record<ImportRecord['type'], readonly string[]> = {
  conversation: ['type', 'externalId', 'participants', 'startedBy', 'createdAt'],
  message: ['type', 'externalId', 'conversation', 'author', 'asGroup', 'body', 'sentAt'],
  read: ['type', 'conversation', 'member', 'upTo'],
};

function refusal(reason: ValidationReason, message: string, field: ErrorField = 'request'): ValidationError {
  return new ValidationError(reason, message, { field });
}

function id(value: unknown, what: string): string {
  if (!isValidId(value)) throw refusal('bad-id', `${what} is not a valid id.`);
  return value;
}

/** A time: milliseconds since the epoch, a whole or fractional number from 0 on. */
function time(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw refusal('bad-request', `${what} must be a time in milliseconds since the epoch.`);
  }
  return value;
}

function participantsOf(input: Record<string, unknown>, policy: Policy): PartyRef[] {
  const { participants } = input;
  if (!Array.isArray(participants) || participants.length === 0 || ![...participants].every(isPartyRef)) {
    throw refusal('bad-recipient', 'participants must be members and groups.', 'recipients');
  }
  const refs = participants as PartyRef[];
  let starter = refs[0];
  if (input.startedBy !== undefined) {
    if (!isPartyRef(input.startedBy))
      throw refusal('bad-recipient', 'startedBy must be a participant.', 'recipients');
    const named = partyKey(input.startedBy);
    const found = refs.find((ref) => partyKey(ref) === named);
    if (!found) throw refusal('bad-recipient', 'startedBy must be one of the participants.', 'recipients');
    starter = found;
  }
  const sender: PartyRef = { kind: starter.kind, id: starter.id };
  // The live start's rule: others named once, not only the starter, at most maxInvitees of them.
  return [sender, ...normalizeRecipients(refs, sender, policy)];
}

/**
 * One record of an import stream, typed and normalised, or the `ValidationError` the rulebook
 * gives: not an object, an unknown `type` or key → `bad-request`; an id that is not one →
 * `bad-id`; participants as a start's recipients (`bad-recipient`, `self-only`,
 * `too-many-recipients`); the body as a send's (`empty`, `too-long`, `too-large`,
 * `malformed-text`); `asGroup` as a send's.
 */
export function parseImportRecord(input: unknown, policy: Policy = DEFAULT_POLICY): ImportRecord {
  if (!isRecord(input)) throw refusal('bad-request', 'Each line must be one JSON object.');
  const type = input.type;
  if (type !== 'conversation' && type !== 'message' && type !== 'read') {
    throw refusal('bad-request', 'type must be "conversation", "message" or "read".');
  }
  const unknown = Object.keys(input).filter((key) => input[key] !== undefined && !KEYS[type].includes(key));
  if (unknown.length) throw refusal('bad-request', `Unknown field in a ${type}: ${unknown.join(', ')}.`);
  switch (type) {
    case 'conversation':
      return {
        type,
        externalId: id(input.externalId, 'externalId'),
        participants: participantsOf(input, policy),
        createdAt: time(input.createdAt, 'createdAt'),
      };
    case 'message': {
      const asGroup = parseAsGroup(input.asGroup);
      return {
        type,
        externalId: id(input.externalId, 'externalId'),
        conversation: id(input.conversation, 'conversation'),
        author: id(input.author, 'author'),
        ...(asGroup === undefined ? {} : { asGroup }),
        body: assertMessageBody(input.body, policy),
        sentAt: time(input.sentAt, 'sentAt'),
      };
    }
    case 'read':
      return {
        type,
        conversation: id(input.conversation, 'conversation'),
        member: id(input.member, 'member'),
        upTo: id(input.upTo, 'upTo'),
      };
  }
}
