/**
 * Migration 6: editing and deleting one's own message (S25) and reactions (S26).
 *
 * - `messages.edited_at`, `messages.deleted`: a deleted message keeps its row (and its place in
 *   the thread) with an empty body; its reactions go with it.
 * - `message_reactions`: one row per message, member and emoji; `position` orders them as they
 *   were made (the order `viewReactions` of src/core shows them in).
 * - `conv_message_json` (migration 3) now carries `edited_at` and `deleted`, so the answer to a
 *   retried send shows the message as it is now.
 */
export const MIGRATION_6 = `
  alter table messages add column edited_at double precision;
  -- messages.deleted comes with migration 5 (a message erased with its author reads the same).

  create table message_reactions (
    message_seq integer not null references messages (seq) on delete cascade,
    member_id text not null,
    emoji text not null,
    position bigint generated always as identity,
    primary key (message_seq, member_id, emoji)
  );

  create or replace function conv_message_json(p_seq integer) returns json language sql stable as $$
    select row_to_json(x) from (
      select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
             a.avatar_url as author_avatar, a.profile_url as author_profile, a.status as author_status,
             m.on_behalf_of, g.name as group_name, g.avatar_url as group_avatar,
             g.profile_url as group_profile, m.body, m.sent_at, m.edited_at, m.deleted
        from messages m
        left join members a on a.id = m.author_id
        left join groups g on g.id = m.on_behalf_of
       where m.seq = p_seq) x
  $$;
`;
