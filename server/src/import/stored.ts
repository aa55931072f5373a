/** What the import's writers share: numbered records, and the conversations known so far. */
import type { Queryable } from '../db.js';

export type Numbered<T> = { readonly line: number; readonly record: T };

/** The source's conversation, as stored here; `line` 0 when stored before this batch. */
export type StoredConversation = { id: string; last: number; line: number };

/** A stored message an import names (a read marker's `upTo`). */
export type StoredMessage = { seq: number; conversationId: string; line: number };

/** Notes a refusal of the record on `line`, decided in the transaction. */
export type Refuse = (line: number, error: unknown) => void;

export async function knownConversations(
  tx: Queryable,
  externalIds: string[],
): Promise<Map<string, StoredConversation>> {
  const rows = await tx.query<{ id: string; external_id: string; last_activity_at: number; has: boolean }>(
    `select id, external_id, last_activity_at, last_message_seq > 0 as has
       from conversations where external_id = any($1::text[])`,
    [[...new Set(externalIds)]],
  );
  // Already stored: known from before this batch (line 0).
  return new Map(
    rows.map((row) => [row.external_id, { id: row.id, last: row.has ? row.last_activity_at : 0, line: 0 }]),
  );
}
