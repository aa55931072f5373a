/**
 * Query-string values as the rulebook takes them. A value named twice is a list, which no
 * parser accepts as text; a count is decimal digits only (`parseCountParam`: `0x10`, `1e2`,
 * ` 5` are `bad-limit`).
 */
import type { FastifyRequest } from 'fastify';
import { decodeCursor, parseCountParam } from '../../../../src/core/index.js';

type Query = Record<string, string | string[] | undefined>;

/** A text value, or what was sent instead (a list) for the parser to refuse. */
export function queryValue(request: FastifyRequest, name: string): unknown {
  return (request.query as Query)[name];
}

/** A count: absent, decimal digits, or refused as `bad-limit`. */
export function queryCount(request: FastifyRequest, name: string): number | undefined {
  const value = queryValue(request, name);
  // A list is not a count: the same refusal as for any other text that is not digits.
  return parseCountParam(typeof value === 'string' || value === undefined ? value : '-');
}

/**
 * A page cursor of this server: one sequence number, a PostgreSQL `integer`. Decoded here so
 * that `[1.5]`, `[1e20]` or `[2147483648]` are `bad-cursor`, never a database error.
 */
export function checkSeqCursor(cursor: string | undefined): void {
  if (cursor !== undefined) decodeCursor(cursor, ['int32'] as const);
}
