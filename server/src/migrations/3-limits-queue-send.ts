/**
 * Migration 3: limits shared by every process, the durable delivery queue, and a send in one
 * round trip.
 *
 * - `rate_limits`: one row per member and limit (a window and what was used of it), updated in the
 *   transaction that writes. Two processes or twenty parallel requests of one member take turns
 *   on that row, so a limit holds.
 * - `jobs`: notifications written in the same transaction as what they announce, delivered by
 *   `queue/worker.ts`. `key` is unique: what a retried delivery is recognised by.
 * - `conv_add_events`, `conv_message_added`, `conv_send`: the fan-out and the whole of a send as
 *   PL/pgSQL, so a send is one statement (one round trip, one commit, plans prepared once per
 *   connection) instead of eight. The rules of text stay in `src/core` and are applied before.
 *
 * Functions resolve tables through the search path at run time, so each test space (a schema)
 * has its own copies, created by this migration in that schema.
 */
export const MIGRATION_3 = `
  create table rate_limits (
    member_id text not null,
    kind text not null,
    -- milliseconds since the epoch: the member's current window ends then
    window_end double precision not null,
    used integer not null,
    primary key (member_id, kind)
  );

  create table jobs (
    id bigint generated always as identity primary key,
    kind text not null,
    key text not null unique,
    payload jsonb not null,
    run_at double precision not null,
    attempts integer not null default 0,
    -- a worker holds a job until then; past it (the worker died), any worker may take it
    locked_until double precision,
    last_error text,
    -- set once the attempts are used up: kept for an operator, never tried again
    failed_at double precision,
    created_at double precision not null
  );
  create index jobs_due on jobs (run_at) where failed_at is null;

  create index messages_author_sent on messages (author_id, sent_at);

  -- Takes one unit of a member's allowance of p_limit per window of p_window ms, the window
  -- starting at the first unit taken (as rate-limiter-flexible counts). Returns 0 when taken,
  -- otherwise the ms until the window ends (and takes nothing). The upsert waits for any other
  -- transaction holding the row, then sees its committed count: parallel requests take turns.
  create function conv_take_allowance(p_member text, p_kind text, p_limit integer, p_window double precision)
  returns double precision language plpgsql as $$
  declare
    v_now double precision := extract(epoch from clock_timestamp()) * 1000;
    v_end double precision;
  begin
    insert into rate_limits as r (member_id, kind, window_end, used) values (p_member, p_kind, v_now + p_window, 1)
    on conflict (member_id, kind) do update
      set used = case when r.window_end <= v_now then 1 else r.used + 1 end,
          window_end = case when r.window_end <= v_now then v_now + p_window else r.window_end end
      where r.window_end <= v_now or r.used < p_limit
    returning window_end into v_end;
    if found then
      return 0;
    end if;
    select window_end into v_end from rate_limits where member_id = p_member and kind = p_kind;
    return greatest(1, v_end - v_now);
  end $$;

  -- Appends one event to the stream of each member named, and announces them at commit to every
  -- process listening. Each member's sequence is bumped under that member's row lock, taken in id
  -- order (no deadlocks), so a member's event ids commit in order and a stream resuming after id N
  -- never misses an event that commits later with a smaller id. NOTIFY payloads are capped at
  -- 8000 bytes: past 7000, listeners re-read every open stream of the space.
  create function conv_add_events(p_members text[], p_type text, p_conversation text, p_message_seq integer,
                                  p_now double precision, p_space text)
  returns text[] language plpgsql as $$
  declare
    v_members text[];
    v_json text;
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
      v_json := to_json(v_members)::text;
      perform pg_notify('conv_events', case when length(v_json) <= 7000
        then json_build_object('space', p_space, 'members', v_json::json)::text
        else json_build_object('space', p_space)::text end);
    end if;
    return v_members;
  end $$;

  -- What follows a stored message: its conversation's activity, an event for every participant,
  -- and the emails it decides (S10: to members whose setting is on, never the writer, once per
  -- conversation until read), queued in this same transaction.
  create function conv_message_added(p_seq integer, p_message_id text, p_conversation text, p_author text,
                                     p_sent_at double precision, p_event_type text, p_email boolean, p_space text)
  returns void language plpgsql as $$
  declare
    v_members text[];
    v_jobs integer;
  begin
    update conversations set last_message_seq = p_seq, last_activity_at = p_sent_at where id = p_conversation;
    v_members := conv_add_events(array(
        select p.party_id from conversation_participants p
         where p.conversation_id = p_conversation and p.party_kind = 'member'
        union
        select gm.member_id from conversation_participants p join group_members gm on gm.group_id = p.party_id
         where p.conversation_id = p_conversation and p.party_kind = 'group'),
      p_event_type, p_conversation, p_seq, p_sent_at, p_space);
    if not p_email then
      return;
    end if;
    with notified as (
      insert into email_notices (member_id, conversation_id, message_seq)
      select m.id, p_conversation, p_seq from members m
       where m.id = any(v_members) and m.id <> p_author and m.notify_email and m.email is not null
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

  -- A message row as the API shows it (author and group names), as JSON.
  create function conv_message_json(p_seq integer) returns json language sql stable as $$
    select row_to_json(x) from (
      select m.seq, m.id, m.conversation_id, m.client_id, m.author_id, a.name as author_name,
             a.avatar_url as author_avatar, a.profile_url as author_profile, m.on_behalf_of,
             g.name as group_name, g.avatar_url as group_avatar, g.profile_url as group_profile,
             m.body, m.sent_at
        from messages m
        left join members a on a.id = m.author_id
        left join groups g on g.id = m.on_behalf_of
       where m.seq = p_seq) x
  $$;

  -- Whether member p_viewer sees conversation p_conversation: named in it, or in a group named in it.
  create function conv_sees(p_viewer text, p_conversation text) returns boolean language sql stable as $$
    select exists (
      select 1 from conversation_participants p
       where p.conversation_id = p_conversation
         and ((p.party_kind = 'member' and p.party_id = p_viewer)
           or (p.party_kind = 'group'
               and exists (select 1 from group_members gm where gm.group_id = p.party_id and gm.member_id = p_viewer))))
  $$;

  -- The decisions are src/core/decisions.ts's (decideEarlierAnswer, maySend), taken here where
  -- the facts are, so that a send needs no round trip to fetch them; the conformance suite holds
  -- this server and the local adapter to the same answers.
  -- One send, whole: the client id first (a retry gets the stored answer, even when the member is
  -- limited now; the client id names the message, so the first text stored is the answer whatever
  -- the retry's body; in another conversation it is a conflict), then who may write, then the limit, then the write. Answers with a status;
  -- raises CV409 when a concurrent request stored the same client id first (the caller retries
  -- and gets that one), which also rolls back the allowance taken.
  create function conv_send(p_viewer text, p_conversation text, p_client_id text, p_body text, p_as_group text,
                            p_message_id text, p_now double precision, p_sends_limit integer, p_email boolean,
                            p_space text)
  returns json language plpgsql as $$
  declare
    v_existing record;
    v_wait double precision;
    v_seq integer;
  begin
    select seq, conversation_id into v_existing
      from messages where author_id = p_viewer and client_id = p_client_id;
    if found then
      if v_existing.conversation_id <> p_conversation then
        return json_build_object('status', 'conflict-conversation');
      end if;
      if not conv_sees(p_viewer, p_conversation) then
        return json_build_object('status', 'not-found');
      end if;
      return json_build_object('status', 'existing', 'message', conv_message_json(v_existing.seq));
    end if;
    if not conv_sees(p_viewer, p_conversation) then
      return json_build_object('status', 'not-found');
    end if;
    if p_as_group is not null then
      perform 1 from group_members where group_id = p_as_group and member_id = p_viewer and role = 'manager';
      if not found then
        return json_build_object('status', 'not-group-manager');
      end if;
      perform 1 from conversation_participants
       where conversation_id = p_conversation and party_kind = 'group' and party_id = p_as_group;
      if not found then
        return json_build_object('status', 'group-not-participant');
      end if;
    end if;
    v_wait := conv_take_allowance(p_viewer, 'sends', p_sends_limit, 60000);
    if v_wait > 0 then
      return json_build_object('status', 'rate-limited', 'retryAfterMs', v_wait);
    end if;
    insert into messages (id, conversation_id, author_id, client_id, on_behalf_of, body, sent_at)
    values (p_message_id, p_conversation, p_viewer, p_client_id, p_as_group, p_body, p_now)
    on conflict (author_id, client_id) do nothing
    returning seq into v_seq;
    if v_seq is null then
      raise exception using errcode = 'CV409', message = 'A concurrent request stored this client id first.';
    end if;
    perform conv_message_added(v_seq, p_message_id, p_conversation, p_viewer, p_now, 'message-added', p_email, p_space);
    return json_build_object('status', 'stored', 'message', conv_message_json(v_seq));
  end $$;

  -- Group commit: sends that arrived together, in one statement and one commit, each answered as
  -- conv_send answers it. A CV409 (or any error) fails the whole batch; the caller then sends
  -- each on its own.
  create function conv_send_batch(p_items json) returns json language plpgsql as $$
  declare
    v_item json;
    v_answers json[] := '{}';
  begin
    for v_item in select value from json_array_elements(p_items) loop
      v_answers := v_answers || conv_send(v_item->>0, v_item->>1, v_item->>2, v_item->>3, v_item->>4,
        v_item->>5, (v_item->>6)::double precision, (v_item->>7)::integer, (v_item->>8)::boolean, v_item->>9);
    end loop;
    return to_json(v_answers);
  end $$;
`;
