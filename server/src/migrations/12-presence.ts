/**
 * Migration 12: presence (S27–S29, S31).
 *
 * - `members.share_receipts`: the read-receipt setting (off: the member's reads and typing are
 *   not shared, and they see nobody's).
 * - `reads.muted`, `reads.marked_unread`: a member's own view of one conversation. A member who
 *   mutes a conversation they never read gets a row at `up_to_seq` 0.
 * - `messages.system`: `'left'` for the entry a leaver leaves behind.
 * - `conversation_leavers`: who left. `conv_sees` (every read and the send) and
 *   `conv_message_added` (events, emails) leave them out: they see and hear nothing more of it.
 *   Emails also skip members who muted the conversation, and every system entry.
 * - The three functions are redefined from their latest definitions (migration 5: a group's
 *   readers, members' status; migration 6: `edited_at` in `conv_message_json`; migration 9:
 *   webhooks and digests in `conv_message_added`), so that a managers-only group stays closed to
 *   its other members, a deleted member hears nothing, and no feature's change is lost. A muted
 *   conversation queues neither an email nor a digest; a leaver's entry fires no webhook.
 *
 * Typing is not stored at all: it is fanned out in memory to the open streams (`streams.ts`).
 */
export const MIGRATION_12 = `
  alter table members add column share_receipts boolean not null default true;
  alter table reads add column muted boolean not null default false;
  alter table reads add column marked_unread boolean not null default false;
  alter table messages add column system text check (system in ('left'));

  create table conversation_leavers (
    conversation_id text not null references conversations (id) on delete cascade,
    member_id text not null,
    left_at double precision not null,
    primary key (conversation_id, member_id)
  );
  create index conversation_leavers_member on conversation_leavers (member_id);

  -- The newest definitions (conv_sees of migration 5, conv_message_json of 6, conv_message_added
  -- of 9), with the leavers left out, muted conversations out of emails and digests, and the
  -- system column carried.
  create or replace function conv_sees(p_viewer text, p_conversation text) returns boolean language sql stable as $$
    select exists (
      select 1 from conversation_participants p
       where p.conversation_id = p_conversation
         and ((p.party_kind = 'member' and p.party_id = p_viewer)
           or (p.party_kind = 'group'
               and exists (select 1 from group_members gm join groups g on g.id = gm.group_id
                            where gm.group_id = p.party_id and gm.member_id = p_viewer
                              and (gm.role = 'manager' or g.readers = 'members')))))
      and not exists (
        select 1 from conversation_leavers l where l.conversation_id = p_conversation and l.member_id = p_viewer)
  $$;

  create or replace function conv_message_json(p_seq integer) returns json language sql stable as $$
    select row_to_json(x) from (
      select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
             a.avatar_url as author_avatar, a.profile_url as author_profile, a.status as author_status,
             m.on_behalf_of, g.name as group_name, g.avatar_url as group_avatar,
             g.profile_url as group_profile, m.body, m.sent_at, m.edited_at, m.deleted, m.system
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
    v_jobs integer := 0;
    v_digests integer := 0;
    v_now double precision := extract(epoch from clock_timestamp()) * 1000;
    v_message jsonb;
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
       where m.status is distinct from 'deleted'
         and not exists (select 1 from conversation_leavers l
                          where l.conversation_id = p_conversation and l.member_id = r.id)),
      p_event_type, p_conversation, p_seq, p_sent_at, p_space);

    if exists (select 1 from webhook_endpoints where disabled_at is null) then
      select jsonb_build_object('id', m.id, 'conversationId', m.conversation_id, 'authorId', m.author_id,
                                'asGroup', m.on_behalf_of, 'body', m.body, 'sentAt', m.sent_at)
        into v_message from messages m where m.seq = p_seq;
      if p_event_type = 'conversation-added' then
        perform conv_webhook_event('conversation.started', 'conversation.started:' || p_conversation,
          jsonb_build_object('conversationId', p_conversation, 'startedBy', p_author,
            'participants', (select jsonb_agg(jsonb_build_object('kind', p.party_kind, 'id', p.party_id) order by p.position)
                               from conversation_participants p where p.conversation_id = p_conversation)),
          p_space);
      end if;
      -- A leaver's entry is not a message anyone wrote: no message.created for it.
      if not exists (select 1 from messages where seq = p_seq and system is not null) then
        perform conv_webhook_event('message.created', 'message.created:' || p_message_id,
          jsonb_build_object('conversationId', p_conversation, 'message', v_message), p_space);
      end if;
    end if;

    if not p_email then
      return;
    end if;
    -- The row locks of conv_add_events are held: digest_seq read here is the latest committed.
    with notified as (
      insert into email_notices (member_id, conversation_id, message_seq)
      select m.id, p_conversation, p_seq from members m
       where m.id = any(v_members) and m.id <> p_author and m.notify_email and m.email is not null
         and m.status is null and m.email_mode = 'first-unread'
         and not exists (select 1 from reads r
                          where r.member_id = m.id and r.conversation_id = p_conversation and r.muted)
      on conflict do nothing
      returning member_id)
    insert into jobs (kind, key, payload, run_at, created_at)
    select 'email', 'email:' || p_message_id || ':' || n.member_id,
           jsonb_build_object('memberId', n.member_id, 'messageId', p_message_id,
                              'started', p_event_type = 'conversation-added'),
           v_now, v_now
      from notified n
    on conflict (key) do nothing;
    get diagnostics v_jobs = row_count;
    insert into jobs (kind, key, payload, run_at, created_at)
    select 'digest', 'digest:' || m.id || ':' || m.digest_seq, jsonb_build_object('memberId', m.id),
           greatest(v_now, coalesce(m.digest_next_at, v_now)), v_now
      from members m
     where m.id = any(v_members) and m.id <> p_author and m.notify_email and m.email is not null
       and m.status is null and m.email_mode = 'digest'
       and not exists (select 1 from reads r
                        where r.member_id = m.id and r.conversation_id = p_conversation and r.muted)
    on conflict (key) do nothing;
    get diagnostics v_digests = row_count;
    if v_jobs + v_digests > 0 then
      perform pg_notify('conv_jobs', p_space);
    end if;
  end $$;
`;
