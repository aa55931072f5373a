/**
 * Collects the keys asked for in one turn of the event loop and loads them with one call; while
 * a call is under way, the keys asked meanwhile wait for it to end and go together in the next.
 * Under load the requests' member checks become one query per round trip instead of one per
 * turn (about one per request); a key is never answered by a call that started before it was
 * asked, so nothing is remembered.
 */
export class Batcher<K, V> {
  private pending = new Map<
    K,
    { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]
  >();
  private scheduled = false;
  private loading = false;

  constructor(private readonly loadAll: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(key, waiting);
      if (!this.scheduled && !this.loading) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.loading || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.loading = true;
    const done = (): void => {
      this.loading = false;
      this.flush();
    };
    this.loadAll([...batch.keys()]).then(
      (values) => {
        done();
        for (const [key, waiting] of batch) for (const { resolve } of waiting) resolve(values.get(key));
      },
      (error: unknown) => {
        done();
        for (const waiting of batch.values()) for (const { reject } of waiting) reject(error);
      },
    );
  }
}

/**
 * Group commit: work items submitted while a batch is being written wait and go together in the
 * next, so a burst of sends becomes a few transactions (one commit each) instead of one per
 * send, and a lone item goes at once. An item has two steps: `prepare` (reads that decide
 * nothing yet, e.g. the facts the rulebook judges a send on) and `write` (the transaction). Items
 * are prepared as they arrive, one preparation at a time over all those waiting, while the
 * batch before them is being written; each write then takes every item prepared so far (up to
 * `maxBatch`). A write's time is thus not the preparation's plus its own: the round trip of the
 * preparation overlaps the write before (a write waits only for a preparation under way, whose
 * items then join it). One write at a time: a batch costs the database a few
 * statements and plans whatever its size, so fewer, larger batches cost less per item. If a
 * preparation or a write of several fails, each of its items is done on its own with `alone`,
 * so one bad item fails only itself.
 */
export class GroupCommit<I, P, O> {
  private arrived: Waiting<I, O>[] = [];
  private prepared: (Waiting<I, O> & { prepared: P })[] = [];
  private preparing = false;
  private writing = false;
  /** Batches written and the items they carried (their ratio is the mean batch, for the metrics). */
  readonly figures = { runs: 0, items: 0 };

  constructor(
    private readonly steps: {
      /** What each item's write needs, read for many items at once, in their order. */
      readonly prepare: (items: I[]) => Promise<P[]>;
      /** Writes the items as one batch; answers in their order. */
      readonly write: (items: { item: I; prepared: P }[]) => Promise<O[]>;
      /** One item prepared and written on its own (after a batch of it failed). */
      readonly alone: (item: I) => Promise<O>;
    },
    private readonly maxBatch = 64,
    /** Told why a batch of several failed before its items are tried one by one (for the metrics). */
    private readonly onFallback: (error: unknown) => void = () => {},
    /**
     * Whether items are prepared while a batch is being written. Without, they wait for the
     * write to end and are then prepared and written together: for a database that runs one
     * statement at a time in this process (PGlite), where the two cannot overlap and each
     * preparation of a few items costs as much as one of many.
     */
    private readonly overlap = true,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.arrived.push({ item, resolve, reject });
      this.prepareNext();
    });
  }

  private prepareNext(): void {
    if (this.preparing || this.arrived.length === 0) return;
    if (!this.overlap && (this.writing || this.prepared.length > 0)) return;
    const group = this.arrived;
    this.arrived = [];
    this.preparing = true;
    this.steps.prepare(group.map((entry) => entry.item)).then(
      (prepared) => {
        group.forEach((entry, index) => this.prepared.push({ ...entry, prepared: prepared[index] }));
        this.preparing = false;
        this.writeNext();
        this.prepareNext();
      },
      (error: unknown) => {
        this.preparing = false;
        this.prepareNext();
        this.fallBack(group, error);
      },
    );
  }

  private writeNext(): void {
    if (this.writing || this.prepared.length === 0) return;
    // Items being prepared now are a round trip away from this batch: waiting for them makes
    // one larger batch instead of a second one right after (unless this one is already full).
    if (this.preparing && this.prepared.length < this.maxBatch) return;
    const batch = this.prepared.splice(0, this.maxBatch);
    this.writing = true;
    this.figures.runs++;
    this.figures.items += batch.length;
    this.steps.write(batch).then(
      (answers) => {
        this.writing = false;
        this.writeNext();
        this.prepareNext();
        batch.forEach((entry, index) => entry.resolve(answers[index]));
      },
      (error: unknown) => {
        this.writing = false;
        this.writeNext();
        this.prepareNext();
        this.fallBack(batch, error);
      },
    );
  }

  private fallBack(group: readonly Waiting<I, O>[], error: unknown): void {
    if (group.length > 1) this.onFallback(error);
    for (const entry of group) {
      this.steps.alone(entry.item).then(entry.resolve, entry.reject);
    }
  }
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}
