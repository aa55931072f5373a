/**
 * Migration 14: writing a message reads the conversation for its writer (the rulebook's
 * `readPositionAfterWriting`, as the embedded backend does).
 *
 * - `reads.up_to_seq` stays the read position that unread counts, "Seen by" and emails start
 *   after; a send now moves it for its author, clears their "marked unread" and their pending
 *   email notice (in `conv_message_added`, so every send, start, batch and "left" entry does).
 * - `reads.marker_seq` (new) is the marker the member set themselves with `markRead`, which the
 *   export reports (S21) and which writing does not move. Until now the two were one column, so
 *   existing rows start with the marker where the position is.
 * - `conv_message_added` is redefined from its newest definition (migration 12: leavers, muted
 *   conversations, system entries; migration 9: webhooks and digests; migration 5: a group's
 *   readers and members' status), with the author's read added.
 */
export const MIGRATION_14 = `
  alter table reads add column marker_seq integer;
  update reads set marker_seq = up_to_seq where up_to_seq > 0;

  -- The newest definition (migration 12), with the writer's read added after the fan-out.
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

    -- Writing reads the conversation for its writer (src/core/decisions.ts,
    -- readPositionAfterWriting): the read position moves to this message, a marked-unread goes,
    -- and a pending email notice goes, so the next message from someone else may email again.
    -- The writer's member row is locked by now (conv_add_events, or the batch up front): read
    -- rows are only ever locked under their member's row, which keeps this from deadlocking with
    -- markRead, mute and mark-unread.
    insert into reads (member_id, conversation_id, up_to_seq) values (p_author, p_conversation, p_seq)
    on conflict (member_id, conversation_id) do update
      set up_to_seq = greatest(reads.up_to_seq, excluded.up_to_seq), marked_unread = false
    where reads.up_to_seq < excluded.up_to_seq or reads.marked_unread;
    delete from email_notices
     where member_id = p_author and conversation_id = p_conversation and message_seq <= p_seq;

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
