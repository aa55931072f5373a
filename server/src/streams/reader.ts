/**
 * Reads for every stream woken at once. A message to a group of thousands wakes thousands of
 * streams in one turn of the event loop; reading each on its own would be thousands of
 * statements. They are gathered until the turn ends and read together, a chunk of streams per
 * statement (`EventLog.eventsFor`). A few chunks are read at a time, and the next begins as soon
 * as one's rows arrive, before that one's streams are written: the database reads the next chunk
 * while this process writes the last, and the first streams hear the news once their own chunk
 * is read, not once every chunk is (all at once, the chunks shared the database's cores and
 * came back together, and were then written one after the other).
 *
 * Per stream, at most one read is under way: a stream woken during its read gets one more after
 * it (the event that woke it may have committed after the read began), and a stream that got a
 * full read (`EVENTS_PER_READ`) reads on. A stream whose chunk waits for its turn is still
 * `queued`: its read has not begun, so it will see whatever woke it. So each member's events go
 * out in order, once each.
 */
import type { Store } from '../store.js';
import { EVENTS_PER_READ, type StoredEvent } from '../store/events.js';
import type { Stream } from './stream.js';

/** Streams read by one statement: enough to make a crowd a few statements, few enough to share the work. */
export const STREAMS_PER_READ = 500;

/** Chunks of one store read at once: the database works on one while this process writes another. */
export const READS_AT_ONCE = 2;

export class StreamReader {
  private queued = new Map<Store, Stream[]>();
  private scheduled = false;
  /** Per store, the chunks waiting for their turn and the number of reads under way. */
  private readonly turns = new Map<Store, { waiting: Stream[][]; reading: number }>();
  /** Who waits for a stream's next read to end (a stream's opening). */
  private readonly waiting = new Map<Stream, (() => void)[]>();

  /** Asks for a read of what is new for `stream`; `done` is called once that read has ended. */
  wake(stream: Stream, done?: () => void): void {
    if (done) {
      if (stream.closed) return done();
      const list = this.waiting.get(stream);
      if (list) list.push(done);
      else this.waiting.set(stream, [done]);
    }
    switch (stream.state) {
      case 'idle': {
        stream.state = 'queued';
        const list = this.queued.get(stream.store);
        if (list) list.push(stream);
        else this.queued.set(stream.store, [stream]);
        if (!this.scheduled) {
          this.scheduled = true;
          setImmediate(() => this.flush());
        }
        return;
      }
      case 'reading':
        stream.state = 'again';
        return;
      default:
        // Queued: its read has not begun, so it will see this too. Again or closed: nothing to add.
        return;
    }
  }

  private flush(): void {
    this.scheduled = false;
    const queued = this.queued;
    this.queued = new Map();
    for (const [store, streams] of queued) {
      let turn = this.turns.get(store);
      if (!turn) {
        turn = { waiting: [], reading: 0 };
        this.turns.set(store, turn);
      }
      for (let i = 0; i < streams.length; i += STREAMS_PER_READ)
        turn.waiting.push(streams.slice(i, i + STREAMS_PER_READ));
      this.next(store, turn);
    }
  }

  /** Starts the store's waiting chunks while fewer than `READS_AT_ONCE` are under way. */
  private next(store: Store, turn: { waiting: Stream[][]; reading: number }): void {
    while (turn.reading < READS_AT_ONCE) {
      const chunk = turn.waiting.shift();
      if (!chunk) break;
      // Streams closed while their chunk waited need no read.
      const open: Stream[] = [];
      for (const stream of chunk) {
        if (stream.closed) this.settle(stream);
        else open.push(stream);
      }
      if (open.length === 0) continue;
      turn.reading++;
      void this.read(store, open, () => {
        turn.reading--;
        this.next(store, turn);
      });
    }
    if (turn.reading === 0 && turn.waiting.length === 0) this.turns.delete(store);
  }

  private async read(store: Store, streams: readonly Stream[], read: () => void): Promise<void> {
    for (const stream of streams) {
      stream.state = 'reading';
      stream.reads++;
    }
    let answers: (StoredEvent[] | undefined)[] | undefined;
    try {
      answers = await store.eventsFor(
        streams.map((stream) => ({ memberId: stream.memberId, afterSeq: stream.lastSeq })),
      );
    } catch {
      answers = undefined;
    }
    // The next chunk's statement goes out before these streams are written.
    read();
    streams.forEach((stream, index) => {
      const events = answers?.[index];
      // The database failed the read (or is closing), or this member's part of it: the client
      // reconnects and resumes from its last id, with no gap.
      if (events === undefined) stream.close();
      else if (!stream.closed) {
        stream.send(events);
        const again = stream.state === 'again' || events.length === EVENTS_PER_READ;
        if (!stream.closed) stream.state = 'idle';
        if (again && !stream.closed) return this.wake(stream);
      }
      this.settle(stream);
    });
  }

  private settle(stream: Stream): void {
    const list = this.waiting.get(stream);
    if (!list) return;
    this.waiting.delete(stream);
    for (const done of list) done();
  }
}
