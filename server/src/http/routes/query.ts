/** Query-string values as the rules take them: text stays text, a count is decimal digits or refused. */
import type { FastifyRequest } from 'fastify';
import { resolvePageLimit } from '../../../../src/core/index.js';

type Query = Record<string, string | string[] | undefined>;

function raw(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Query)[name];
  // A name given twice is not one value: the rules see something that is not text and refuse it.
  return Array.isArray(value) ? undefined : value;
}

/** A text value, or what was sent instead (a list, for a name given twice) for the rules to refuse. */
export function queryText(request: FastifyRequest, name: string): unknown {
  return (request.query as Query)[name];
}

/** `limit=20` is 20; `0x10`, `1e2`, ` 5` or `` are not counts (NaN, which the rules refuse). */
export function queryCount(request: FastifyRequest, name: string): number | undefined {
  const value = raw(request, name);
  if (value === undefined) return (request.query as Query)[name] === undefined ? undefined : Number.NaN;
  return /^[0-9]{1,15}$/.test(value) ? Number(value) : Number.NaN;
}

/** The rulebook's reason for a page size the schema refused (`bad-limit`). */
export function explainLimit(request: FastifyRequest): void {
  resolvePageLimit(queryCount(request, 'limit'));
}
