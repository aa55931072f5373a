/**
 * `import <file> --server <url>`: the same import through a running server's
 * `POST /admin/v1/import`, for a server whose database this process cannot open (PGlite holds
 * its folder) or that runs elsewhere. The file is sent in parts of `PART_LINES` lines, each one
 * request that arrives well within the server's request timeout; an import is idempotent and a
 * record may name what an earlier part imported, so parts are as good as one file. Refusals are
 * numbered by the file's lines.
 */
import { ValidationError } from '../../../src/core/index.js';
import type { ImportCounts, ImportRefusal, ImportSummary } from './importer.js';
import { MAX_LINE_BYTES, MAX_REFUSALS_LISTED } from './importer.js';
import { ndjsonLines } from './lines.js';

export const PART_LINES = 10_000;

export async function importOverHttp(
  source: AsyncIterable<Uint8Array | string>,
  serverUrl: string,
  adminSecret: string,
  onProgress?: (counts: ImportCounts) => void,
): Promise<ImportSummary> {
  const totals = { lines: 0, conversations: 0, messages: 0, reads: 0, existing: 0, refused: 0 };
  const refusals: ImportRefusal[] = [];
  const refuse = (refusal: ImportRefusal) => {
    totals.refused++;
    if (refusals.length < MAX_REFUSALS_LISTED) refusals.push(refusal);
  };
  let texts: string[] = [];
  let numbers: number[] = [];
  const send = async () => {
    if (texts.length === 0) return;
    const response = await fetch(new URL('/admin/v1/import', serverUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/x-ndjson' },
      body: texts.join('\n'),
    });
    const answer = (await response.json()) as ImportSummary & { message?: string };
    if (!response.ok)
      throw new Error(`The server refused the import (${response.status}): ${answer.message}`);
    for (const key of ['lines', 'conversations', 'messages', 'reads', 'existing'] as const)
      totals[key] += answer[key];
    for (const refusal of answer.refusals)
      refuse({ ...refusal, line: numbers[refusal.line - 1] ?? refusal.line });
    // Refusals past the server's list are counted, not named.
    totals.refused += answer.refused - answer.refusals.length;
    texts = [];
    numbers = [];
    onProgress?.({ ...totals });
  };
  for await (const line of ndjsonLines(source, MAX_LINE_BYTES)) {
    if ('refused' in line) {
      totals.lines++;
      const error =
        line.refused === 'too-long'
          ? new ValidationError('too-large', `A line may hold at most ${MAX_LINE_BYTES} bytes.`, {
              field: 'request',
            })
          : new ValidationError('malformed-text', 'The line is not valid UTF-8.', { field: 'request' });
      refuse({
        line: line.number,
        code: error.code,
        reason: error.reason,
        field: error.field,
        message: error.message,
      });
      continue;
    }
    texts.push(line.text);
    numbers.push(line.number);
    if (texts.length >= PART_LINES) await send();
  }
  await send();
  return { ...totals, refusals: refusals.sort((a, b) => a.line - b.line) };
}
