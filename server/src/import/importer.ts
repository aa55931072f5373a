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
import {
  ConvError,
  ValidationError,
  parseImportRecord,
  type ImportedConversation,
  type ImportedMessage,
  type ImportedRead,
  type Policy,
} from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { writeConversations } from './conversations.js';
import { ndjsonLines } from './lines.js';
import { writeMessages, writeReads } from './messages.js';
import { knownConversations, type Numbered } from './stored.js';

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

interface Counts {
  lines: number;
  conversations: number;
  messages: number;
  reads: number;
  existing: number;
  refused: number;
}

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
      const known = await knownConversations(tx, [
        ...conversations.map(({ record }) => record.externalId),
        ...messages.map(({ record }) => record.conversation),
        ...reads.map(({ record }) => record.conversation),
      ]);
      const refuse = (line: number, error: unknown) => decided.push({ line, error });
      const c = await writeConversations(tx, conversations, known, refuse);
      const m = await writeMessages(tx, messages, known, refuse);
      const r = await writeReads(tx, reads, known, m.stored, refuse);
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
}
