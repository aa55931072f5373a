/**
 * Reads for every stream woken at once. A message to a group of thousands wakes thousands of
 * streams in one turn of the event loop; reading each on its own would be thousands of
 * statements. They are gathered until the turn ends and read together, a chunk of streams per
 * statement (`EventLog.eventsFor`); chunks run side by side on the pool's connections, so the
 * database works on them in parallel and the first chunks are written while the last are read.
 *
 * Per stream, at most one read is under way: a stream woken during its read gets one more after
 * it (the event that woke it may have committed after the read began), and a stream that got a
 * full read (`EVENTS_PER_READ`) reads on. So each member's events go out in order, once each.
 */
import type { Store } from '../store.js';
import { EVENTS_PER_READ, type StoredEvent } from '../store/events.js';
import type { Stream } from './stream.js';

/** Streams read by one statement: enough to make a crowd a few statements, few enough to share the work. */
export const STREAMS_PER_READ = 1000;

export class StreamReader {
  private queued = new Map<Store, Stream[]>();
  private scheduled = false;
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
      const open = streams.filter((stream) => !stream.closed);
      for (let i = 0; i < open.length; i += STREAMS_PER_READ)
        void this.read(store, open.slice(i, i + STREAMS_PER_READ));
    }
    for (const streams of queued.values())
      for (const stream of streams) if (stream.closed) this.settle(stream);
  }

  private async read(store: Store, streams: readonly Stream[]): Promise<void> {
    for (const stream of streams) stream.state = 'reading';
    let answers: (StoredEvent[] | undefined)[] | undefined;
    try {
      answers = await store.eventsFor(
        streams.map((stream) => ({ memberId: stream.memberId, afterSeq: stream.lastSeq })),
      );
    } catch {
      answers = undefined;
    }
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
