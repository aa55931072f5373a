/**
 * Live events as server-sent events. Each member has one ordered stream of event ids (see
 * `Store.addEvents`); a connection sends everything after its starting id and then whatever the
 * database announces with NOTIFY, from this process or any other on the same database. A client
 * that reconnects with `Last-Event-ID` gets every event it missed, once.
 *
 * Thousands of streams stay open on one process, so a stream holds only what it needs: its
 * position, its response and its deadline (`streams/stream.ts`). Deadlines and keep-alives are
 * kept by two timers for all streams, not one per stream; a client that stops reading is cut once
 * a bounded amount waits for it (it resumes from its last id), so a slow reader cannot grow the
 * server's memory. The streams a notification wakes are read together (`streams/reader.ts`).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { RateLimitedError } from '../../src/core/index.js';
import type { AdapterEvent } from '../../src/adapter/events.js';
import type { Store } from './store.js';
import { STREAM_LEASE_MS, endStreamLease, leaseStream, renewStreamLeases } from './store/stream-leases.js';
import { StreamReader } from './streams/reader.js';
import { Stream, type Admission } from './streams/stream.js';

export type { Admission } from './streams/stream.js';

const EXPIRY_SWEEP_MS = 1000;

/** Streams are keyed by space and member. */
function streamKey(space: string, memberId: string): string {
  return `${space}\u0000${memberId}`;
}

export interface StreamStart {
  /** The member's event id the stream starts after. */
  readonly seq: number;
  /** The id asked for could not be resumed: the client must reload. */
  readonly reset: boolean;
}

export class EventHub {
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly reader = new StreamReader();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly expiry: NodeJS.Timeout;
  private readonly renewal: NodeJS.Timeout;

  constructor(
    heartbeatMs: number,
    private readonly maxPerMember = Infinity,
  ) {
    // A comment line now and then keeps proxies from closing an idle stream.
    this.heartbeat = setInterval(() => this.each((stream) => stream.write(': keep-alive\n\n')), heartbeatMs);
    this.heartbeat.unref();
    // The token's end ends the stream; the client reconnects with a fresh token and resumes.
    this.expiry = setInterval(() => {
      const now = Date.now();
      this.each((stream) => {
        if (stream.expiresAtMs <= now) stream.close();
      });
    }, EXPIRY_SWEEP_MS);
    this.expiry.unref();
    // The open streams' leases, renewed well before they run out: one statement per space.
    this.renewal = setInterval(() => {
      const bySpace = new Map<Store, string[]>();
      this.each((stream) => {
        if (stream.closed) return;
        const ids = bySpace.get(stream.store);
        if (ids) ids.push(stream.lease.id);
        else bySpace.set(stream.store, [stream.lease.id]);
      });
      for (const [store, ids] of bySpace) renewStreamLeases(store.db, ids).catch(() => undefined);
    }, STREAM_LEASE_MS / 3);
    this.renewal.unref();
  }

  private each(visit: (stream: Stream) => void): void {
    for (const set of this.streams.values()) for (const stream of set) visit(stream);
  }

  get size(): number {
    let count = 0;
    for (const set of this.streams.values()) count += set.size;
    return count;
  }

  /**
   * Admits one more stream for a member, or refuses it past the limit (429: the client retries
   * later), counting the member's open streams on every process on the database. The admission
   * is the stream's lease: `open` keeps it until the stream closes; release it if it never opens.
   */
  async admit(store: Store, memberId: string): Promise<Admission> {
    const id = await leaseStream(store.db, memberId, this.maxPerMember);
    if (id === undefined) {
      throw new RateLimitedError(
        5000,
        `At most ${this.maxPerMember} event streams may be open for one member; close one first.`,
      );
    }
    let held = true;
    return {
      id,
      release: () => {
        if (!held) return;
        held = false;
        // Not ended (the database is gone, say): the lease runs out on its own.
        endStreamLease(store.db, id).catch(() => undefined);
      },
    };
  }

  /**
   * A NOTIFY payload: the space and the member ids with new events (`conv_notify_members`, one
   * notification per chunk of members), or the space alone, when every stream of it looks.
   */
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
      // A payload that would not fit named no one (migration 18; before it, any crowd of more
      // than about 800): every stream of the space looks (those with nothing new cost one index
      // probe in a shared statement).
      this.each((stream) => {
        if (stream.store.space === space) this.reader.wake(stream);
      });
      return;
    }
    for (const id of ids)
      for (const stream of this.streams.get(streamKey(space, id)) ?? []) this.reader.wake(stream);
  }

  /**
   * An event that is not stored (S28 typing): written now to the open streams of these members
   * in this process, without an id, so a reconnecting client never gets it again.
   */
  ephemeral(space: string, memberIds: readonly string[], event: AdapterEvent): void {
    const chunk = `data: ${JSON.stringify(event)}\n\n`;
    for (const id of memberIds)
      for (const stream of this.streams.get(streamKey(space, id)) ?? []) stream.write(chunk);
  }

  /** After a lost listener connection: notifications may have been missed, so look again. */
  pumpAll(): void {
    this.each((stream) => this.reader.wake(stream));
  }

  /**
   * Where a stream starts. An id from the future (the data was reset), or older than the events
   * kept, cannot be resumed without a gap: the stream starts now and says `reset`, and the
   * client reloads.
   */
  async startOf(store: Store, memberId: string, lastEventId: string | undefined): Promise<StreamStart> {
    const { current, resumableFrom } = await store.eventPosition(memberId);
    const asked =
      lastEventId !== undefined && /^\d{1,10}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    const resumable = asked !== undefined && asked <= current && asked >= resumableFrom;
    return { seq: resumable ? asked : current, reset: lastEventId !== undefined && !resumable };
  }

  /** Opens an admitted stream on `response` from `start`, until the token's end (`expiresAt`, seconds). */
  open(
    admission: Admission,
    store: Store,
    memberId: string,
    start: StreamStart,
    expiresAt: number,
    response: ServerResponse,
    headers: OutgoingHttpHeaders = {},
  ): Promise<void> {
    // The idle-socket timeout is for requests; a stream is kept alive by its keep-alives.
    response.socket?.setTimeout(0);
    response.socket?.setNoDelay(true);
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    response.write(
      `retry: 1000\n\nevent: ${start.reset ? 'reset' : 'ready'}\nid: ${start.seq}\ndata: {}\n\n`,
    );
    const stream = new Stream(memberId, start.seq, response, store, expiresAt * 1000, admission);
    const key = streamKey(store.space, memberId);
    const set = this.streams.get(key) ?? new Set<Stream>();
    set.add(stream);
    this.streams.set(key, set);
    response.once('close', () => {
      stream.ended();
      admission.release();
      set.delete(stream);
      if (set.size === 0 && this.streams.get(key) === set) this.streams.delete(key);
    });
    return new Promise((resolve) => this.reader.wake(stream, resolve));
  }

  /** Test faults: cut the streams of one space, or all of them. */
  dropAll(space?: string): void {
    this.each((stream) => {
      if (space === undefined || stream.store.space === space) stream.drop();
    });
  }

  countIn(space: string): number {
    let count = 0;
    this.each((stream) => {
      if (stream.store.space === space && !stream.closed) count++;
    });
    return count;
  }

  /** Test routes: the reads each open stream of a space has had, by member (summed over their streams). */
  readsIn(space: string): Record<string, number> {
    const reads: Record<string, number> = {};
    this.each((stream) => {
      if (stream.store.space === space && !stream.closed)
        reads[stream.memberId] = (reads[stream.memberId] ?? 0) + stream.reads;
    });
    return reads;
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.expiry);
    clearInterval(this.renewal);
    this.each((stream) => stream.close());
  }
}
