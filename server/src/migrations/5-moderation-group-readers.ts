/**
 * Migration 5 (S16–S18): members the portal's moderators block or the portal deletes, messages
 * erased with their author, and who in a group reads its conversations.
 *
 * - `members.status`: null, 'blocked' or 'deleted' (a deleted row keeps only its id, so that its
 *   messages still have an author).
 * - `messages.deleted`: erased in place (`erase=messages`); the body is then empty.
 * - `groups.readers`: 'members' (every member, the default) or 'managers'.
 * - `conv_sees` and the fan-out of `conv_message_added` read a group's conversations through
 *   `conv_reads_group` (managers always; members when the group says so), and reach no deleted
 *   member; `conv_message_json` carries the author's status and the erasure.
 */
export const MIGRATION_5 = `
  alter table members add column status text check (status in ('blocked', 'deleted'));
  alter table groups add column readers text not null default 'members' check (readers in ('members', 'managers'));
  alter table messages add column deleted boolean not null default false;

  -- The members of group p_group who read its conversations (src/core/group-readers.ts: readsGroup).
  create function conv_group_readers(p_group text) returns setof text language sql stable as $$
    select gm.member_id from group_members gm join groups g on g.id = gm.group_id
     where gm.group_id = p_group and (gm.role = 'manager' or g.readers = 'members')
  $$;

  create or replace function conv_sees(p_viewer text, p_conversation text) returns boolean language sql stable as $$
    select exists (
      select 1 from conversation_participants p
       where p.conversation_id = p_conversation
         and ((p.party_kind = 'member' and p.party_id = p_viewer)
           or (p.party_kind = 'group'
               and exists (select 1 from group_members gm join groups g on g.id = gm.group_id
                            where gm.group_id = p.party_id and gm.member_id = p_viewer
                              and (gm.role = 'manager' or g.readers = 'members')))))
  $$;

  create or replace function conv_message_json(p_seq integer) returns json language sql stable as $$
    select row_to_json(x) from (
      select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
             a.avatar_url as author_avatar, a.profile_url as author_profile, a.status as author_status,
             m.on_behalf_of, g.name as group_name, g.avatar_url as group_avatar,
             g.profile_url as group_profile, m.body, m.sent_at, m.deleted
        from messages m
        left join members a on a.id = m.author_id
        left join groups g on g.id = m.on_behalf_of
       where m.seq = p_seq) x
  $$;

  create or replace function conv_message_added(p_seq integer, p_message_id text, p_conversation text, p_author text,
                                     p_sent_at double precision, p_event_type text, p_email boolean, p_space text)
  returns void language plpgsql as $$
  declare
    v_members text[];
    v_jobs integer;
  begin
    update conversations set last_message_seq = p_seq, last_activity_at = p_sent_at where id = p_conversation;
    v_members := conv_add_events(array(
        select r.id from (
          select p.party_id as id from conversation_participants p
           where p.conversation_id = p_conversation and p.party_kind = 'member'
          union
          select conv_group_readers(p.party_id) from conversation_participants p
           where p.conversation_id = p_conversation and p.party_kind = 'group') r
        join members m on m.id = r.id
       where m.status is distinct from 'deleted'),
      p_event_type, p_conversation, p_seq, p_sent_at, p_space);
    if not p_email then
      return;
    end if;
    with notified as (
      insert into email_notices (member_id, conversation_id, message_seq)
      select m.id, p_conversation, p_seq from members m
       where m.id = any(v_members) and m.id <> p_author and m.notify_email and m.email is not null
         and m.status is null
      on conflict do nothing
      returning member_id)
    insert into jobs (kind, key, payload, run_at, created_at)
    select 'email', 'email:' || p_message_id || ':' || n.member_id,
           jsonb_build_object('memberId', n.member_id, 'messageId', p_message_id),
           extract(epoch from clock_timestamp()) * 1000, extract(epoch from clock_timestamp()) * 1000
      from notified n
    on conflict (key) do nothing;
    get diagnostics v_jobs = row_count;
    if v_jobs > 0 then
      perform pg_notify('conv_jobs', p_space);
    end if;
  end $$;
`;
