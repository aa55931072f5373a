/**
 * Live events as server-sent events. Each member has one ordered stream of event ids (see
 * `Store.addEvents`); a connection sends everything after its starting id and then whatever the
 * database announces with NOTIFY, from this process or any other on the same database. A client
 * that reconnects with `Last-Event-ID` gets every event it missed, once.
 */
import type { ServerResponse } from 'node:http';
import type { Store } from './store.js';

const BATCH = 200;

class Stream {
  private lastSeq: number;
  private busy = false;
  private again = false;
  closed = false;

  constructor(
    readonly memberId: string,
    start: number,
    private readonly response: ServerResponse,
    private readonly store: Store,
  ) {
    this.lastSeq = start;
  }

  get space(): string {
    return this.store.space;
  }

  /** Sends what is new; calls made while a pump runs fold into one more round. */
  async pump(): Promise<void> {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      let full: boolean;
      do {
        this.again = false;
        const batch = await this.store.eventsAfter(this.memberId, this.lastSeq);
        if (this.closed) return;
        let chunk = '';
        for (const { seq, event } of batch) {
          // An event the member may no longer see still moves their position, without data.
          chunk += event ? `id: ${seq}\ndata: ${JSON.stringify(event)}\n\n` : `id: ${seq}\n\n`;
          this.lastSeq = seq;
        }
        if (chunk) this.response.write(chunk);
        full = batch.length === BATCH;
      } while (full || this.again);
    } catch (error) {
      // A stream cut or closed while reading (shutdown) has nobody left to tell.
      if (!this.closed) console.error('Event stream:', error instanceof Error ? error.message : error);
      this.close();
    } finally {
      this.busy = false;
    }
  }

  write(text: string): void {
    if (!this.closed) this.response.write(text);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.response.end();
  }

  /** Test faults: cut the connection as a network would, without a clean end. */
  drop(): void {
    this.closed = true;
    this.response.socket?.destroy();
  }
}

/** Streams are keyed by space and member. */
function streamKey(space: string, memberId: string): string {
  return `${space}\u0000${memberId}`;
}

export class EventHub {
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs: number) {
    // A comment line now and then keeps proxies from closing an idle stream.
    this.heartbeat = setInterval(() => {
      for (const set of this.streams.values()) for (const stream of set) stream.write(': keep-alive\n\n');
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    let count = 0;
    for (const set of this.streams.values()) count += set.size;
    return count;
  }

  /** A NOTIFY payload: the space and the member ids with new events (all of the space's when absent). */
  notified(payload: string): void {
    let space: string | undefined;
    let ids: string[] | undefined;
    try {
      const parsed = JSON.parse(payload) as { space?: unknown; members?: unknown };
      if (typeof parsed.space === 'string') space = parsed.space;
      if (Array.isArray(parsed.members))
        ids = parsed.members.filter((id): id is string => typeof id === 'string');
    } catch {
      space = undefined;
    }
    if (space === undefined) return this.pumpAll();
    if (!ids) {
      for (const set of this.streams.values())
        for (const stream of set) if (stream.space === space) void stream.pump();
      return;
    }
    for (const id of ids)
      for (const stream of this.streams.get(streamKey(space, id)) ?? []) void stream.pump();
  }

  /** After a lost listener connection: notifications may have been missed, so look again. */
  pumpAll(): void {
    for (const set of this.streams.values()) for (const stream of set) void stream.pump();
  }

  async open(
    store: Store,
    memberId: string,
    lastEventId: string | undefined,
    expiresAt: number,
    response: ServerResponse,
  ): Promise<void> {
    const { current, resumableFrom } = await store.eventPosition(memberId);
    const asked =
      lastEventId !== undefined && /^\d{1,10}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    // An id from the future (the data was reset), or older than the events kept, cannot be
    // resumed without a gap: the stream starts now and says `reset`, and the client reloads.
    const resumable = asked !== undefined && asked <= current && asked >= resumableFrom;
    const start = resumable ? asked : current;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    const reset = lastEventId !== undefined && !resumable;
    response.write(`retry: 1000\n\nevent: ${reset ? 'reset' : 'ready'}\nid: ${start}\ndata: {}\n\n`);
    const stream = new Stream(memberId, start, response, store);
    const key = streamKey(store.space, memberId);
    const set = this.streams.get(key) ?? new Set<Stream>();
    set.add(stream);
    this.streams.set(key, set);
    // The token's end ends the stream; the client reconnects with a fresh token and resumes.
    const expiry = setTimeout(
      () => stream.close(),
      Math.min(2 ** 31 - 1, Math.max(0, expiresAt * 1000 - Date.now())),
    );
    expiry.unref();
    response.on('close', () => {
      stream.closed = true;
      clearTimeout(expiry);
      set.delete(stream);
      if (set.size === 0 && this.streams.get(key) === set) this.streams.delete(key);
    });
    await stream.pump();
  }

  /** Test faults: cut the streams of one space, or all of them. */
  dropAll(space?: string): void {
    for (const set of this.streams.values()) {
      for (const stream of set) if (space === undefined || stream.space === space) stream.drop();
    }
  }

  countIn(space: string): number {
    let count = 0;
    for (const set of this.streams.values())
      for (const stream of set) if (stream.space === space && !stream.closed) count++;
    return count;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.streams.values()) for (const stream of set) stream.close();
  }
}
