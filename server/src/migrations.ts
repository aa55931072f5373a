/**
 * The schema, as numbered migrations applied in order, each once, inside a transaction. The same
 * statements run on PGlite and on PostgreSQL 15. Never edit a released migration: add the next.
 */
import type { Database } from './db.js';
import { MIGRATION_3 } from './migrations/3-limits-queue-send.js';
import { MIGRATION_4 } from './migrations/4-acceptance-blocks.js';
import { MIGRATION_5 } from './migrations/5-moderation-group-readers.js';
import { MIGRATION_6 } from './migrations/6-message-changes.js';
import { MIGRATION_9 } from './migrations/9-data-out.js';
import { MIGRATION_10 } from './migrations/10-import.js';
import { MIGRATION_11 } from './migrations/11-ordered-batch-locks.js';
import { MIGRATION_12 } from './migrations/12-presence.js';
import { MIGRATION_13 } from './migrations/13-search.js';
import { MIGRATION_14 } from './migrations/14-writing-reads.js';
import { MIGRATION_15 } from './migrations/15-set-based-sends.js';
import { MIGRATION_16 } from './migrations/16-event-stream-leases.js';
import { MIGRATION_17 } from './migrations/17-set-based-message-added.js';
import { MIGRATION_18 } from './migrations/18-notify-recipients.js';
import { MIGRATION_19 } from './migrations/19-room-for-updates.js';

export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      create table members (
        id text primary key,
        name text not null,
        -- lower-cased, accents removed: what directory search matches against
        search_key text not null,
        avatar_url text,
        profile_url text,
        email text,
        -- the member's event stream position; bumped under a row lock so ids commit in order
        event_seq integer not null default 0,
        notify_in_app boolean not null default true,
        notify_email boolean not null default true
      );
      create table groups (
        id text primary key,
        name text not null,
        search_key text not null,
        avatar_url text,
        profile_url text
      );
      create table group_members (
        group_id text not null references groups (id) on delete cascade,
        member_id text not null references members (id) on delete cascade,
        role text not null check (role in ('member', 'manager')),
        primary key (group_id, member_id)
      );
      create index group_members_member on group_members (member_id);

      create table conversations (
        id text primary key,
        -- the sorted participant keys: one conversation per set of participants
        participants_key text not null unique,
        started_by_kind text not null,
        started_by_id text not null,
        created_at double precision not null,
        last_activity_at double precision not null,
        last_message_seq integer not null default 0
      );
      create index conversations_activity on conversations (last_message_seq desc);
      create table conversation_participants (
        conversation_id text not null references conversations (id) on delete cascade,
        position integer not null,
        party_kind text not null check (party_kind in ('member', 'group')),
        party_id text not null,
        primary key (conversation_id, position)
      );
      create index participants_party on conversation_participants (party_kind, party_id);

      create table messages (
        seq integer generated always as identity primary key,
        id text not null unique,
        conversation_id text not null references conversations (id) on delete cascade,
        author_id text not null,
        client_id text not null,
        on_behalf_of text,
        body text not null,
        sent_at double precision not null,
        -- a retried send (lost response, restart) finds the first one instead of storing a second
        unique (author_id, client_id)
      );
      create index messages_conversation on messages (conversation_id, seq);

      create table reads (
        member_id text not null,
        conversation_id text not null references conversations (id) on delete cascade,
        up_to_seq integer not null,
        primary key (member_id, conversation_id)
      );

      create table reports (
        id text primary key,
        target_kind text not null check (target_kind in ('conversation', 'message')),
        conversation_id text not null,
        message_id text,
        reason text not null,
        reported_by text not null,
        created_at double precision not null
      );

      create table events (
        member_id text not null,
        seq integer not null,
        type text not null,
        conversation_id text,
        message_seq integer,
        created_at double precision not null,
        primary key (member_id, seq)
      );

      -- one email per member and conversation until they read it (S10)
      create table email_notices (
        member_id text not null,
        conversation_id text not null,
        message_seq integer not null,
        primary key (member_id, conversation_id)
      );
    `,
  },
  {
    version: 2,
    // Events are pruned by age (CONV_EVENT_RETENTION_HOURS).
    sql: `create index events_created on events (created_at);`,
  },
  {
    version: 3,
    sql: MIGRATION_3,
  },
  {
    version: 4,
    sql: MIGRATION_4,
  },
  {
    version: 5,
    sql: MIGRATION_5,
  },
  {
    version: 6,
    sql: MIGRATION_6,
  },
  {
    version: 9,
    sql: MIGRATION_9,
  },
  {
    version: 10,
    sql: MIGRATION_10,
  },
  {
    version: 11,
    sql: MIGRATION_11,
  },
  {
    version: 12,
    sql: MIGRATION_12,
  },
  {
    version: 13,
    sql: MIGRATION_13,
  },
  {
    version: 14,
    sql: MIGRATION_14,
  },
  {
    version: 15,
    sql: MIGRATION_15,
  },
  {
    version: 16,
    sql: MIGRATION_16,
  },
  {
    version: 17,
    sql: MIGRATION_17,
  },
  {
    version: 18,
    sql: MIGRATION_18,
  },
  {
    version: 19,
    sql: MIGRATION_19,
  },
];

export async function migrate(db: Database): Promise<number> {
  await db.query(
    `create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())`,
  );
  let current = 0;
  for (const migration of MIGRATIONS) {
    current = await db.transaction(async (tx) => {
      // Two processes starting together on one database: the lock makes the second wait, then skip.
      await tx.query('lock table schema_migrations in exclusive mode');
      const done = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (done.length === 0) {
        await tx.exec(migration.sql);
        await tx.query('insert into schema_migrations (version) values ($1)', [migration.version]);
      }
      return migration.version;
    });
  }
  return current;
}
