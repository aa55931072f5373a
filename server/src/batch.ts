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
