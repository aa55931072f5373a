/**
 * One open event stream: its member's position, its response and its deadline, nothing more
 * (thousands stay open on one process). What it sends is read for it by the `StreamReader`,
 * together with every other stream woken at the same time.
 */
import type { ServerResponse } from 'node:http';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Store } from '../store.js';
import type { StoredEvent } from '../store/events.js';

/** Bytes written and not yet taken by the client, past which the stream is cut. */
export const MAX_BUFFERED = 256 * 1024;

/** A stream's lease: its place in the member's limit, held until `release` (idempotent). */
export interface Admission {
  readonly id: string;
  release(): void;
}

/**
 * Where a stream is with its reads: `queued` waits for the next read, `reading` has one under
 * way, `again` was woken during it (new events may have come after the read began: one more).
 */
export type ReadState = 'idle' | 'queued' | 'reading' | 'again' | 'closed';

/**
 * Event data as JSON, built once per event object: members who see the same thing share one
 * event object (`EventLog.eventsFor`), so a message to five thousand is stringified once, not five
 * thousand times. Entries go with their events.
 */
const dataOf = new WeakMap<AdapterEvent, string>();

function json(event: AdapterEvent): string {
  let data = dataOf.get(event);
  if (data === undefined) {
    data = JSON.stringify(event);
    dataOf.set(event, data);
  }
  return data;
}

export class Stream {
  state: ReadState = 'idle';
  /** Reads begun for it, its opening's included (the test routes show that only recipients read). */
  reads = 0;

  constructor(
    readonly memberId: string,
    /** The last event id sent: the next read starts after it. */
    private position: number,
    private readonly response: ServerResponse,
    readonly store: Store,
    /** Milliseconds since the epoch when the token ends and with it the stream. */
    readonly expiresAtMs: number,
    /** The stream's place among the member's open streams on every process (`stream-leases.ts`). */
    readonly lease: Admission,
  ) {}

  get lastSeq(): number {
    return this.position;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Sends the events of one read, in order, and moves the position past them. */
  send(events: readonly StoredEvent[]): void {
    let chunk = '';
    for (const { seq, event } of events) {
      // An event the member may no longer see still moves their position, without data.
      chunk += event ? `id: ${seq}\ndata: ${json(event)}\n\n` : `id: ${seq}\n\n`;
      this.position = seq;
    }
    if (chunk) this.write(chunk);
  }

  write(text: string): void {
    if (this.closed) return;
    this.response.write(text);
    if (this.response.writableLength > MAX_BUFFERED) this.drop();
  }

  close(): void {
    if (this.closed) return;
    this.state = 'closed';
    this.response.end();
  }

  /** Cut the connection as a network would, without a clean end (the client resumes). */
  drop(): void {
    this.state = 'closed';
    this.response.socket?.destroy();
  }

  /** The response closed (by the client, a cut or `close()`). */
  ended(): void {
    this.state = 'closed';
  }
}
