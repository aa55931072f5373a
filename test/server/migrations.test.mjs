// The SQL functions that several features change are redefined whole by each migration that
// changes them (PL/pgSQL has no "alter function body"), and applied in order the last definition
// wins. A migration that copied an older definition instead of the newest would silently drop
// the features in between; in one case that leaked a managers-only group's conversations. This
// reads the migrations as PostgreSQL applies them and holds the newest definition of each such
// function to what every feature put in it. A migration that changes one adds its own fragment.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const FOLDER = new URL('../../server/src/migrations/', import.meta.url);

/** What each feature put in a shared function, by the migration that put it there. */
const KEPT = {
  // Visibility and a message's answer are written as functions returning rows since migration
  // 17 (a statement reading them inlines them); the scalar ones read those.
  conv_sees_rows: {
    'a group read by its managers only (5)': "gm.role = 'manager' or g.readers = 'members'",
    'leavers see nothing more (12)': 'conversation_leavers',
  },
  conv_sees: {
    'one rule, in conv_sees_rows (17)': 'select sees from conv_sees_rows(p_viewer, p_conversation)',
  },
  conv_messages_json: {
    "the author's status (5)": 'a.status as author_status',
    'edits (6)': 'm.edited_at',
    'deleted messages (5)': 'm.deleted',
    'system entries (12)': 'm.system',
  },
  conv_message_json: {
    'one shape, in conv_messages_json (17)': 'select message from conv_messages_json(array[p_seq])',
  },
  // What follows stored messages is decided for a batch of them at once since migration 17
  // (conv_messages_added); one message is a batch of one, and a batch of sends calls it.
  conv_messages_added: {
    "a group's readers (5)": 'conv_group_readers(p.party_id)',
    'deleted members hear nothing (5)': "m.status is distinct from 'deleted'",
    'webhooks (9)': "conv_webhook_event('message.created'",
    'digests (9)': "'digest', 'digest:'",
    'leavers hear nothing more (12)': 'conversation_leavers',
    'muted conversations email nobody (12)': 'r.muted',
    'writing reads the conversation for its writer (14)':
      'insert into reads (member_id, conversation_id, up_to_seq) select w.author_id, w.conversation_id, max(w.seq)',
    "the writer's pending email notice goes (14)": 'e.member_id = w.author_id',
    "notices decided a round of each conversation's messages at a time (17)": 'for v_r in 1..v_rounds loop',
    'a notification per chunk of the members who hear (18)':
      'perform conv_notify_members(p_space, v_members)',
    'notices and digests only for the members who can be emailed (18)': 'filter (where t.mailable)',
  },
  conv_add_events: {
    "each member's ids in order, under their row lock (3)": 'order by id for update',
    'a notification per chunk of the members (18)': 'perform conv_notify_members(p_space, v_members)',
  },
  conv_notify_members: {
    "under PostgreSQL's payload limit, or the space alone (18)": 'octet_length(v_payload) < 8000',
  },
  conv_message_added: {
    'one message is a batch of one (17)': 'conv_messages_added(array[p_seq], p_event_type, p_email, p_space)',
  },
  conv_send_batch: {
    'visibility from conv_sees_rows (17)': 'conv_sees_rows(u.viewer, u.conversation_id)',
    'answers from conv_messages_json (17)': 'conv_messages_json(v_seq)',
    'what follows the stored messages, as sets (17)': 'perform conv_messages_added(',
  },
};

/** Every migration's SQL text, in the order they are applied (by their number). */
function migrationsInOrder() {
  return readdirSync(FOLDER)
    .filter((name) => /^\d+-.*\.ts$/.test(name))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((name) => ({ name, text: readFileSync(new URL(name, FOLDER), 'utf8') }));
}

/** The newest definition of `fn`: the body of its last `create [or replace] function`. */
function newestDefinition(fn) {
  let newest;
  const start = new RegExp(`create (?:or replace )?function ${fn}\\(`, 'g');
  for (const { name, text } of migrationsInOrder()) {
    for (const match of text.matchAll(start)) {
      const end = text.indexOf('$$;', text.indexOf('$$', match.index) + 2);
      newest = { name, body: text.slice(match.index, end).replace(/\s+/g, ' ') };
    }
  }
  return newest;
}

for (const [fn, fragments] of Object.entries(KEPT)) {
  test(`the newest ${fn} keeps what every feature put in it`, () => {
    const newest = newestDefinition(fn);
    assert.ok(newest, `${fn} is defined by a migration`);
    for (const [feature, fragment] of Object.entries(fragments)) {
      assert.ok(
        newest.body.includes(fragment.replace(/\s+/g, ' ')),
        `${fn} as ${newest.name} defines it has lost ${feature}: "${fragment}"`,
      );
    }
  });
}
