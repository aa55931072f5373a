/**
 * Migration 9: a portal's data out (S21–S23).
 *
 * - `members.locale`: the member's language (a BCP 47 tag from the directory); emails are written
 *   in it, falling back to the portal's default (S22).
 * - `members.email_mode`, `digest_seq`, `digest_next_at`: one email per conversation until read
 *   (`first-unread`, the default) or a digest at most every N hours (`digest`). A member has at
 *   most one digest job waiting: its key carries `digest_seq`, which the digest handler bumps
 *   under the member's row lock before it reads what is unread, so a message committed after that
 *   read queues the next digest (never lost), and one committed before is in this one.
 * - `webhook_endpoints`, `webhook_attempts`: the portal's endpoints (S23) and the last attempts of
 *   each delivery, for the admin API. An endpoint is disabled, with the reason, after repeated
 *   failure.
 * - `conv_message_added` again: as in migration 3, plus the digest jobs and the webhook jobs of
 *   `message.created` and `conversation.started`, queued in the send's own transaction.
 */
// conv_message_added keeps migration 5's readers (a managers-only group's members hear nothing)
// and leaves out blocked and deleted members, as migration 5 does.
export const MIGRATION_9 = `
  alter table members add column locale text;
  alter table members add column email_mode text not null default 'first-unread'
    check (email_mode in ('first-unread', 'digest'));
  alter table members add column digest_seq integer not null default 0;
  -- the next digest may not leave before this (ms since the epoch); null: at once
  alter table members add column digest_next_at double precision;

  create table webhook_endpoints (
    id text primary key,
    url text not null,
    events text[] not null,
    -- the HMAC-SHA256 key deliveries are signed with; shown once, when the endpoint is registered
    secret text not null,
    description text,
    created_at double precision not null,
    consecutive_failures integer not null default 0,
    disabled_at double precision,
    disabled_reason text
  );

  create table webhook_attempts (
    id bigint generated always as identity primary key,
    endpoint_id text not null references webhook_endpoints (id) on delete cascade,
    event_id text not null,
    event_type text not null,
    attempt integer not null,
    -- the receiver's HTTP status; null when none came (refused, timed out, address not allowed)
    status integer,
    ok boolean not null,
    error text,
    duration_ms integer not null,
    at double precision not null
  );
  create index webhook_attempts_endpoint on webhook_attempts (endpoint_id, id desc);

  -- Queues one webhook event for every enabled endpoint that subscribed to its type. The event's
  -- id is the same for every endpoint and every retry: a receiver recognises a repeat by it.
  create function conv_webhook_event(p_type text, p_event_id text, p_data jsonb, p_space text)
  returns void language plpgsql as $$
  declare
    v_now double precision := extract(epoch from clock_timestamp()) * 1000;
    v_jobs integer;
  begin
    insert into jobs (kind, key, payload, run_at, created_at)
    select 'webhook', 'webhook:' || e.id || ':' || p_event_id,
           jsonb_build_object('endpointId', e.id,
             'event', jsonb_build_object('id', p_event_id, 'type', p_type, 'createdAt', v_now, 'data', p_data)),
           v_now, v_now
      from webhook_endpoints e
     where e.disabled_at is null and p_type = any(e.events)
    on conflict (key) do nothing;
    get diagnostics v_jobs = row_count;
    if v_jobs > 0 then
      perform pg_notify('conv_jobs', p_space);
    end if;
  end $$;

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
       where m.status is distinct from 'deleted'),
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
      perform conv_webhook_event('message.created', 'message.created:' || p_message_id,
        jsonb_build_object('conversationId', p_conversation, 'message', v_message), p_space);
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
    on conflict (key) do nothing;
    get diagnostics v_digests = row_count;
    if v_jobs + v_digests > 0 then
      perform pg_notify('conv_jobs', p_space);
    end if;
  end $$;
`;
