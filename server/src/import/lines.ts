/**
 * An NDJSON stream as lines, in bounded memory: bytes are read a chunk at a time (the stream
 * waits while a batch is written, so a file of any size holds only a chunk and a line here), and
 * a line longer than `maxLineBytes` is skipped to its end and reported, never gathered.
 */

export type Line =
  | { readonly number: number; readonly text: string }
  | { readonly number: number; readonly refused: 'too-long' | 'not-utf8' };

const NEWLINE = 0x0a;

export async function* ndjsonLines(
  source: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<Line> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): Line | undefined => {
    number++;
    if (tooLong) return { number, refused: 'too-long' };
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return { number, refused: 'not-utf8' };
    }
    // Blank lines (a trailing newline, CRLF files) carry no record and are not counted.
    if (text.trim() === '') {
      number--;
      return undefined;
    }
    return { number, text };
  };
  for await (const chunk of source) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE)) {
      if (!tooLong && size + end <= maxLineBytes) parts.push(bytes.subarray(0, end));
      else tooLong = true;
      const line = finish();
      if (line) yield line;
      parts = [];
      size = 0;
      tooLong = false;
      bytes = bytes.subarray(end + 1);
    }
    if (bytes.length === 0 || tooLong) continue;
    if (size + bytes.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
    } else {
      // Copied: a reader may reuse its chunk's memory for the next one.
      parts.push(Uint8Array.prototype.slice.call(bytes));
      size += bytes.length;
    }
  }
  if (size > 0 || tooLong) {
    const line = finish();
    if (line) yield line;
  }
}
