/**
 * The portal's rules for messages and recipients. The same functions run in the elements (to
 * tell the writer early), in the client, and in every adapter and the server (to enforce), so a
 * limit can never mean one thing in the UI and another in storage.
 *
 * The policy's shape and defaults are in `policy-defaults.ts`, and the check of a portal's own
 * policy in `policy-resolve.ts` (only backends resolve one: the client takes the backend's), so
 * that the client's chunk need not carry it; both are exported from here too.
 */
import { ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import { LIMITS } from './limits.js';
import { DEFAULT_POLICY, type Policy } from './policy-defaults.js';
import { codePointLength, isInvisibleText, isRecord, isStorableText } from './text.js';
import type { PartyRef } from './types.js';

export { isWellFormedText } from './text.js';
export {
  DEFAULT_POLICY,
  DEFAULT_REACTIONS,
  MAX_REACTION_LENGTH,
  MAX_REACTIONS,
  type Policy,
} from './policy-defaults.js';
export { resolvePolicy } from './policy-resolve.js';

/** When the edit window of a message sent at `sentAt` closes (exclusive), in ms since the epoch. */
export function editableUntil(sentAt: number, policy: Policy = DEFAULT_POLICY): number {
  return sentAt + (policy.editWindowMinutes ?? DEFAULT_POLICY.editWindowMinutes) * 60_000;
}

/**
 * The number of characters a message counts as: Unicode code points of the trimmed text.
 * An emoji such as 😀 is one; a family emoji joined by ZWJ counts each of its code points, as a
 * server counting code points would. (`maxlength` counts UTF-16 units and would stop 1,000 emoji
 * at 500, so elements never use it.)
 */
export function countCharacters(text: string): number {
  return codePointLength(text.trim());
}

const encoder = new TextEncoder();

export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}

export type BodyCheck =
  | {
      readonly ok: true;
      /** The text that will be stored: the input, trimmed. */
      readonly text: string;
      readonly length: number;
      /** Characters still available: never negative. */
      readonly remaining: number;
    }
  | {
      readonly ok: false;
      readonly error: ValidationError;
      readonly length: number;
      /** Characters still available; negative when over the limit. */
      readonly remaining: number;
    };

/**
 * Checks a message body against the policy without throwing. Elements call it on every
 * keystroke for the "N characters left" counter; adapters call `assertMessageBody`.
 *
 * In order: not text, or empty → `empty`; a lone surrogate or a NUL → `malformed-text`; only
 * invisible characters (zero-width space, joiners, direction marks…: see `isInvisibleText`) →
 * `empty`, although `length` still counts them, so that the counter and `countCharacters` agree;
 * over the length limit → `too-long`; over the byte ceiling → `too-large`.
 */
export function checkMessageBody(body: unknown, policy: Policy = DEFAULT_POLICY): BodyCheck {
  if (typeof body !== 'string') {
    return refuse(new ValidationError('empty', 'Write a message first.', { field: 'body' }), 0, policy);
  }
  const text = body.trim();
  const length = countCharacters(text);
  if (!isStorableText(text)) {
    return refuse(
      new ValidationError('malformed-text', 'The message contains characters that cannot be sent.', {
        field: 'body',
      }),
      length,
      policy,
    );
  }
  if (isInvisibleText(text)) {
    return refuse(new ValidationError('empty', 'Write a message first.', { field: 'body' }), length, policy);
  }
  if (length > policy.maxMessageLength) {
    return refuse(
      new ValidationError(
        'too-long',
        `A message holds at most ${policy.maxMessageLength} characters; this one has ${length}.`,
        { field: 'body', limit: policy.maxMessageLength, actual: length },
      ),
      length,
      policy,
    );
  }
  const bytes = utf8ByteLength(text);
  if (bytes > policy.maxMessageBytes) {
    return refuse(
      new ValidationError('too-large', 'The message is too large to send; shorten it.', {
        field: 'body',
        limit: policy.maxMessageBytes,
        actual: bytes,
      }),
      length,
      policy,
    );
  }
  return { ok: true, text, length, remaining: policy.maxMessageLength - length };
}

function refuse(error: ValidationError, length: number, policy: Policy): BodyCheck {
  return { ok: false, error, length, remaining: policy.maxMessageLength - length };
}

/** Returns the text to store, or throws the `ValidationError` that `checkMessageBody` found. */
export function assertMessageBody(body: unknown, policy: Policy = DEFAULT_POLICY): string {
  const check = checkMessageBody(body, policy);
  if (!check.ok) throw check.error;
  return check.text;
}

/** A reference to a member or a group with a valid id (extra keys are not looked at). */
export function isPartyRef(value: unknown): value is PartyRef {
  return isRecord(value) && (value.kind === 'member' || value.kind === 'group') && isValidId(value.id);
}

const CLIENT_ID = new RegExp(`^[A-Za-z0-9_-]{${LIMITS.minClientIdLength},${LIMITS.maxClientIdLength}}$`);

/** A client-made id must be a short, printable token: it becomes part of a storage key. */
export function assertClientId(clientId: unknown): string {
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    throw new ValidationError('bad-id', 'The request id must be 8 to 64 letters, digits, "-" or "_".', {
      field: 'clientId',
    });
  }
  return clientId;
}

/**
 * A report must say why, briefly (S7). Returns the trimmed reason. Not text, empty or only
 * invisible characters → `bad-report`; a lone surrogate or a NUL → `malformed-text`; too long →
 * `too-long` (all with the field `reason`).
 */
export function assertReportReason(reason: unknown, policy: Policy = DEFAULT_POLICY): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (typeof reason === 'string' && !isStorableText(text)) {
    throw new ValidationError('malformed-text', 'The reason contains characters that cannot be sent.', {
      field: 'reason',
    });
  }
  if (isInvisibleText(text)) {
    throw new ValidationError('bad-report', 'Say briefly why you are reporting this.', { field: 'reason' });
  }
  const length = countCharacters(text);
  if (length > policy.maxReportLength) {
    throw new ValidationError('too-long', `A report holds at most ${policy.maxReportLength} characters.`, {
      field: 'reason',
      limit: policy.maxReportLength,
      actual: length,
    });
  }
  return text;
}

function badLimit(): ValidationError {
  return new ValidationError('bad-limit', `A page holds 1 to ${LIMITS.maxPageSize} items.`, {
    field: 'request',
  });
}

/** A page size from a request: a whole number from 1 to 100, `fallback` (50) when absent. */
export function resolvePageLimit(limit: unknown, fallback: number = LIMITS.defaultPageSize): number {
  if (limit === undefined) return fallback;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > LIMITS.maxPageSize) {
    throw badLimit();
  }
  return limit;
}

/**
 * A page size written in a URL's query (`?limit=20`): plain decimal digits only, so that `0x10`,
 * `1e2`, `+5`, ` 5` or `5.0` are refused at parse instead of being read as numbers by `Number`.
 */
export function parseCountParam(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(raw)) throw badLimit();
  return Number(raw);
}

/** A page size from a URL's query: `parseCountParam`, then `resolvePageLimit`. */
export function parsePageLimitParam(
  raw: string | null | undefined,
  fallback: number = LIMITS.defaultPageSize,
): number {
  return resolvePageLimit(parseCountParam(raw), fallback);
}
