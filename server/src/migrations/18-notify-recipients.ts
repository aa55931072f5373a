/**
 * Migration 18: a notification for each stream that has something new, and no one else.
 *
 * A stream reads when a NOTIFY names its member. A NOTIFY payload is limited to 8,000 bytes, so
 * `conv_add_events` (migration 3) and `conv_messages_added` (migration 17) named only the space
 * past about 800 members, and then every open stream of the space read, recipient or not: a
 * message to a large group made every stream on the server look. `conv_notify_members` sends one
 * NOTIFY per chunk of members instead (each well under the limit), so only the members with new
 * events read; a payload that still does not fit (an unusually long space name) names the space
 * alone, as before, and listeners handle both.
 *
 * `conv_messages_added` is the newest definition (migration 17), with two costs of a send to a
 * large group gone and its outcome unchanged:
 * - the members notified were the distinct recipients sorted by the collation, about a tenth of
 *   the send at 5,000 recipients; they are now the members whose rows it locked (`targets`, one
 *   row each), in no particular order;
 * - the notices and digests joined every recipient to their member row again; whether a member
 *   can be emailed at all (setting on, an address, not suspended) is read from the row the send
 *   already locked, and the two statements look only at those members (none: they do not run).
 *   They still check the member's row as before.
 *
 * `conv_add_events` is the newest definition (migration 3), announcing through
 * `conv_notify_members`.
 */
export const MIGRATION_18 = `
  -- Announces, at commit, that these members have new events: one NOTIFY per chunk of members,
  -- each under PostgreSQL's 8,000-byte payload limit (chunks of about 6,000 bytes of ids, JSON
  -- quoted, and at most one id of 200 characters more). Order does not matter: a listener wakes
  -- each member named, whichever notification names them.
  create function conv_notify_members(p_space text, p_members text[]) returns void language plpgsql as $$
  declare
    v_payload text;
  begin
    for v_payload in
      select json_build_object('space', p_space, 'members', json_agg(c.id))::text
        from (select u.id, (sum(u.size) over (order by u.o) - u.size) / 6000 as part
                from (select id, o, octet_length(to_json(id)::text) + 1 as size
                        from unnest(p_members) with ordinality as m(id, o)) u) c
       group by c.part
    loop
      perform pg_notify('conv_events', case when octet_length(v_payload) < 8000 then v_payload
        else json_build_object('space', p_space)::text end);
    end loop;
  end $$;

  -- The newest definition (migration 3), announcing through conv_notify_members.
  create or replace function conv_add_events(p_members text[], p_type text, p_conversation text, p_message_seq integer,
                                  p_now double precision, p_space text)
  returns text[] language plpgsql as $$
  declare
    v_members text[];
  begin
    with targets as materialized (
      select id from members where id = any(p_members) order by id for update),
    bumped as (
      update members m set event_seq = m.event_seq + 1 from targets t where m.id = t.id
      returning m.id, m.event_seq),
    added as (
      insert into events (member_id, seq, type, conversation_id, message_seq, created_at)
      select id, event_seq, p_type, p_conversation, p_message_seq, p_now from bumped returning member_id)
    select coalesce(array_agg(member_id order by member_id), '{}') into v_members from added;
    if cardinality(v_members) > 0 then
      perform conv_notify_members(p_space, v_members);
    end if;
    return v_members;
  end $$;

  -- The newest definition (migration 17): the members notified in chunks, in no order, and the
  -- notices and digests for the members who can be emailed.
  create or replace function conv_messages_added(p_seqs integer[], p_event_type text, p_email boolean, p_space text)
  returns void language plpgsql as $$
  declare
    v_now double precision := extract(epoch from clock_timestamp()) * 1000;
    v_seq integer[];
    v_id text[];
    v_conversation text[];
    v_author text[];
    v_round integer[];
    v_rounds integer;
    -- The members who hear each message and may be emailed about it (setting on, an address,
    -- not suspended nor deleted), with the message: the notices and digests look at no one else.
    v_heard text[];
    v_heard_seq integer[];
    v_members text[];
    v_message record;
    v_count integer;
    v_jobs integer := 0;
  begin
    -- The messages in their order (their seqs), each with its rank in its conversation.
    select array_agg(m.seq order by m.seq), array_agg(m.id order by m.seq), array_agg(m.conversation_id order by m.seq),
           array_agg(m.author_id order by m.seq), array_agg(m.round order by m.seq), max(m.round)
      into v_seq, v_id, v_conversation, v_author, v_round, v_rounds
      from (select seq, id, conversation_id, author_id,
                   row_number() over (partition by conversation_id order by seq)::integer as round
              from messages where seq = any(p_seqs)) m;
    if v_seq is null then
      return;
    end if;

    update conversations c set last_message_seq = l.seq, last_activity_at = l.sent_at
      from (select distinct on (conversation_id) conversation_id, seq, sent_at
              from messages where seq = any(v_seq) order by conversation_id, seq desc) l
     where c.id = l.conversation_id;

    -- Who hears each message, locked in id order, each member's sequence moved past all of
    -- theirs at once and their events numbered in the messages' order.
    with heard as materialized (
      select w.seq, w.conversation_id, w.sent_at, r.id as member_id
        from messages w
        cross join lateral (
          select p.party_id as id from conversation_participants p
           where p.conversation_id = w.conversation_id and p.party_kind = 'member'
          union
          select g.id from conversation_participants p cross join lateral conv_group_readers(p.party_id) as g(id)
           where p.conversation_id = w.conversation_id and p.party_kind = 'group') r
        join members m on m.id = r.id
       where w.seq = any(v_seq)
         and m.status is distinct from 'deleted'
         and not exists (select 1 from conversation_leavers l
                          where l.conversation_id = w.conversation_id and l.member_id = r.id)),
    targets as materialized (
      select m.id, h.n, (m.notify_email and m.email is not null and m.status is null) as mailable from members m
        join (select member_id, count(*)::integer as n from heard group by member_id) h on h.member_id = m.id
       order by m.id for update of m),
    bumped as (
      update members m set event_seq = m.event_seq + t.n from targets t where m.id = t.id
      returning m.id, m.event_seq - t.n as before),
    added as (
      insert into events (member_id, seq, type, conversation_id, message_seq, created_at)
      select h.member_id, b.before + row_number() over (partition by h.member_id order by h.seq),
             p_event_type, h.conversation_id, h.seq, h.sent_at
        from heard h join bumped b on b.id = h.member_id
      returning member_id, message_seq)
    -- No order among the members: sorting thousands of ids by the collation was a tenth of a
    -- send to a large group, and nothing below depends on it (the inserts order their rows).
    select array_agg(a.member_id) filter (where t.mailable), array_agg(a.message_seq) filter (where t.mailable),
           (select array_agg(id) from targets)
      into v_heard, v_heard_seq, v_members
      from added a join targets t on t.id = a.member_id;
    if cardinality(v_members) > 0 then
      perform conv_notify_members(p_space, v_members);
    end if;

    -- Writing reads the conversation for its writer (src/core/decisions.ts,
    -- readPositionAfterWriting): the read position moves to their newest message there and a
    -- marked-unread goes. Read rows are only ever locked under their member's row, which is
    -- locked by now (above, or the batch's locks up front).
    insert into reads (member_id, conversation_id, up_to_seq)
    select w.author_id, w.conversation_id, max(w.seq)
      from unnest(v_seq, v_conversation, v_author) as w(seq, conversation_id, author_id)
     group by w.author_id, w.conversation_id
     order by w.author_id, w.conversation_id
    on conflict (member_id, conversation_id) do update
      set up_to_seq = greatest(reads.up_to_seq, excluded.up_to_seq), marked_unread = false
    where reads.up_to_seq < excluded.up_to_seq or reads.marked_unread;

    if exists (select 1 from webhook_endpoints where disabled_at is null) then
      for v_message in
        select m.seq, m.id, m.conversation_id, m.author_id, m.on_behalf_of, m.body, m.sent_at, m.system
          from messages m where m.seq = any(v_seq) order by m.seq
      loop
        if p_event_type = 'conversation-added' then
          perform conv_webhook_event('conversation.started', 'conversation.started:' || v_message.conversation_id,
            jsonb_build_object('conversationId', v_message.conversation_id, 'startedBy', v_message.author_id,
              'participants', (select jsonb_agg(jsonb_build_object('kind', p.party_kind, 'id', p.party_id) order by p.position)
                                 from conversation_participants p where p.conversation_id = v_message.conversation_id)),
            p_space);
        end if;
        -- A leaver's entry is not a message anyone wrote: no message.created for it.
        if v_message.system is null then
          perform conv_webhook_event('message.created', 'message.created:' || v_message.id,
            jsonb_build_object('conversationId', v_message.conversation_id,
              'message', jsonb_build_object('id', v_message.id, 'conversationId', v_message.conversation_id,
                'authorId', v_message.author_id, 'asGroup', v_message.on_behalf_of, 'body', v_message.body,
                'sentAt', v_message.sent_at)),
            p_space);
        end if;
      end loop;
    end if;

    -- The notices, a round at a time (see above): the writer's pending notice goes (so the next
    -- message from someone else may email again), then each recipient without one gets one and
    -- an email job (S10: setting on, never the writer, not muted, once until read). The member
    -- rows are locked: digest_seq and the settings read here are the latest committed.
    for v_r in 1..v_rounds loop
      delete from email_notices e
       using unnest(v_seq, v_conversation, v_author, v_round) as w(seq, conversation_id, author_id, round)
       where w.round = v_r and e.member_id = w.author_id and e.conversation_id = w.conversation_id
         and e.message_seq <= w.seq;
      if p_email and v_heard is not null then
        with notified as (
          insert into email_notices (member_id, conversation_id, message_seq)
          select m.id, w.conversation_id, w.seq
            from unnest(v_seq, v_conversation, v_author, v_round) as w(seq, conversation_id, author_id, round)
            join unnest(v_heard, v_heard_seq) as h(member_id, seq) on h.seq = w.seq
            join members m on m.id = h.member_id
           where w.round = v_r and m.id <> w.author_id and m.notify_email and m.email is not null
             and m.status is null and m.email_mode = 'first-unread'
             and not exists (select 1 from reads r
                              where r.member_id = m.id and r.conversation_id = w.conversation_id and r.muted)
           order by w.seq, m.id
          on conflict do nothing
          returning member_id, message_seq)
        insert into jobs (kind, key, payload, run_at, created_at)
        select 'email', 'email:' || w.id || ':' || n.member_id,
               jsonb_build_object('memberId', n.member_id, 'messageId', w.id,
                                  'started', p_event_type = 'conversation-added'),
               v_now, v_now
          from notified n join unnest(v_seq, v_id) as w(seq, id) on w.seq = n.message_seq
         order by n.message_seq, n.member_id
        on conflict (key) do nothing;
        get diagnostics v_count = row_count;
        v_jobs := v_jobs + v_count;
      end if;
    end loop;

    if not p_email or v_heard is null then
      return;
    end if;
    -- A digest per member in digest mode who hears one of these from someone else, unmuted.
    insert into jobs (kind, key, payload, run_at, created_at)
    select 'digest', 'digest:' || m.id || ':' || m.digest_seq, jsonb_build_object('memberId', m.id),
           greatest(v_now, coalesce(m.digest_next_at, v_now)), v_now
      from members m
     where m.id in (
         select h.member_id
           from unnest(v_heard, v_heard_seq) as h(member_id, seq)
           join unnest(v_seq, v_conversation, v_author) as w(seq, conversation_id, author_id) on w.seq = h.seq
          where h.member_id <> w.author_id
            and not exists (select 1 from reads r
                             where r.member_id = h.member_id and r.conversation_id = w.conversation_id and r.muted))
       and m.notify_email and m.email is not null and m.status is null and m.email_mode = 'digest'
     order by m.id
    on conflict (key) do nothing;
    get diagnostics v_count = row_count;
    if v_jobs + v_count > 0 then
      perform pg_notify('conv_jobs', p_space);
    end if;
  end $$;
`;
