/**
 * An import's conversations: each new external id becomes a conversation of its participants,
 * who must all exist. The source may have had two for one set of people: both are kept.
 */
import { randomUUID } from 'node:crypto';
import {
  ValidationError,
  participantSetOf,
  partyKey,
  type ImportedConversation,
} from '../../../src/core/index.js';
import type { Queryable } from '../db.js';
import type { Numbered, Refuse, StoredConversation } from './stored.js';

export async function writeConversations(
  tx: Queryable,
  records: readonly Numbered<ImportedConversation>[],
  known: Map<string, StoredConversation>,
  refuse: Refuse,
): Promise<{ added: number; existing: number }> {
  let existing = 0;
  const refs = records.flatMap(({ record }) => record.participants);
  const found = await tx.query<{ key: string }>(
    `select 'm:' || id as key from members where id = any($1::text[])
     union all select 'g:' || id from groups where id = any($2::text[])`,
    [
      refs.filter((ref) => ref.kind === 'member').map((ref) => ref.id),
      refs.filter((ref) => ref.kind === 'group').map((ref) => ref.id),
    ],
  );
  const exists = new Set(found.map((row) => row.key));
  const fresh: { line: number; record: ImportedConversation; id: string; key: string }[] = [];
  for (const { line, record } of records) {
    if (known.has(record.externalId)) {
      existing++;
      continue;
    }
    const missing = record.participants.find((ref) => !exists.has(partyKey(ref)));
    if (missing) {
      refuse(
        line,
        new ValidationError(
          'unknown-recipient',
          `There is no ${missing.kind} "${missing.id}" on this portal.`,
          {
            field: 'recipients',
          },
        ),
      );
      continue;
    }
    const entry = { line, record, id: randomUUID(), key: participantSetOf(record.participants) };
    known.set(record.externalId, { id: entry.id, last: 0, line });
    fresh.push(entry);
  }
  if (fresh.length === 0) return { added: 0, existing };
  // The first conversation of a set of participants takes the set's key, so a live start
  // reuses it; one the source had beside it keeps its own (a key no live set can have).
  const insert = (entries: typeof fresh, keyed: (entry: (typeof fresh)[number]) => string) =>
    tx.query<{ id: string }>(
      `insert into conversations (id, participants_key, started_by_kind, started_by_id, created_at, last_activity_at, external_id)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $5::float8[], $6::text[])
       on conflict (participants_key) do nothing returning id`,
      [
        entries.map((entry) => entry.id),
        entries.map(keyed),
        entries.map((entry) => entry.record.participants[0].kind),
        entries.map((entry) => entry.record.participants[0].id),
        entries.map((entry) => entry.record.createdAt),
        entries.map((entry) => entry.record.externalId),
      ],
    );
  const firstOfKey = new Map<string, (typeof fresh)[number]>();
  for (const entry of fresh) if (!firstOfKey.has(entry.key)) firstOfKey.set(entry.key, entry);
  const taken = new Set((await insert([...firstOfKey.values()], (entry) => entry.key)).map((row) => row.id));
  const rest = fresh.filter((entry) => !taken.has(entry.id));
  if (rest.length) await insert(rest, (entry) => `${entry.key} import:${entry.record.externalId}`);
  const places = fresh.flatMap((entry) =>
    entry.record.participants.map((ref, index) => ({ entry, ref, index })),
  );
  await tx.query(
    `insert into conversation_participants (conversation_id, position, party_kind, party_id)
     select * from unnest($1::text[], $2::int[], $3::text[], $4::text[])`,
    [
      places.map((place) => place.entry.id),
      places.map((place) => place.index + 1),
      places.map((place) => place.ref.kind),
      places.map((place) => place.ref.id),
    ],
  );
  return { added: fresh.length, existing };
}
