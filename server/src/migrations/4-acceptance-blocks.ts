/**
 * Migration 4: who accepts messages from whom (S14, S15).
 *
 * - `members.accept_from`: the member's setting, `'anyone'` (the default) or `'followed'`.
 * - `follows`: the portal's follows (`follower_id` follows `followed_id`), loaded with the
 *   directory and changed one at a time through the admin API.
 * - `member_blocks`: `blocker_id` has blocked `blocked_id`. Found by the blocker (the primary
 *   key) and by the member blocked (the index: which recipients blocked this sender).
 *
 * The rule itself is `src/core/acceptance.ts`: the store loads these facts and asks it.
 */
export const MIGRATION_4 = `
  alter table members add column accept_from text not null default 'anyone'
    check (accept_from in ('anyone', 'followed'));

  create table follows (
    follower_id text not null references members (id) on delete cascade,
    followed_id text not null references members (id) on delete cascade,
    primary key (follower_id, followed_id),
    check (follower_id <> followed_id)
  );
  create index follows_followed on follows (followed_id);

  create table member_blocks (
    blocker_id text not null references members (id) on delete cascade,
    blocked_id text not null references members (id) on delete cascade,
    created_at double precision not null,
    primary key (blocker_id, blocked_id),
    check (blocker_id <> blocked_id)
  );
  create index member_blocks_blocked on member_blocks (blocked_id);
`;
