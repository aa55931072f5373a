/**
 * The size limits of requests and directory data: one table, read by every parser of the
 * rulebook, so that an id, a name or a search means the same length in the client, the local
 * adapter, the server and the documented API (docs/openapi.yaml).
 *
 * Lengths of text are counted in Unicode code points, as JSON Schema's `maxLength` counts them.
 * The message and report limits are the portal's policy (`core/policy.ts`), not these.
 */
export const LIMITS = Object.freeze({
  /** An id of a member, group, conversation or message: 1 to this many characters. */
  maxIdLength: 200,
  /** A member's or group's name, after trimming. */
  maxNameLength: 200,
  /** A directory search. */
  maxQueryLength: 200,
  /** An avatar or profile link. */
  maxUrlLength: 2000,
  /** An email address (RFC 5321's limit on a path, rounded up as most systems do). */
  maxEmailLength: 320,
  /** An opaque page cursor. */
  maxCursorLength: 512,
  /** A client-made request id: 8 to 64 letters, digits, "-" or "_". */
  minClientIdLength: 8,
  maxClientIdLength: 64,
  /** Items per page: 1 to this. */
  maxPageSize: 100,
  /** Page size when a list request names none. */
  defaultPageSize: 50,
  /** Results when a search names no limit. */
  defaultSearchLimit: 20,
  /** Members plus groups in one directory load. */
  maxDirectoryEntries: 10_000,
  /** The largest whole number a count or position may be: a PostgreSQL `integer`. */
  maxInt32: 2_147_483_647,
});

export type Limits = typeof LIMITS;
