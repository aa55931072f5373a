/**
 * The parsers of every adapter request: what a backend calls first, before it loads anything.
 * Each takes the request as it arrived (`unknown`: from a page, a JSON body, a query string) and
 * returns it typed and normalised, or throws the one `ValidationError` the rulebook gives for
 * that mistake, the same in the client, the local adapter and the server.
 *
 * Shared conventions:
 * - a key holding `undefined` is absent (as after a trip through JSON); `null` is a value;
 * - request objects take only their documented keys (docs/openapi.yaml: `additionalProperties:
 *   false`); an unknown key is refused, so a misspelt `asGroup` never sends as oneself;
 * - text is refused when it holds a NUL or a lone surrogate; lengths are code points.
 */
import { isAcceptFrom } from './accept-from.js';
import { badCursor } from './cursor.js';
import { ValidationError, type ErrorField, type ValidationReason } from './errors.js';
import { isValidId } from './ids.js';
import { parseGroupFilter } from './group-readers.js';
import { LIMITS } from './limits.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  DEFAULT_POLICY,
  isPartyRef,
  normalizeRecipients,
  resolvePageLimit,
  type Policy,
} from './policy.js';
import { codePointLength, foldForSearch, isRecord, isStorableText } from './text.js';
import type {
  AcceptFrom,
  ClientId,
  EmailMode,
  ConversationId,
  GroupId,
  MemberId,
  MessageId,
  NotificationSettings,
  PartyKind,
  PartyRef,
  ReportTarget,
} from './types.js';

function refusal(reason: ValidationReason, message: string, field: ErrorField = 'request'): ValidationError {
  return new ValidationError(reason, message, { field });
}

/** The keys of a request object whose value is not `undefined`. */
function presentKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

function onlyKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  error: () => ValidationError,
): void {
  if (presentKeys(value).some((key) => !allowed.includes(key))) throw error();
}

/** Options of a request (`{ limit, kind, signal, … }`): absent, or an object. */
function optionsRecord(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isRecord(options)) throw refusal('bad-request', 'The request options must be an object.');
  return options;
}

// ---------------------------------------------------------------- ids and references

/** A conversation id from a request: `bad-id` (field `request`) unless it meets `isValidId`. */
export function parseConversationId(value: unknown): ConversationId {
  if (!isValidId(value)) throw refusal('bad-id', 'That conversation id is not valid.');
  return value;
}

/** A message id from a request (`upTo`, a report's `messageId`): `bad-id` unless valid. */
export function parseMessageId(value: unknown): MessageId {
  if (!isValidId(value)) throw refusal('bad-id', 'That message id is not valid.');
  return value;
}

/** The refusal of a malformed member or group reference: `bad-recipient`, field `recipients`. */
export function badPartyRef(): ValidationError {
  return refusal('bad-recipient', 'Name a member or a group.', 'recipients');
}

/**
 * A member or group reference (`getParty`): `{ kind: 'member' | 'group', id }` with a valid id.
 * Other keys are not looked at (a whole `Party` is a reference too) and not returned.
 */
export function parsePartyRef(value: unknown): PartyRef {
  if (!isPartyRef(value)) throw badPartyRef();
  return { kind: value.kind, id: value.id };
}

/** The group a request writes as: absent, or a valid group id (`bad-request`, field `asGroup`). */
export function parseAsGroup(value: unknown): GroupId | undefined {
  if (value === undefined) return undefined;
  if (!isValidId(value)) throw refusal('bad-request', '"Send as" must name a group.', 'asGroup');
  return value;
}

/**
 * A page cursor as a request carries it: absent, or a string of at most `LIMITS.maxCursorLength`
 * (`bad-cursor`). What is inside is the backend's to decode, with `decodeCursor`.
 */
export function parseCursorParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.maxCursorLength) {
    throw badCursor();
  }
  return value;
}

// ---------------------------------------------------------------- the requests

export interface SearchRequest {
  /** The query, trimmed. */
  readonly query: string;
  /** `foldForSearch(query)`: what to look for in folded names. */
  readonly folded: string;
  readonly limit: number;
  readonly kind?: PartyKind;
}

/**
 * The text of a search, of the directory or of one's conversations: text (`bad-request`), with
 * no NUL or lone surrogate (`malformed-text`), of at most `LIMITS.maxQueryLength` characters
 * (`too-long`).
 */
export function assertSearchText(query: unknown): asserts query is string {
  if (typeof query !== 'string') throw refusal('bad-request', 'A search is a text.');
  if (!isStorableText(query)) {
    throw refusal('malformed-text', 'The search contains characters that cannot be searched for.');
  }
  const length = codePointLength(query);
  if (length > LIMITS.maxQueryLength) {
    throw new ValidationError('too-long', `A search holds at most ${LIMITS.maxQueryLength} characters.`, {
      field: 'request',
      limit: LIMITS.maxQueryLength,
      actual: length,
    });
  }
}

/**
 * `searchDirectory(query, { limit, kind })`. Not text → `bad-request`; a NUL or lone surrogate →
 * `malformed-text`; over `LIMITS.maxQueryLength` → `too-long`; a bad limit → `bad-limit`; a kind
 * other than member or group → `bad-request`.
 */
export function parseSearchRequest(query: unknown, options?: unknown): SearchRequest {
  assertSearchText(query);
  const { limit, kind } = optionsRecord(options);
  const resolved = resolvePageLimit(limit, LIMITS.defaultSearchLimit);
  if (kind !== undefined && kind !== 'member' && kind !== 'group') {
    throw refusal('bad-request', 'Search for "member" or "group", or leave the kind out.');
  }
  const trimmed = query.trim();
  return { query: trimmed, folded: foldForSearch(trimmed), limit: resolved, ...(kind ? { kind } : {}) };
}

export interface ListConversationsRequest {
  readonly limit: number;
  /** The undecoded cursor: decode it with the shape this backend makes. */
  readonly after?: string;
  /** S18: only the conversations held with this group (one the viewer reads). */
  readonly group?: GroupId;
}

/** `listConversations({ after, limit })`. */
export function parseListConversationsRequest(options?: unknown): ListConversationsRequest {
  const { after, limit, group } = optionsRecord(options);
  const cursor = parseCursorParam(after);
  const groupId = parseGroupFilter(group);
  return {
    limit: resolvePageLimit(limit),
    ...(cursor === undefined ? {} : { after: cursor }),
    ...(groupId === undefined ? {} : { group: groupId }),
  };
}

export interface ListMessagesRequest {
  readonly conversationId: ConversationId;
  readonly limit: number;
  /** Older than this cursor's page. */
  readonly before?: string;
  /** Newer than this cursor's page (after a page loaded `around` a message). */
  readonly after?: string;
  /** The page with this message in its middle (a search result's jump, S30). */
  readonly around?: MessageId;
}

/**
 * `listMessages(id, { before, after, around, limit })`. At most one of `before`, `after` and
 * `around` (`bad-request`); cursors as `parseCursorParam`; `around` a message id (`bad-id`).
 */
export function parseListMessagesRequest(id: unknown, options?: unknown): ListMessagesRequest {
  const conversationId = parseConversationId(id);
  const { before, after, around, limit } = optionsRecord(options);
  const older = parseCursorParam(before);
  const newer = parseCursorParam(after);
  const focus = around === undefined ? undefined : parseMessageId(around);
  if ([older, newer, focus].filter((value) => value !== undefined).length > 1) {
    throw refusal(
      'bad-request',
      'Ask for messages before a cursor, after one, or around a message: one of them.',
    );
  }
  return {
    conversationId,
    limit: resolvePageLimit(limit),
    ...(older === undefined ? {} : { before: older }),
    ...(newer === undefined ? {} : { after: newer }),
    ...(focus === undefined ? {} : { around: focus }),
  };
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

function badSettings(): ValidationError {
  return refusal(
    'bad-settings',
    'Settings are "inApp" and "email", each on or off, "acceptFrom", "anyone" or "followed", and "emailMode", "first-unread" or "digest".',
    'settings',
  );
}

/**
 * `updateSettings(patch)`: an object whose keys are `inApp`, `email` and `readReceipts` (S27), each
 * `true` or `false`, and `acceptFrom`, `'anyone'` or `'followed'` (S14), and `emailMode`,
 * `'first-unread'` or `'digest'` (S22); a key holding `undefined` is absent (it changes nothing),
 * `null` or any other value, or any other key, is refused as `bad-settings`. Returns only the keys
 * that were given.
 */
export function parseSettingsPatch(patch: unknown): Partial<NotificationSettings> {
  if (!isRecord(patch)) throw badSettings();
  const parsed: {
    inApp?: boolean;
    email?: boolean;
    readReceipts?: boolean;
    acceptFrom?: AcceptFrom;
    emailMode?: EmailMode;
  } = {};
  for (const key of presentKeys(patch)) {
    const value = patch[key];
    if (key === 'acceptFrom') {
      if (!isAcceptFrom(value)) throw badSettings();
      parsed.acceptFrom = value;
      continue;
    }
    if (key === 'emailMode') {
      if (value !== 'first-unread' && value !== 'digest') throw badSettings();
      parsed.emailMode = value;
      continue;
    }
    if ((key !== 'inApp' && key !== 'email' && key !== 'readReceipts') || typeof value !== 'boolean') {
      throw badSettings();
    }
    parsed[key] = value;
  }
  return parsed;
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
