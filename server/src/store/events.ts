/**
 * Each member's event stream as stored: positions, pruning, and the events after a position as
 * the member sees things now.
 *
 * A message to a crowd wakes thousands of streams at once, so they are read together
 * (`eventsFor`): one statement gives every stream's next events with what differs per member
 * (whether they still see the conversation, their unread count and flags), a few more give what
 * is the same for everyone (the conversation, its participants, the messages), and members who
 * see the same thing get the same event object, which the stream layer turns into JSON once.
 */
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Database } from '../db.js';
import { sharedViews } from './conversations.js';
import { getViewer } from './directory.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  reactionsOf,
  toMessage,
  type ConversationRow,
  type MessageRow,
} from './rows.js';
import { seenByIn } from './presence.js';
import { getSettings } from './settings.js';
import { SharedEvents, type EventRow, type Shared } from './shared-events.js';

/** The most events one read gives a stream; a stream that got this many reads again. */
export const EVENTS_PER_READ = 200;

export interface StoredEvent {
  readonly seq: number;
  /** Absent when the event is no longer the member's to see (they left the conversation's group). */
  readonly event?: AdapterEvent;
}

/** Where one stream is: its member and the last event id it has sent. */
export interface StreamPosition {
  readonly memberId: string;
  readonly afterSeq: number;
}

/** The events that show a conversation, and so depend on the member seeing it. */
const SEEN_TYPES = [
  'message-added',
  'conversation-added',
  'read-changed',
  'conversation-changed',
  'message-changed',
  'seen-changed',
] satisfies AdapterEvent['type'][];

/**
 * Every stream's next events (`EVENTS_PER_READ` at most, in order) and, once per member and
 * conversation, the member's view of it: the one visibility rule, the unread count from their
 * read position, mute and "marked unread". The rule is read as rows (`conv_sees_rows`, migration
 * 17), which PostgreSQL inlines into this statement; the scalar `conv_sees` it would otherwise
 * call once per member, each call starting an executor of its own, was most of a read that
 * reaches thousands of streams.
 */
const EVENT_ROWS = `
  with s as (
    select * from unnest($1::text[], $2::int[]) with ordinality as s(member_id, after, i)),
  e as (
    select s.i, s.member_id, e.seq, e.type, e.conversation_id, e.message_seq
      from s cross join lateral (
        select e.seq, e.type, e.conversation_id, e.message_seq from events e
         where e.member_id = s.member_id and e.seq > s.after order by e.seq limit ${EVENTS_PER_READ}) e),
  pairs as (
    select distinct member_id as p_viewer, conversation_id as p_conversation from e
     where conversation_id is not null and type = any($3::text[])),
  seen as (
    select pr.p_viewer as member_id, pr.p_conversation as conversation_id, c.last_message_seq,
           (select count(*)::int from messages m
             where m.conversation_id = pr.p_conversation and m.author_id <> pr.p_viewer
               and m.seq > coalesce(own.up_to_seq, 0)) as unread,
           own.muted, own.marked_unread
      from pairs pr
      join conversations c on c.id = pr.p_conversation
      left join reads own on own.member_id = pr.p_viewer and own.conversation_id = pr.p_conversation
      cross join lateral conv_sees_rows(pr.p_viewer, pr.p_conversation) v
     where v.sees)
  select e.i::int, e.seq, e.type, e.conversation_id, e.message_seq,
         case when e.type = any($3::text[]) then seen.member_id is not null end as sees,
         seen.unread, seen.muted, seen.marked_unread, seen.last_message_seq
    from e left join seen on seen.member_id = e.member_id and seen.conversation_id = e.conversation_id
   order by e.i, e.seq`;

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

  /**
   * Each position's events after it (at most `EVENTS_PER_READ`), as its member sees things now,
   * in the order of `positions`. Members who see the same thing get the same event object. A
   * position whose member's own reads failed (their settings, say) has no answer: that stream
   * resumes later, and the others go on.
   */
  async eventsFor(positions: readonly StreamPosition[]): Promise<(StoredEvent[] | undefined)[]> {
    const answers: (StoredEvent[] | undefined)[] = positions.map(() => []);
    if (positions.length === 0) return answers;
    const rows = await this.db.query<EventRow>(
      EVENT_ROWS,
      [
        positions.map((position) => position.memberId),
        positions.map((position) => position.afterSeq),
        SEEN_TYPES,
      ],
      'conv_events_for',
    );
    const shared = await this.sharedOf(rows);
    const events = new SharedEvents(shared);
    const built = await Promise.allSettled(
      rows.map((row) => this.storedEvent(row, positions[row.i - 1].memberId, shared, events)),
    );
    // The rows come by position, each position's in order.
    rows.forEach((row, index) => {
      const outcome = built[index];
      if (outcome.status === 'fulfilled') answers[row.i - 1]?.push(outcome.value);
      else answers[row.i - 1] = undefined;
    });
    return answers;
  }

  /** What the visible events' conversations and messages are, the same for every member. */
  private async sharedOf(rows: readonly EventRow[]): Promise<Shared> {
    const lastSeqs = new Map<string, number>();
    const messageSeqs = new Set<number>();
    const changedSeqs = new Set<number>();
    for (const row of rows) {
      if (!row.sees || row.conversation_id === null) continue;
      if (row.last_message_seq !== null) lastSeqs.set(row.conversation_id, row.last_message_seq);
      if (row.message_seq !== null) messageSeqs.add(row.message_seq);
      if (row.type === 'message-changed' && row.message_seq !== null) changedSeqs.add(row.message_seq);
    }
    const ids = [...lastSeqs.keys()];
    const [conversations, views, messages, reactions] = await Promise.all([
      ids.length
        ? this.db.query<ConversationRow>(
            `select ${CONVERSATION_COLUMNS} from conversations c where c.id = any($1::text[])`,
            [ids],
          )
        : [],
      sharedViews(this.db, ids, [...lastSeqs.values()]),
      messageSeqs.size
        ? this.db.query<MessageRow>(`${MESSAGE_SELECT} where m.seq = any($1::int[])`, [[...messageSeqs]])
        : [],
      reactionsOf(this.db, [...changedSeqs]),
    ]);
    return {
      conversations: new Map(conversations.map((row) => [row.id, row])),
      views,
      messages: new Map(messages.map((row) => [row.seq, toMessage(row)])),
      reactions,
    };
  }

  private async storedEvent(
    row: EventRow,
    memberId: string,
    shared: Shared,
    events: SharedEvents,
  ): Promise<StoredEvent> {
    const { seq } = row;
    // An event the member may no longer see still moves their position, without data.
    if (row.sees === false) return { seq };
    switch (row.type) {
      case 'message-added':
      case 'conversation-added':
      case 'read-changed':
      case 'conversation-changed':
      case 'message-changed': {
        const event = events.of(row, memberId);
        return event ? { seq, event } : { seq };
      }
      case 'conversation-removed':
        return row.conversation_id
          ? { seq, event: { type: 'conversation-removed', conversationId: row.conversation_id } }
          : { seq };
      case 'seen-changed': {
        if (!row.conversation_id || !shared.conversations.has(row.conversation_id)) return { seq };
        const seenBy = await seenByIn(this.db, memberId, row.conversation_id);
        return { seq, event: { type: 'seen-changed', seenBy } };
      }
      case 'settings-changed': {
        const settings = await getSettings(this.db, memberId).catch(() => undefined);
        return settings ? { seq, event: { type: 'settings-changed', settings } } : { seq };
      }
      case 'viewer-changed': {
        const viewer = await getViewer(this.db, memberId).catch(() => undefined);
        return viewer ? { seq, event: { type: 'viewer-changed', viewer } } : { seq };
      }
      default:
        return { seq };
    }
  }
}
