/**
 * A server-sent events reader over `fetch`, so the access token goes in a header (EventSource
 * cannot send one, and a token in the URL ends up in logs). Reconnects with `Last-Event-ID`
 * after any drop; the server replays what was missed, and ids already seen are skipped, so each
 * event reaches the listener once and in order.
 */

export interface StreamMessage {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/** Parses an SSE byte stream into messages (the WHATWG rules for fields, comments and line ends). */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private sawId = false;

  constructor(private readonly onMessage: (message: StreamMessage) => void) {}

  push(text: string): void {
    this.buffer += text;
    let index: number;
    while ((index = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (this.buffer[index] === '\r' && index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, index);
      const skip = this.buffer.startsWith('\r\n', index) ? 2 : 1;
      this.buffer = this.buffer.slice(index + skip);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0 || this.sawId) {
        this.onMessage({
          id: this.sawId ? this.id : undefined,
          event: this.event || 'message',
          data: this.data.join('\n'),
        });
      }
      this.data = [];
      this.event = '';
      this.sawId = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
      this.sawId = true;
    }
  }
}
