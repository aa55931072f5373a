/**
 * The parsers of the adapter requests that read (ids, references, cursors, pages) and of a settings
 * change: what a backend calls first, before it loads anything. Those of the requests that write
 * (start, send, mark read, report, mute) are in `change-requests.ts`, and a search's in
 * `search.ts`: the first view makes none of them in the browser, so they load on first use.
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
import type { ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import { parseGroupFilter } from './group-readers.js';
import { LIMITS } from './limits.js';
import { isPartyRef, resolvePageLimit } from './policy.js';
import { optionsRecord, presentKeys, refusal } from './request-parts.js';
import { isRecord } from './text.js';
import type {
  AcceptFrom,
  ConversationId,
  EmailMode,
  GroupId,
  MessageId,
  NotificationSettings,
  PartyRef,
} from './types.js';

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
