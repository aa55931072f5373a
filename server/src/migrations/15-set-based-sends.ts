/**
 * Migration 15: a batch of sends decided and written as sets, not send by send.
 *
 * `conv_send_batch` (migrations 3 and 11) called `conv_send` once per send. `conv_sees` and
 * `conv_message_json` are SQL functions that PostgreSQL cannot inline (a sub-select, a join), and
 * such a function is parsed and planned again each time a statement calling it starts: twice per
 * send, about two thirds of the database's work on a send (measured with `track_functions`; see
 * the server README). Here each of them is called once per batch, over all its sends, inside one
 * statement, so they are planned once per batch; the writes of the batch are one insert.
 *
 * The answers are those of the sends written one after the other, in the batch's order:
 * - the client id first: a stored one answers with its message (or `conflict-conversation` in
 *   another conversation), even for a member limited now; one client id twice in a batch raises
 *   CV409 so that the caller writes the batch send by send (the second then finds the first);
 * - then visibility (`conv_sees`), then the rulebook's refusal (S14–S17: decided in Node by
 *   `src/core` on facts read for the batch, and passed as each item's eleventh element), then
 *   writing as a group, then the allowance, taken in the batch's order (`conv_take_allowance`, so
 *   one member's sends in a batch count one by one);
 * - then one insert of the messages, in the batch's order (their seqs follow it); a client id a
 *   concurrent request stored first raises CV409, which rolls the batch back;
 * - then `conv_message_added` for each stored message, in order (events, emails, webhooks);
 * - then the answers, every message as `conv_message_json` shows it.
 * The locks are taken up front in the one order every writer shares (migration 11).
 *
 * `conv_send`, a send on its own, is now a batch of one: the decisions live in one place.
 */
export const MIGRATION_15 = `
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
        when not conv_sees(u.viewer, u.conversation_id) then 'not-found'
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
      for i in 1..v_count loop
        if v_status[i] = 'stored' then
          perform conv_message_added(v_seq[i], v_message_id[i], v_conversation[i], v_viewer[i], v_sent_at[i],
            'message-added', v_email[i], v_space[i]);
        end if;
      end loop;
    end if;

    select json_agg(case
        when u.status in ('stored', 'existing')
          then json_build_object('status', u.status, 'message', conv_message_json(u.seq))
        when u.status = 'rate-limited' then json_build_object('status', u.status, 'retryAfterMs', u.wait)
        else json_build_object('status', u.status)
      end order by u.o)
      into v_answers
      from unnest(v_status, v_seq, v_wait) with ordinality as u(status, seq, wait, o);
    return v_answers;
  end $$;

  create or replace function conv_send(p_viewer text, p_conversation text, p_client_id text, p_body text, p_as_group text,
                                       p_message_id text, p_now double precision, p_sends_limit integer, p_email boolean,
                                       p_space text)
  returns json language sql as $$
    select conv_send_batch(json_build_array(json_build_array(p_viewer, p_conversation, p_client_id, p_body, p_as_group,
      p_message_id, p_now, p_sends_limit, p_email, p_space))) -> 0
  $$;
`;
