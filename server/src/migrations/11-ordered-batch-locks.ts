/**
 * Migration 11: a batch of sends takes its locks up front, in the order every writer takes them.
 *
 * A send locks, in this order: its writer's allowance row (`rate_limits`), its conversation's row
 * (the activity it moves), then the members it adds events for (in id order, `conv_add_events`).
 * `conv_send_batch` (migration 3) ran its sends one after the other, so a batch held the rows of
 * its first send while it asked for those of its second; two batches in flight whose
 * conversations overlap in different orders (a message to a big group beside one-to-one
 * messages, say) each waited for the other until PostgreSQL broke the deadlock after
 * `deadlock_timeout` (a second) and every send of the losing batch was written again on its own.
 *
 * Here a batch first locks every row its sends will need, type by type in that same order and
 * each type in key order: every writer then asks for rows in one global order, so writers queue
 * behind each other instead of in a circle. Allowance rows that do not exist yet are created
 * spent-out (a window that has already ended, so the first send opens a new one, exactly as when
 * the row is missing) so that there is a row to lock. The decisions and writes are still
 * `conv_send`'s, unchanged.
 */
export const MIGRATION_11 = `
  create or replace function conv_send_batch(p_items json) returns json language plpgsql as $$
  declare
    v_item json;
    v_answers json[] := '{}';
    v_writers text[];
    v_conversations text[];
  begin
    select array_agg(distinct value->>0 order by value->>0), array_agg(distinct value->>1 order by value->>1)
      into v_writers, v_conversations
      from json_array_elements(p_items);

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

    for v_item in select value from json_array_elements(p_items) loop
      v_answers := v_answers || conv_send(v_item->>0, v_item->>1, v_item->>2, v_item->>3, v_item->>4,
        v_item->>5, (v_item->>6)::double precision, (v_item->>7)::integer, (v_item->>8)::boolean, v_item->>9);
    end loop;
    return to_json(v_answers);
  end $$;
`;
