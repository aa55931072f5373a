/**
 * Migration 17: what follows stored messages, done for a batch of them as sets.
 *
 * `conv_send_batch` (migration 15) decided and wrote a batch of sends as sets, then called
 * `conv_message_added` once per message: seven statements each (the conversation's row, the
 * recipients, `conv_add_events`' lock, bump and insert, the writer's read, the notices), about
 * two thirds of the database's work on a send. `conv_messages_added` does the same for all the
 * messages of a batch, with one statement per step whatever their number, and
 * `conv_message_added` (one message: a start, a leaver's entry) is a batch of one, so that the
 * rules live in one place. The newest definition (migration 14) is kept whole:
 * - each conversation's activity moves to its newest message;
 * - every member among the participants and their groups' readers, not deleted and not having
 *   left, gets an event per message, in the messages' order; their rows are locked in id order
 *   first (the one order of every writer, migrations 3 and 11), and one NOTIFY names them all
 *   (capped as `conv_add_events` caps it);
 * - writing reads the conversation for its writer (migration 14);
 * - webhooks (migration 9) per message, in order;
 * - emails and digests (migrations 9 and 12). A message's first-unread email depends on what the
 *   messages before it in the same conversation did (a notice taken, or cleared by its member
 *   writing), so the notices are decided in rounds: the first message of each conversation, then
 *   the second... Different conversations never touch the same notice, so each round is one
 *   statement and the outcome is that of the messages written one after the other.
 *
 * `conv_send_batch` is redefined from migration 15 with the loop over `conv_message_added`
 * replaced by one `conv_messages_added` per space of the batch (there is one), and visibility
 * and the answers read from functions returning rows, which its statements inline.
 *
 * Two of the seven indexes of `messages` go or shrink: one that no statement reads, and the
 * unique index of imported messages' external ids, which every live message added a null to.
 */
export const MIGRATION_17 = `
  -- No statement reads messages by author and time (the allowance has its own table since
  -- migration 3; a member's messages are found by author and client id): the index only cost
  -- every insert.
  drop index messages_author_sent;
  -- Only imported messages have an external id (migration 10): a live message no longer adds a
  -- null to its index. The same values stay unique; the import finds them by it as before.
  alter table messages drop constraint messages_external_id_key;
  create unique index messages_external_id on messages (external_id) where external_id is not null;

  create function conv_messages_added(p_seqs integer[], p_event_type text, p_email boolean, p_space text)
  returns void language plpgsql as $$
  declare
    v_now double precision := extract(epoch from clock_timestamp()) * 1000;
    v_seq integer[];
    v_id text[];
    v_conversation text[];
    v_author text[];
    v_round integer[];
    v_rounds integer;
    v_heard text[];
    v_heard_seq integer[];
    v_members text[];
    v_json text;
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
      select m.id, h.n from members m
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
    select array_agg(member_id order by message_seq, member_id), array_agg(message_seq order by message_seq, member_id)
      into v_heard, v_heard_seq from added;
    v_members := array(select distinct h from unnest(v_heard) as h order by h);
    if cardinality(v_members) > 0 then
      v_json := to_json(v_members)::text;
      perform pg_notify('conv_events', case when length(v_json) <= 7000
        then json_build_object('space', p_space, 'members', v_json::json)::text
        else json_build_object('space', p_space)::text end);
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
      if p_email then
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

    if not p_email then
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

  -- Visibility and a message's answer as rows (the newest definitions, migration 12): a SQL
  -- function returning rows is inlined into the statement that reads it, so the batch's cached
  -- plan holds them, where a scalar SQL function that reads tables is planned again at every
  -- statement that calls it. The scalar ones read these, so each rule is written once.
  create function conv_sees_rows(p_viewer text, p_conversation text) returns table (sees boolean)
  language sql stable as $$
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

  create or replace function conv_sees(p_viewer text, p_conversation text) returns boolean language sql stable as $$
    select sees from conv_sees_rows(p_viewer, p_conversation)
  $$;

  create function conv_messages_json(p_seqs integer[]) returns table (seq integer, message json)
  language sql stable as $$
    select x.seq, row_to_json(x) from (
      select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
             a.avatar_url as author_avatar, a.profile_url as author_profile, a.status as author_status,
             m.on_behalf_of, g.name as group_name, g.avatar_url as group_avatar,
             g.profile_url as group_profile, m.body, m.sent_at, m.edited_at, m.deleted, m.system
        from messages m
        left join members a on a.id = m.author_id
        left join groups g on g.id = m.on_behalf_of
       where m.seq = any(p_seqs)) x
  $$;

  create or replace function conv_message_json(p_seq integer) returns json language sql stable as $$
    select message from conv_messages_json(array[p_seq])
  $$;

  -- One message: a batch of one. The message's row (already written) gives the rest.
  create or replace function conv_message_added(p_seq integer, p_message_id text, p_conversation text, p_author text,
                                     p_sent_at double precision, p_event_type text, p_email boolean, p_space text)
  returns void language sql as $$
    select conv_messages_added(array[p_seq], p_event_type, p_email, p_space)
  $$;

  -- The newest definition (migration 15), with what follows the stored messages done as sets.
  create or replace function conv_send_batch(p_items json) returns json language plpgsql as $$
  declare
    v_viewer text[];
    v_conversation text[];
    v_client text[];
    v_body text[];
    v_group text[];
    v_message_id text[];
    v_sent_at double precision[];
    v_limit integer[];
    v_email boolean[];
    v_space text[];
    v_refused boolean[];
    v_status text[];
    v_seq integer[];
    v_wait double precision[];
    v_count integer;
    v_to_store integer := 0;
    v_stored integer;
    v_writers text[];
    v_conversations text[];
    v_answers json;
    v_part record;
  begin
    select array_agg(value->>0 order by o), array_agg(value->>1 order by o), array_agg(value->>2 order by o),
           array_agg(value->>3 order by o), array_agg(value->>4 order by o), array_agg(value->>5 order by o),
           array_agg((value->>6)::double precision order by o), array_agg((value->>7)::integer order by o),
           array_agg((value->>8)::boolean order by o), array_agg(value->>9 order by o),
           array_agg(coalesce((value->>10)::boolean, false) order by o)
      into v_viewer, v_conversation, v_client, v_body, v_group, v_message_id, v_sent_at, v_limit, v_email, v_space,
           v_refused
      from json_array_elements(p_items) with ordinality as t(value, o);
    v_count := coalesce(cardinality(v_viewer), 0);
    if v_count = 0 then
      return '[]'::json;
    end if;
    if (select count(distinct (w, c)) from unnest(v_viewer, v_client) as u(w, c)) < v_count then
      raise exception using errcode = 'CV409', message = 'One client id twice in a batch: written send by send.';
    end if;

    -- The locks, up front, in the order every writer takes them (migration 11).
    select array_agg(distinct w order by w) into v_writers from unnest(v_viewer) as w;
    select array_agg(distinct c order by c) into v_conversations from unnest(v_conversation) as c;
    insert into rate_limits (member_id, kind, window_end, used)
    select writer, 'sends', 0, 0 from unnest(v_writers) as writer order by writer
    on conflict (member_id, kind) do nothing;
    perform 1 from rate_limits where member_id = any(v_writers) and kind = 'sends' order by member_id for update;
    perform 1 from conversations where id = any(v_conversations) order by id for update;
    perform 1 from members
     where id in (
       select p.party_id from conversation_participants p
        where p.conversation_id = any(v_conversations) and p.party_kind = 'member'
       union
       select gm.member_id from conversation_participants p join group_members gm on gm.group_id = p.party_id
        where p.conversation_id = any(v_conversations) and p.party_kind = 'group')
     order by id for update;

    -- Each send's answer as far as the stored data decides it (null: it may be written).
    select array_agg(case
        when m.seq is not null and m.conversation_id <> u.conversation_id then 'conflict-conversation'
        when not v.sees then 'not-found'
        when m.seq is not null then 'existing'
        when u.refused then 'refused'
        when u.as_group is not null and not exists (
          select 1 from group_members gm
           where gm.group_id = u.as_group and gm.member_id = u.viewer and gm.role = 'manager')
          then 'not-group-manager'
        when u.as_group is not null and not exists (
          select 1 from conversation_participants p
           where p.conversation_id = u.conversation_id and p.party_kind = 'group' and p.party_id = u.as_group)
          then 'group-not-participant'
      end order by u.o), array_agg(m.seq order by u.o)
      into v_status, v_seq
      from unnest(v_viewer, v_conversation, v_client, v_group, v_refused)
           with ordinality as u(viewer, conversation_id, client_id, as_group, refused, o)
      cross join lateral conv_sees_rows(u.viewer, u.conversation_id) as v(sees)
      left join messages m on m.author_id = u.viewer and m.client_id = u.client_id;

    v_wait := array_fill(null::double precision, array[v_count]);
    for i in 1..v_count loop
      if v_status[i] is null then
        v_wait[i] := conv_take_allowance(v_viewer[i], 'sends', v_limit[i], 60000);
        if v_wait[i] > 0 then
          v_status[i] := 'rate-limited';
        else
          v_status[i] := 'stored';
          v_to_store := v_to_store + 1;
        end if;
      end if;
    end loop;

    if v_to_store > 0 then
      with inserted as (
        insert into messages (id, conversation_id, author_id, client_id, on_behalf_of, body, sent_at)
        select u.message_id, u.conversation_id, u.viewer, u.client_id, u.as_group, u.body, u.sent_at
          from unnest(v_message_id, v_conversation, v_viewer, v_client, v_group, v_body, v_sent_at, v_status)
               with ordinality as u(message_id, conversation_id, viewer, client_id, as_group, body, sent_at, status, o)
         where u.status = 'stored'
         order by u.o
        on conflict (author_id, client_id) do nothing
        returning seq, author_id, client_id)
      select count(n.seq), array_agg(coalesce(n.seq, u.seq) order by u.o)
        into v_stored, v_seq
        from unnest(v_viewer, v_client, v_seq) with ordinality as u(viewer, client_id, seq, o)
        left join inserted n on n.author_id = u.viewer and n.client_id = u.client_id;
      if v_stored < v_to_store then
        raise exception using errcode = 'CV409', message = 'A concurrent request stored a client id of this batch first.';
      end if;
      -- What follows the stored messages, as sets (one call per space and email setting: a
      -- batch has one of each).
      for v_part in
        select distinct u.email, u.space from unnest(v_email, v_space, v_status) as u(email, space, status)
         where u.status = 'stored'
      loop
        perform conv_messages_added(
          array(select u.seq from unnest(v_seq, v_email, v_space, v_status) as u(seq, email, space, status)
                 where u.status = 'stored' and u.email = v_part.email and u.space = v_part.space order by u.seq),
          'message-added', v_part.email, v_part.space);
      end loop;
    end if;

    select json_agg(case
        when u.status in ('stored', 'existing')
          then json_build_object('status', u.status, 'message', j.message)
        when u.status = 'rate-limited' then json_build_object('status', u.status, 'retryAfterMs', u.wait)
        else json_build_object('status', u.status)
      end order by u.o)
      into v_answers
      from unnest(v_status, v_seq, v_wait) with ordinality as u(status, seq, wait, o)
      left join conv_messages_json(v_seq) as j on j.seq = u.seq and u.status in ('stored', 'existing');
    return v_answers;
  end $$;

`;
