/**
 * Importing conversations (S20): records from a stream, checked by the rulebook
 * (`parseImportRecord` in src/core) and then against what is stored, written in batches of one
 * transaction each. Idempotent on external ids: a record whose external id is stored is counted
 * as already there and changes nothing. A refused record is reported with its line and reason
 * and the others go on. Live rules apply (participants exist, the author sees the conversation,
 * `asGroup` is a group the author manages and that takes part) except the rate limits and the
 * reuse of a conversation with the same participants. Nothing is announced on event streams and
 * no email is sent: imported history is already old; unread counts follow from the read markers.
 */
import { randomUUID } from 'node:crypto';
import {
  ConvError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  parseImportRecord,
  participantSetOf,
  partyKey,
  type ImportedConversation,
  type ImportedMessage,
  type ImportedRead,
  type Policy,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { ndjsonLines } from './lines.js';

/** One refused record: its line (1-based, blank lines not counted) and the rulebook's reason. */
export interface ImportRefusal {
  readonly line: number;
  readonly code: string;
  readonly reason?: string;
  readonly field?: string;
  readonly message: string;
}

export interface ImportCounts {
  /** Lines read (records), blank lines left out. */
  readonly lines: number;
  readonly conversations: number;
  readonly messages: number;
  /** Read markers that moved (a marker already there or further on is counted as existing). */
  readonly reads: number;
  /** Records whose external id was already stored (an import run again): nothing changed. */
  readonly existing: number;
  readonly refused: number;
}

export interface ImportSummary extends ImportCounts {
  /** The first `MAX_REFUSALS_LISTED` refusals, in line order. */
  readonly refusals: readonly ImportRefusal[];
}

export const MAX_REFUSALS_LISTED = 1000;
/** Records per transaction: large enough for set-based writes, small enough to hold. */
export const BATCH_SIZE = 1000;
/** A record's line may not be longer (a message is at most 4,000 bytes, escaped up to six times). */
export const MAX_LINE_BYTES = 256 * 1024;

type Numbered<T> = { readonly line: number; readonly record: T };

interface Counts {
  lines: number;
  conversations: number;
  messages: number;
  reads: number;
  existing: number;
  refused: number;
}

/** The source's conversation, as stored here. */
type StoredConversation = { id: string; last: number; line: number };

export class Importer {
  private batch: Numbered<unknown>[] = [];
  private readonly counts: Counts = {
    lines: 0,
    conversations: 0,
    messages: 0,
    reads: 0,
    existing: 0,
    refused: 0,
  };
  private readonly refusals: ImportRefusal[] = [];

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly onProgress?: (counts: ImportCounts) => void,
  ) {}

  /** Imports a whole NDJSON stream. */
  static async fromNdjson(
    db: Database,
    policy: Policy,
    source: AsyncIterable<Uint8Array | string>,
    onProgress?: (counts: ImportCounts) => void,
  ): Promise<ImportSummary> {
    const importer = new Importer(db, policy, onProgress);
    for await (const line of ndjsonLines(source, MAX_LINE_BYTES)) {
      if ('refused' in line) {
        importer.counts.lines++;
        importer.refuse(
          line.number,
          line.refused === 'too-long'
            ? new ValidationError('too-large', `A line may hold at most ${MAX_LINE_BYTES} bytes.`, {
                field: 'request',
                limit: MAX_LINE_BYTES,
              })
            : new ValidationError('malformed-text', 'The line is not valid UTF-8.', { field: 'request' }),
        );
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        importer.counts.lines++;
        importer.refuse(
          line.number,
          new ValidationError('bad-request', 'The line is not JSON.', { field: 'request' }),
        );
        continue;
      }
      await importer.add(line.number, value);
    }
    return importer.finish();
  }

  /** Adds one record (a parsed JSON value); writes a batch once there are enough. */
  async add(line: number, value: unknown): Promise<void> {
    this.counts.lines++;
    this.batch.push({ line, record: value });
    if (this.batch.length >= BATCH_SIZE) await this.flush();
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    return { ...this.counts, refusals: [...this.refusals].sort((a, b) => a.line - b.line) };
  }

  private refuse(line: number, error: unknown): void {
    this.counts.refused++;
    if (this.refusals.length >= MAX_REFUSALS_LISTED) return;
    if (error instanceof ConvError) {
      const payload = error.toJSON() as { code: string; reason?: string; field?: string; message: string };
      this.refusals.push({
        line,
        code: payload.code,
        ...(payload.reason ? { reason: payload.reason } : {}),
        ...(payload.field ? { field: payload.field } : {}),
        message: payload.message,
      });
    } else throw error;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const conversations: Numbered<ImportedConversation>[] = [];
    const messages: Numbered<ImportedMessage>[] = [];
    const reads: Numbered<ImportedRead>[] = [];
    for (const { line, record } of batch) {
      try {
        const parsed = parseImportRecord(record, this.policy);
        if (parsed.type === 'conversation') conversations.push({ line, record: parsed });
        else if (parsed.type === 'message') messages.push({ line, record: parsed });
        else reads.push({ line, record: parsed });
      } catch (error) {
        this.refuse(line, error);
      }
    }
    // Refusals are decided inside the transaction, kept until it commits, in line order.
    const decided: { line: number; error: unknown }[] = [];
    const added = await this.db.transaction(async (tx) => {
      decided.length = 0;
      const known = await this.knownConversations(tx, [
        ...conversations.map(({ record }) => record.externalId),
        ...messages.map(({ record }) => record.conversation),
        ...reads.map(({ record }) => record.conversation),
      ]);
      const refuse = (line: number, error: unknown) => decided.push({ line, error });
      const c = await this.writeConversations(tx, conversations, known, refuse);
      const m = await this.writeMessages(tx, messages, known, refuse);
      const r = await this.writeReads(tx, reads, known, m.stored, refuse);
      return {
        conversations: c.added,
        existing: c.existing + m.existing + r.existing,
        messages: m.added,
        reads: r.added,
      };
    });
    for (const { line, error } of decided.sort((a, b) => a.line - b.line)) this.refuse(line, error);
    this.counts.conversations += added.conversations;
    this.counts.messages += added.messages;
    this.counts.reads += added.reads;
    this.counts.existing += added.existing;
    this.onProgress?.({ ...this.counts });
  }

  private async knownConversations(
    tx: Queryable,
    externalIds: string[],
  ): Promise<Map<string, StoredConversation>> {
    const rows = await tx.query<{ id: string; external_id: string; last_activity_at: number; has: boolean }>(
      `select id, external_id, last_activity_at, last_message_seq > 0 as has
         from conversations where external_id = any($1::text[])`,
      [[...new Set(externalIds)]],
    );
    // Already stored: known from before this batch (line 0).
    return new Map(
      rows.map((row) => [row.external_id, { id: row.id, last: row.has ? row.last_activity_at : 0, line: 0 }]),
    );
  }

  private async writeConversations(
    tx: Queryable,
    records: readonly Numbered<ImportedConversation>[],
    known: Map<string, StoredConversation>,
    refuse: (line: number, error: unknown) => void,
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
    const taken = new Set(
      (await insert([...firstOfKey.values()], (entry) => entry.key)).map((row) => row.id),
    );
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

  private async writeMessages(
    tx: Queryable,
    records: readonly Numbered<ImportedMessage>[],
    known: Map<string, StoredConversation>,
    refuse: (line: number, error: unknown) => void,
  ): Promise<{
    added: number;
    existing: number;
    stored: Map<string, { seq: number; conversationId: string; line: number }>;
  }> {
    const stored = new Map<string, { seq: number; conversationId: string; line: number }>();
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
        refuse(
          line,
          new ForbiddenError('not-allowed', 'The author does not take part in this conversation.'),
        );
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

  private async writeReads(
    tx: Queryable,
    records: readonly Numbered<ImportedRead>[],
    known: Map<string, StoredConversation>,
    inBatch: Map<string, { seq: number; conversationId: string; line: number }>,
    refuse: (line: number, error: unknown) => void,
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
          new NotFoundError(
            `No message "${record.upTo}" of this conversation was imported before this line.`,
          ),
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
      `insert into reads (member_id, conversation_id, up_to_seq)
       select member_id, conversation_id, max(seq) from unnest($1::text[], $2::text[], $3::int[]) as t(member_id, conversation_id, seq)
        group by member_id, conversation_id
       on conflict (member_id, conversation_id) do update set up_to_seq = excluded.up_to_seq
       where reads.up_to_seq < excluded.up_to_seq
       returning 1`,
      [accepted.map((c) => c.member), accepted.map((c) => c.conversationId), accepted.map((c) => c.seq)],
    );
    return { added: moved.length, existing: accepted.length - moved.length };
  }
}
