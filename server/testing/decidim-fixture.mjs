// A small Decidim portal, for the tests of `import-decidim`: the tables and columns the move
// reads, as Decidim 0.27's migrations (decidim-core/db/migrate) leave them, with the NOT NULL
// and default columns around them, filled with one organization's members, a group, follows and
// conversations. Used on PGlite and on PostgreSQL alike.

export const DECIDIM_SCHEMA = `
  create table decidim_users (
    id serial primary key,
    email varchar not null default '',
    encrypted_password varchar not null default '',
    name varchar not null,
    nickname varchar(20),
    locale varchar,
    decidim_organization_id integer,
    delete_reason text,
    deleted_at timestamp,
    managed boolean not null default false,
    type varchar not null,
    extended_data jsonb default '{}',
    direct_message_types varchar not null default 'all',
    blocked boolean not null default false,
    blocked_at timestamp,
    block_id integer,
    created_at timestamp not null default now(),
    updated_at timestamp not null default now()
  );
  create table decidim_user_group_memberships (
    id serial primary key,
    decidim_user_id bigint not null,
    decidim_user_group_id bigint not null,
    role varchar not null default 'requested',
    created_at timestamp not null default now(),
    updated_at timestamp not null default now()
  );
  create table decidim_follows (
    id serial primary key,
    decidim_user_id bigint not null,
    decidim_followable_type varchar,
    decidim_followable_id bigint,
    created_at timestamp not null default now(),
    updated_at timestamp not null default now()
  );
  create table decidim_messaging_conversations (
    id serial primary key,
    created_at timestamp not null,
    updated_at timestamp not null
  );
  create table decidim_messaging_participations (
    id serial primary key,
    decidim_conversation_id bigint not null,
    decidim_participant_id bigint not null,
    created_at timestamp not null default now(),
    updated_at timestamp not null default now()
  );
  create table decidim_messaging_messages (
    id serial primary key,
    decidim_conversation_id bigint not null,
    decidim_sender_id bigint not null,
    body text not null,
    created_at timestamp not null,
    updated_at timestamp not null
  );
  create table decidim_messaging_receipts (
    id serial primary key,
    decidim_message_id bigint not null,
    decidim_recipient_id bigint not null,
    read_at timestamp,
    created_at timestamp not null default now(),
    updated_at timestamp not null default now()
  );
`;

/**
 * The portal (organization 1; organization 2 holds one member who must not move):
 * - 1 Ana (all), 2 Bo (followed-only, follows Ana), 3 Cy (blocked by a moderator), 4 a deleted
 *   account (name and email emptied, as Decidim does), 5 Dee; 6 Eve of organization 2;
 * - 10 the group "Community Garden": Ana its creator, Dee a member, Bo only requested;
 * - conversation 1, Ana and Bo: three messages, Bo has not read the last one;
 * - conversation 2, the deleted account and Ana: one message, read;
 * - conversation 3, the garden and Cy: Ana writes as the garden (her receipt read at once, as
 *   Decidim marks the writer's), Cy answers; Ana, the garden's manager, has not read the answer.
 */
export const DECIDIM_PORTAL = `
  insert into decidim_users (id, email, name, nickname, locale, decidim_organization_id, type,
                             direct_message_types, blocked, deleted_at) values
    (1, 'ana@example.org', 'Ana Alves', 'ana', 'en', 1, 'Decidim::User', 'all', false, null),
    (2, 'bo@example.org', 'Bo Berg', 'bo', 'de', 1, 'Decidim::User', 'followed-only', false, null),
    (3, 'cy@example.org', 'Cy Chen', 'cy', 'en', 1, 'Decidim::User', 'all', true, null),
    (4, '', '', '', 'en', 1, 'Decidim::User', 'all', false, '2023-01-10 09:00:00'),
    (5, 'dee@example.org', 'Dee Diaz', 'dee', 'ar', 1, 'Decidim::User', 'all', false, null),
    (6, 'eve@example.org', 'Eve Elsewhere', 'eve', 'en', 2, 'Decidim::User', 'all', false, null),
    (10, 'garden@example.org', 'Community Garden', 'garden', 'en', 1, 'Decidim::UserGroup', 'all', false, null);
  insert into decidim_user_group_memberships (decidim_user_id, decidim_user_group_id, role) values
    (1, 10, 'creator'), (5, 10, 'member'), (2, 10, 'requested');
  insert into decidim_follows (decidim_user_id, decidim_followable_type, decidim_followable_id) values
    (2, 'Decidim::UserBaseEntity', 1);
  insert into decidim_messaging_conversations (id, created_at, updated_at) values
    (1, '2022-03-01 10:00:00', '2022-03-01 10:10:00'),
    (2, '2022-02-01 08:00:00', '2022-02-01 08:00:00'),
    (3, '2022-04-01 12:00:00', '2022-04-01 12:05:00');
  insert into decidim_messaging_participations (decidim_conversation_id, decidim_participant_id) values
    (1, 1), (1, 2), (2, 4), (2, 1), (3, 10), (3, 3);
  insert into decidim_messaging_messages (id, decidim_conversation_id, decidim_sender_id, body, created_at, updated_at) values
    (1, 1, 1, 'Hello Bo, are you joining the assembly?', '2022-03-01 10:00:00', '2022-03-01 10:00:00'),
    (2, 1, 2, 'Yes, see you there.', '2022-03-01 10:05:00', '2022-03-01 10:05:00'),
    (3, 1, 1, 'Bring the minutes, please.', '2022-03-01 10:10:00', '2022-03-01 10:10:00'),
    (4, 2, 4, 'An old message from an account now deleted.', '2022-02-01 08:00:00', '2022-02-01 08:00:00'),
    (5, 3, 10, 'The garden opens on Saturday.', '2022-04-01 12:00:00', '2022-04-01 12:00:00'),
    (6, 3, 3, 'Thanks, I will come.', '2022-04-01 12:05:00', '2022-04-01 12:05:00');
  insert into decidim_messaging_receipts (decidim_message_id, decidim_recipient_id, read_at) values
    (1, 1, '2022-03-01 10:00:00'), (1, 2, '2022-03-01 10:04:00'),
    (2, 2, '2022-03-01 10:05:00'), (2, 1, '2022-03-01 10:09:00'),
    (3, 1, '2022-03-01 10:10:00'), (3, 2, null),
    (4, 4, '2022-02-01 08:00:00'), (4, 1, '2022-02-02 09:00:00'),
    (5, 1, '2022-04-01 12:00:00'), (5, 3, '2022-04-01 12:04:00'),
    (6, 3, '2022-04-01 12:05:00'), (6, 1, null);
`;
