/**
 * Putting a request on the wire. The HTTP adapter leaves the rules to the server, which parses
 * every request with the same rulebook (`core/requests.ts`): a too-long id, a NUL or a bad cursor
 * is sent as it is and refused there, so the conformance suite run over HTTP proves the server's
 * parsing, not the adapter's. What the adapter refuses itself is only what it cannot encode
 * faithfully: a value of the wrong type in a path or a query (`String(42)` would name the
 * conversation "42", `String({})` "[object Object]") and a body that is not JSON. For those it
 * lets the rulebook's own parser speak, so that the refusal is the one every backend gives.
 */
import { ValidationError } from '../../core/errors.js';
import { resolvePageLimit } from '../../core/policy.js';
import { parseConversationId, parseCursorParam } from '../../core/requests.js';
import { isRecord, isWellFormedText } from '../../core/text.js';

/**
 * `value` for a URL's query when it is text a URL can carry; otherwise whatever `parse` does
 * with it. A lone surrogate cannot be percent-encoded (`URLSearchParams` would send U+FFFD in
 * its place, another text), and every parser of the rulebook refuses it, as it refuses a value
 * that is not text where text is expected: `parse` throws its refusal.
 */
export function queryText(value: unknown, parse: (value: unknown) => string): string {
  return typeof value === 'string' && isWellFormedText(value) ? value : parse(value);
}

/**
 * `value` as one segment of a URL's path. Text that no path can carry (empty, `.` or `..`, which
 * URL resolution removes, or a lone surrogate, which `encodeURIComponent` cannot encode) and
 * values that are not text are handed to `parse`, which refuses them as invalid ids, as it would
 * on any backend.
 */
export function pathSegment(value: unknown, parse: (value: unknown) => string): string {
  const fits =
    typeof value === 'string' && value !== '' && value !== '.' && value !== '..' && isWellFormedText(value);
  return encodeURIComponent(fits ? value : parse(value));
}

/** A page size for the query: a number (the server checks its range), or absent. */
export function limitParam(limit: unknown): number | undefined {
  return limit === undefined || typeof limit === 'number' ? limit : resolvePageLimit(limit);
}

/** A cursor for the query: text (the server decodes it), or absent. */
export function cursorParam(cursor: unknown): string | undefined {
  return cursor === undefined || typeof cursor === 'string' ? cursor : parseCursorParam(cursor);
}

/** Request options (`{ limit, signal, … }`): absent, or an object, as the rulebook requires. */
export function optionsOf<T extends object>(
  options: T | undefined,
  parse: (options: unknown) => unknown,
): Partial<T> {
  if (options === undefined) return {};
  if (isRecord(options)) return options;
  parse(options);
  return {};
}

/** The JSON of a request body; a value JSON cannot hold (a BigInt, a cycle) is a bad request. */
export function jsonBody(body: unknown): string {
  try {
    return JSON.stringify(body ?? null);
  } catch {
    throw new ValidationError('bad-request', 'The request cannot be sent: it is not plain data.', {
      field: 'request',
    });
  }
}

/** What a request may carry besides its method and path. */
export interface SendInit {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Read the answer as a Blob (a download) rather than parsing it. */
  readonly as?: 'blob';
}

/** The adapter's authenticated request: the token, one retry after a 401, errors as `ConvError`s. */
export type Send = <T>(method: string, path: string, init?: SendInit) => Promise<T>;

/** `/v1/conversations/<id>`, for an id of any text; anything else is refused as the rulebook does. */
export function conversationPath(id: unknown): string {
  return `/v1/conversations/${pathSegment(id, parseConversationId)}`;
}
