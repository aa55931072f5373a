/**
 * Collects the keys asked for in one turn of the event loop and loads them with one call. When a
 * message reaches a hundred listeners, their hundred streams ask for the same kind of data at
 * once: this makes that a handful of queries instead of several per listener.
 */
export class Batcher<K, V> {
  private pending = new Map<
    K,
    { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]
  >();
  private scheduled = false;

  constructor(private readonly loadAll: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(key, waiting);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    this.loadAll([...batch.keys()]).then(
      (values) => {
        for (const [key, waiting] of batch) for (const { resolve } of waiting) resolve(values.get(key));
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const { reject } of waiting) reject(error);
      },
    );
  }
}

/**
 * Group commit: work items submitted while `maxInFlight` runs are busy wait and go together in
 * the next run, so a burst of sends becomes a few transactions (one commit, one round trip each)
 * instead of one per send, and a lone send goes at once. `runMany` answers each item in order;
 * if it fails, each item of that run is tried on its own with `runOne`, so one bad item fails
 * only itself.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  /** Runs started and the items they carried (their ratio is the mean batch, for the metrics). */
  readonly figures = { runs: 0, items: 0 };

  constructor(
    private readonly runOne: (item: I) => Promise<O>,
    private readonly runMany: (items: I[]) => Promise<O[]>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 64,
    /** Told why a run of several failed before its items are tried one by one (for the metrics). */
    private readonly onFallback: (error: unknown) => void = () => {},
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight++;
    this.figures.runs++;
    this.figures.items += batch.length;
    this.run(batch).finally(() => {
      this.inFlight--;
      this.next();
    });
  }

  private async run(batch: GroupCommit<I, O>['queue']): Promise<void> {
    const one = async (entry: (typeof batch)[number]) => {
      try {
        entry.resolve(await this.runOne(entry.item));
      } catch (error) {
        entry.reject(error);
      }
    };
    if (batch.length === 1) return one(batch[0]);
    let answers: O[];
    try {
      answers = await this.runMany(batch.map((entry) => entry.item));
    } catch (error) {
      this.onFallback(error);
      await Promise.all(batch.map(one));
      return;
    }
    batch.forEach((entry, index) => entry.resolve(answers[index]));
  }
}
