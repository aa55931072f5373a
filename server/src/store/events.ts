/**
 * Each member's event stream as stored: positions, pruning, and the events after a position as
 * the member sees things now. Many streams ask at once when a message reaches a crowd, so the
 * reads go through batchers: a handful of queries per notification instead of several per stream.
 */
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Conversation, Message, StoredReaction } from '../../../src/core/index.js';
import { Batcher } from '../batch.js';
import type { Database } from '../db.js';
import { assembleView, sharedViews } from './conversations.js';
import { getViewer } from './directory.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  reactionsOf,
  toMessage,
  withReactions,
  type ConversationRow,
  type MessageRow,
} from './rows.js';
import { getSettings } from './settings.js';

export interface StoredEvent {
  readonly seq: number;
  /** Absent when the event is no longer the member's to see (they left the conversation's group). */
  readonly event?: AdapterEvent;
}

type EventRow = {
  seq: number;
  type: AdapterEvent['type'];
  conversation_id: string | null;
  message_seq: number | null;
};

export class EventLog {
  constructor(private readonly db: Database) {}

  /**
   * The member's current stream position (a new stream starts here), and the oldest position a
   * stream can still resume from: events older than the retention period are deleted.
   */
  async eventPosition(memberId: string): Promise<{ current: number; resumableFrom: number }> {
    const rows = await this.db.query<{ event_seq: number; oldest: number | null }>(
      `select m.event_seq, (select min(e.seq) from events e where e.member_id = m.id) as oldest
         from members m where m.id = $1`,
      [memberId],
    );
    const current = rows[0]?.event_seq ?? 0;
    const oldest = rows[0]?.oldest;
    // With events from `oldest` on kept, a stream that has seen `oldest - 1` misses nothing.
    return { current, resumableFrom: oldest === null || oldest === undefined ? current : oldest - 1 };
  }

  /** Deletes events older than `maxAgeMs`: streams that far behind must reload instead. */
  async pruneEvents(maxAgeMs: number): Promise<number> {
    const rows = await this.db.query('delete from events where created_at < $1 returning 1', [
      Date.now() - maxAgeMs,
    ]);
    return rows.length;
  }

  /** The member's events after `afterSeq` (at most 200), as they see things now. */
  async eventsAfter(memberId: string, afterSeq: number): Promise<StoredEvent[]> {
    const rows = (await this.eventRows.load(`${afterSeq}:${memberId}`)) ?? [];
    return Promise.all(
      rows.map(async (row): Promise<StoredEvent> => {
        switch (row.type) {
          case 'message-added':
          case 'conversation-added':
          case 'read-changed': {
            if (!row.conversation_id || !row.message_seq) return { seq: row.seq };
            const [conversation, message] = await Promise.all([
              this.seenConversations.load(`${memberId}\u0000${row.conversation_id}`),
              this.messagesBySeq.load(row.message_seq),
            ]);
            if (!conversation || !message) return { seq: row.seq };
            return row.type === 'read-changed'
              ? {
                  seq: row.seq,
                  event: {
                    type: 'read-changed',
                    conversationId: conversation.id,
                    upTo: message.id,
                    unreadCount: conversation.unreadCount,
                  },
                }
              : { seq: row.seq, event: { type: row.type, conversation, message } };
          }
          case 'message-changed': {
            if (!row.conversation_id || !row.message_seq) return { seq: row.seq };
            const [conversation, message, reactions] = await Promise.all([
              this.seenConversations.load(`${memberId}\u0000${row.conversation_id}`),
              this.messagesBySeq.load(row.message_seq),
              this.reactionsBySeq.load(row.message_seq),
            ]);
            if (!conversation || !message) return { seq: row.seq };
            return {
              seq: row.seq,
              event: {
                type: 'message-changed',
                conversation,
                // Who reacted is the same for every participant; "mine" is each one's own.
                message: withReactions(message, reactions, memberId),
              },
            };
          }
          case 'settings-changed': {
            const settings = await getSettings(this.db, memberId).catch(() => undefined);
            return settings
              ? { seq: row.seq, event: { type: 'settings-changed', settings } }
              : { seq: row.seq };
          }
          case 'viewer-changed': {
            const viewer = await getViewer(this.db, memberId).catch(() => undefined);
            return viewer ? { seq: row.seq, event: { type: 'viewer-changed', viewer } } : { seq: row.seq };
          }
          default:
            return { seq: row.seq };
        }
      }),
    );
  }

  /** Event rows for many streams at once; keys are `afterSeq:memberId`. */
  private readonly eventRows = new Batcher<string, EventRow[]>(async (keys) => {
    const members = keys.map((key) => key.slice(key.indexOf(':') + 1));
    const afters = keys.map((key) => Number(key.slice(0, key.indexOf(':'))));
    const rows = await this.db.query<EventRow & { member_id: string; after: number }>(
      `select s.member_id, s.after, e.seq, e.type, e.conversation_id, e.message_seq
         from unnest($1::text[], $2::int[]) as s(member_id, after)
         cross join lateral (
           select * from events e where e.member_id = s.member_id and e.seq > s.after order by e.seq limit 200) e
        order by s.member_id, e.seq`,
      [members, afters],
    );
    const byKey = new Map<string, EventRow[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(`${row.after}:${row.member_id}`)?.push(row);
    return byKey;
  });

  /** Conversations as each member sees them, or nothing for those they cannot see: `member\0conversation`. */
  private readonly seenConversations = new Batcher<string, Conversation>(async (keys) => {
    const pairs = keys.map((key) => key.split('\u0000'));
    const rows = await this.db.query<ConversationRow & { member_id: string; unread: number }>(
      `select s.member_id, ${CONVERSATION_COLUMNS},
              (select count(*)::int from messages m
                 left join reads r on r.member_id = s.member_id and r.conversation_id = c.id
                where m.conversation_id = c.id and m.author_id <> s.member_id
                  and m.seq > coalesce(r.up_to_seq, 0)) as unread
         from unnest($1::text[], $2::text[]) as s(member_id, conversation_id)
         join conversations c on c.id = s.conversation_id
        where conv_sees(s.member_id, c.id)`,
      [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
    );
    const shared = await sharedViews(
      this.db,
      [...new Set(rows.map((row) => row.id))],
      rows.map((row) => row.last_message_seq),
    );
    const views = new Map<string, Conversation>();
    for (const row of rows) {
      views.set(`${row.member_id}\u0000${row.id}`, assembleView(row, shared, row.unread));
    }
    return views;
  });

  private readonly reactionsBySeq = new Batcher<number, StoredReaction[]>((seqs) =>
    reactionsOf(this.db, seqs),
  );

  private readonly messagesBySeq = new Batcher<number, Message>(async (seqs) => {
    const rows = await this.db.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = any($1::int[])`, [seqs]);
    return new Map(rows.map((row) => [row.seq, toMessage(row)]));
  });
}
