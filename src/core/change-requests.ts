/**
 * The parsers of the adapter requests that write: starting a conversation, sending, marking read,
 * reporting and muting (conventions in `requests.ts`). Apart from the requests that read, which
 * the first view's adapter parses, so that these load with the rules used on first use.
 */
import { isValidId } from './ids.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  DEFAULT_POLICY,
  type Policy,
} from './policy.js';
import { normalizeRecipients } from './recipients.js';
import { onlyKeys, refusal } from './request-parts.js';
import { parseConversationId, parseMessageId } from './requests.js';
import { isRecord } from './text.js';
import type {
  ClientId,
  ConversationId,
  GroupId,
  MemberId,
  MessageId,
  PartyRef,
  ReportTarget,
} from './types.js';
import type { ValidationError } from './errors.js';

/** The group a request writes as: absent, or a valid group id (`bad-request`, field `asGroup`). */
export function parseAsGroup(value: unknown): GroupId | undefined {
  if (value === undefined) return undefined;
  if (!isValidId(value)) throw refusal('bad-request', '"Send as" must name a group.', 'asGroup');
  return value;
}

export interface StartRequest {
  readonly clientId: ClientId;
  readonly asGroup?: GroupId;
  /** Who starts it: the viewer, or the group they write as. */
  readonly sender: PartyRef;
  /** Deduplicated, in the order named, without the sender (see `normalizeRecipients`). */
  readonly recipients: readonly PartyRef[];
  /** The trimmed first message. */
  readonly body: string;
}

const START_KEYS = ['recipients', 'body', 'asGroup', 'clientId'] as const;

/**
 * `startConversation({ recipients, body, asGroup, clientId })` by `viewerId`. Not an object or
 * an unknown key → `bad-request`; then the client id (`bad-id`), `asGroup` (`bad-request`), the
 * recipients (`normalizeRecipients`), the body (`checkMessageBody`).
 */
export function parseStartRequest(
  input: unknown,
  viewerId: MemberId,
  policy: Policy = DEFAULT_POLICY,
): StartRequest {
  const bad = () => refusal('bad-request', 'Say whom to write to and what.');
  if (!isRecord(input)) throw bad();
  onlyKeys(input, START_KEYS, bad);
  const clientId = assertClientId(input.clientId);
  const asGroup = parseAsGroup(input.asGroup);
  const sender: PartyRef =
    asGroup === undefined ? { kind: 'member', id: viewerId } : { kind: 'group', id: asGroup };
  const recipients = normalizeRecipients(input.recipients, sender, policy);
  const body = assertMessageBody(input.body, policy);
  return { clientId, ...(asGroup === undefined ? {} : { asGroup }), sender, recipients, body };
}

export interface SendRequest {
  readonly conversationId: ConversationId;
  readonly clientId: ClientId;
  readonly asGroup?: GroupId;
  readonly body: string;
}

const SEND_KEYS = ['conversationId', 'body', 'asGroup', 'clientId'] as const;

/**
 * `sendMessage({ conversationId, body, asGroup, clientId })`. Not an object or an unknown key →
 * `bad-request`; then the conversation id (`bad-id`), client id, `asGroup`, body.
 * A server that takes the conversation id from its path passes it as `conversationId`.
 */
export function parseSendRequest(input: unknown, policy: Policy = DEFAULT_POLICY): SendRequest {
  const bad = () => refusal('bad-request', 'Say which conversation to write in, and what.');
  if (!isRecord(input)) throw bad();
  onlyKeys(input, SEND_KEYS, bad);
  const conversationId = parseConversationId(input.conversationId);
  const clientId = assertClientId(input.clientId);
  const asGroup = parseAsGroup(input.asGroup);
  const body = assertMessageBody(input.body, policy);
  return { conversationId, clientId, ...(asGroup === undefined ? {} : { asGroup }), body };
}

export interface MarkReadRequest {
  readonly conversationId: ConversationId;
  readonly upTo: MessageId;
}

/** `markRead(id, upTo)`: both valid ids (`bad-id`). */
export function parseMarkReadRequest(id: unknown, upTo: unknown): MarkReadRequest {
  return { conversationId: parseConversationId(id), upTo: parseMessageId(upTo) };
}

function badReport(): ValidationError {
  return refusal('bad-report', 'Choose a message or a conversation to report.');
}

/** A report's target: a conversation, or a message of it; anything else → `bad-report`. */
export function parseReportTarget(target: unknown): ReportTarget {
  if (!isRecord(target) || !isValidId(target.conversationId)) throw badReport();
  if (target.kind === 'conversation') {
    return { kind: 'conversation', conversationId: target.conversationId };
  }
  if (target.kind === 'message' && isValidId(target.messageId)) {
    return { kind: 'message', conversationId: target.conversationId, messageId: target.messageId };
  }
  throw badReport();
}

export interface ReportRequest {
  readonly target: ReportTarget;
  /** Trimmed. */
  readonly reason: string;
}

/**
 * `report({ target, reason })`. Not an object, an unknown key or a malformed target (a
 * conversation id that is not a valid id included) → `bad-report`, field `request`; then the
 * reason (`assertReportReason`).
 */
export function parseReportRequest(input: unknown, policy: Policy = DEFAULT_POLICY): ReportRequest {
  if (!isRecord(input)) throw badReport();
  onlyKeys(input, ['target', 'reason'], badReport);
  const target = parseReportTarget(input.target);
  return { target, reason: assertReportReason(input.reason, policy) };
}

/** S29: mute or unmute a conversation; `muted` must be a boolean, else `bad-request`. */
export function parseMuteRequest(
  id: unknown,
  muted: unknown,
): { readonly conversationId: ConversationId; readonly muted: boolean } {
  const conversationId = parseConversationId(id);
  if (typeof muted !== 'boolean') throw refusal('bad-request', 'Say whether to mute: true or false.');
  return { conversationId, muted };
}
