/**
 * Appending events to members' streams. The ordering guarantee (per-member ids that commit in
 * order, announced by NOTIFY at commit) lives in SQL: in `conv_add_events` (migration 3) for one
 * event to several members, and in `conv_messages_added` (migration 17) for the events of a
 * batch of messages, which takes the members' rows in the same id order and numbers each
 * member's events in the messages' order.
 */
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Queryable } from '../db.js';

export const EVENTS_CHANNEL = 'conv_events';

/**
 * Locks the members' rows, in id order, as every send does before it touches anything of theirs.
 * A transaction that will change a member's read row (their read position, mute, mark unread)
 * takes their row first this way, and every member it will add events for in the same statement:
 * with one order for everyone, a read and a send of the same member cannot deadlock.
 */
export async function lockMembers(q: Queryable, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await q.query('select 1 from members where id = any($1::text[]) order by id for update', [[...memberIds]]);
}

/** Appends one event to each member's stream; returns the members it went to. */
export async function addEvents(
  q: Queryable,
  space: string,
  memberIds: readonly string[],
  type: AdapterEvent['type'],
  conversationId: string | null,
  messageSeq: number | null,
): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const [row] = await q.query<{ members: string[] }>(
    'select conv_add_events($1::text[], $2, $3, $4, $5, $6) as members',
    [[...memberIds], type, conversationId, messageSeq, Date.now(), space],
  );
  return row.members;
}
