/**
 * The smallest observable value the client needs: elements read `.value` and subscribe to
 * changes. Deliberately not a framework (no derived stores, no scheduling): a controller turns a
 * change into `requestUpdate()`, and Lit batches the rest.
 */

export interface ReadableStore<T> {
  /** The current value. Reading it never starts any work. */
  readonly value: T;
  /**
   * Calls `listener` with every later value (not the current one: read `.value` for that).
   * The first subscriber may start the work that fills the store. Returns the unsubscribe function.
   */
  subscribe(listener: (value: T) => void): () => void;
}

/** A store the client writes. `onFirstSubscribe` runs once, when the first listener arrives. */
export class WritableStore<T> implements ReadableStore<T> {
  #current: T;
  readonly #listeners = new Set<(value: T) => void>();
  #started = false;

  readonly #onFirstSubscribe: (() => void) | undefined;

  constructor(initial: T, onFirstSubscribe?: () => void) {
    this.#onFirstSubscribe = onFirstSubscribe;
    this.#current = initial;
  }

  get value(): T {
    return this.#current;
  }

  set(value: T): void {
    if (Object.is(value, this.#current)) return;
    this.#current = value;
    // A listener that unsubscribes another during the loop must not break iteration.
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One broken element must not stop the others from updating.
        console.error(error);
      }
    }
  }

  /** Whether anyone listens now: work that only keeps a shown value fresh can skip otherwise. */
  get observed(): boolean {
    return this.#listeners.size > 0;
  }

  update(change: (value: T) => T): void {
    this.set(change(this.#current));
  }

  subscribe(listener: (value: T) => void): () => void {
    // Wrap so that the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T) => listener(value);
    this.#listeners.add(entry);
    if (!this.#started && this.#onFirstSubscribe) {
      this.#started = true;
      this.#onFirstSubscribe();
    }
    return () => {
      this.#listeners.delete(entry);
    };
  }
}
