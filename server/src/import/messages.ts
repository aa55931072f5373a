/**
 * An import's messages and read markers, checked as a live send and a live mark-read are (the
 * author or reader sees the conversation through `conv_sees`, the rule of sends), written set-wise.
 */
import { randomUUID } from 'node:crypto';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type ImportedMessage,
  type ImportedRead,
} from '../../../src/core/index.js';
import type { Queryable } from '../db.js';
import type { Numbered, Refuse, StoredConversation, StoredMessage } from './stored.js';

export async function writeMessages(
  tx: Queryable,
  records: readonly Numbered<ImportedMessage>[],
  known: Map<string, StoredConversation>,
  refuse: Refuse,
): Promise<{
  added: number;
  existing: number;
  stored: Map<string, StoredMessage>;
}> {
  const stored = new Map<string, StoredMessage>();
  if (records.length === 0) return { added: 0, existing: 0, stored };
  const before = await tx.query<{ external_id: string; seq: number; conversation_id: string }>(
    'select external_id, seq, conversation_id from messages where external_id = any($1::text[])',
    [records.map(({ record }) => record.externalId)],
  );
  for (const row of before)
    stored.set(row.external_id, { seq: row.seq, conversationId: row.conversation_id, line: 0 });
  let existing = 0;
  const candidates: { line: number; record: ImportedMessage; conversationId: string }[] = [];
  const seen = new Set<string>();
  for (const { line, record } of records) {
    if (stored.has(record.externalId) || seen.has(record.externalId)) {
      existing++;
      continue;
    }
    seen.add(record.externalId);
    const conversation = known.get(record.conversation);
    // A conversation is known once its own line has been read.
    if (!conversation || conversation.line > line) {
      refuse(
        line,
        new NotFoundError(`No conversation "${record.conversation}" was imported before this line.`),
      );
      continue;
    }
    candidates.push({ line, record, conversationId: conversation.id });
  }
  // The live rules of a send, for every candidate at once: the author is a member who sees the
  // conversation (conv_sees, the rule sends use), and manages the group it writes as, which
  // takes part in the conversation.
  const facts = await tx.query<{
    i: number;
    author: boolean;
    sees: boolean;
    manages: boolean;
    takes_part: boolean;
  }>(
    `select t.i, exists (select 1 from members m where m.id = t.author) as author,
            conv_sees(t.author, t.conversation_id) as sees,
            t.as_group is null or exists (select 1 from group_members gm
              where gm.group_id = t.as_group and gm.member_id = t.author and gm.role = 'manager') as manages,
            t.as_group is null or exists (select 1 from conversation_participants p
              where p.conversation_id = t.conversation_id and p.party_kind = 'group' and p.party_id = t.as_group) as takes_part
       from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(author, conversation_id, as_group, i)`,
    [
      candidates.map((c) => c.record.author),
      candidates.map((c) => c.conversationId),
      candidates.map((c) => c.record.asGroup ?? null) as unknown as string[],
    ],
  );
  const accepted: typeof candidates = [];
  for (const fact of facts) {
    const candidate = candidates[Number(fact.i) - 1];
    const { line, record } = candidate;
    const conversation = known.get(record.conversation)!;
    if (!fact.author)
      refuse(line, new NotFoundError(`There is no member "${record.author}" on this portal.`));
    else if (!fact.sees)
      refuse(line, new ForbiddenError('not-allowed', 'The author does not take part in this conversation.'));
    else if (!fact.manages)
      refuse(
        line,
        new ForbiddenError(
          'not-group-manager',
          'The author does not manage the group it writes as.',
          'asGroup',
        ),
      );
    else if (!fact.takes_part)
      refuse(line, new ForbiddenError('not-allowed', 'That group is not in this conversation.', 'asGroup'));
    else if (record.sentAt < conversation.last)
      refuse(
        line,
        new ValidationError(
          'bad-request',
          'Messages come in the order they were sent: this one is older than the one before.',
          {
            field: 'request',
          },
        ),
      );
    else {
      conversation.last = record.sentAt;
      accepted.push(candidate);
    }
  }
  if (accepted.length === 0) return { added: 0, existing, stored };
  const rows = await tx.query<{ seq: number; external_id: string; conversation_id: string }>(
    `insert into messages (id, conversation_id, author_id, client_id, on_behalf_of, body, sent_at, external_id)
     select id, conversation_id, author_id, 'import:' || external_id, on_behalf_of, body, sent_at, external_id
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[])
            with ordinality as t(id, conversation_id, author_id, on_behalf_of, body, sent_at, external_id, i)
      order by i
     returning seq, external_id, conversation_id`,
    [
      accepted.map(() => randomUUID()),
      accepted.map((c) => c.conversationId),
      accepted.map((c) => c.record.author),
      accepted.map((c) => c.record.asGroup ?? null) as unknown as string[],
      accepted.map((c) => c.record.body),
      accepted.map((c) => c.record.sentAt),
      accepted.map((c) => c.record.externalId),
    ],
  );
  const lineOf = new Map(accepted.map((c) => [c.record.externalId, c.line]));
  for (const row of rows)
    stored.set(row.external_id, {
      seq: row.seq,
      conversationId: row.conversation_id,
      line: lineOf.get(row.external_id) ?? 0,
    });
  // Each conversation's place in the lists: its last message, as a live send sets it.
  await tx.query(
    `update conversations c set last_message_seq = t.seq, last_activity_at = t.sent_at
       from (select distinct on (m.conversation_id) m.conversation_id, m.seq, m.sent_at
               from messages m where m.seq = any($1::int[]) order by m.conversation_id, m.seq desc) t
      where c.id = t.conversation_id and c.last_message_seq < t.seq`,
    [rows.map((row) => row.seq)],
  );
  return { added: rows.length, existing, stored };
}

export async function writeReads(
  tx: Queryable,
  records: readonly Numbered<ImportedRead>[],
  known: Map<string, StoredConversation>,
  inBatch: Map<string, StoredMessage>,
  refuse: Refuse,
): Promise<{ added: number; existing: number }> {
  if (records.length === 0) return { added: 0, existing: 0 };
  const lookup = records.map(({ record }) => record.upTo).filter((upTo) => !inBatch.has(upTo));
  const rows = await tx.query<{ external_id: string; seq: number; conversation_id: string }>(
    'select external_id, seq, conversation_id from messages where external_id = any($1::text[])',
    [lookup],
  );
  const messages = new Map(inBatch);
  for (const row of rows)
    messages.set(row.external_id, { seq: row.seq, conversationId: row.conversation_id, line: 0 });
  const candidates: { line: number; member: string; conversationId: string; seq: number }[] = [];
  for (const { line, record } of records) {
    const conversation = known.get(record.conversation);
    const message = messages.get(record.upTo);
    if (!conversation || conversation.line > line) {
      refuse(
        line,
        new NotFoundError(`No conversation "${record.conversation}" was imported before this line.`),
      );
    } else if (!message || message.conversationId !== conversation.id || message.line > line) {
      refuse(
        line,
        new NotFoundError(`No message "${record.upTo}" of this conversation was imported before this line.`),
      );
    } else
      candidates.push({ line, member: record.member, conversationId: conversation.id, seq: message.seq });
  }
  if (candidates.length === 0) return { added: 0, existing: 0 };
  const facts = await tx.query<{ i: number; sees: boolean }>(
    `select t.i, exists (select 1 from members m where m.id = t.member) and conv_sees(t.member, t.conversation_id) as sees
       from unnest($1::text[], $2::text[]) with ordinality as t(member, conversation_id, i)`,
    [candidates.map((c) => c.member), candidates.map((c) => c.conversationId)],
  );
  const accepted = facts
    .filter((fact) => {
      const candidate = candidates[Number(fact.i) - 1];
      if (!fact.sees)
        refuse(
          candidate.line,
          new NotFoundError(`Member "${candidate.member}" does not take part in this conversation.`),
        );
      return fact.sees;
    })
    .map((fact) => candidates[Number(fact.i) - 1]);
  if (accepted.length === 0) return { added: 0, existing: 0 };
  // A marker only moves forward, as a live mark-read; the furthest per member and conversation counts.
  const moved = await tx.query(
    `insert into reads (member_id, conversation_id, up_to_seq, marker_seq)
     select member_id, conversation_id, max(seq), max(seq) from unnest($1::text[], $2::text[], $3::int[]) as t(member_id, conversation_id, seq)
      group by member_id, conversation_id
     on conflict (member_id, conversation_id) do update
       set up_to_seq = greatest(reads.up_to_seq, excluded.up_to_seq),
           marker_seq = greatest(reads.marker_seq, excluded.marker_seq)
     where reads.up_to_seq < excluded.up_to_seq or reads.marker_seq is null or reads.marker_seq < excluded.marker_seq
     returning 1`,
    [accepted.map((c) => c.member), accepted.map((c) => c.conversationId), accepted.map((c) => c.seq)],
  );
  return { added: moved.length, existing: accepted.length - moved.length };
}
