/**
 * S21: the order of the export document's conversations (`core/export.ts`). A module of its own,
 * not re-exported by `core/index.ts`, so that only a backend that sorts (the local one) carries
 * it, not every page with the client (`rollup.config.mjs`); the server reads in this order with
 * SQL (`server/src/store/export.ts`).
 */
import type { ExportedConversation } from './export.js';

/**
 * The order of the document's conversations, the same on every backend whatever order it lists
 * them in: oldest first (`createdAt`), then by id: a key a server can read page by page in that
 * order, so that a long history is never sorted in memory.
 */
export function exportOrder(
  a: Pick<ExportedConversation, 'createdAt' | 'id'>,
  b: Pick<ExportedConversation, 'createdAt' | 'id'>,
): number {
  return a.createdAt - b.createdAt || byCodePoints(a.id, b.id);
}

/** Ids compared code point by code point: the order of a database's binary ("C") collation. */
function byCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return (x.done ? 0 : 1) - (y.done ? 0 : 1);
    const difference = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
}
