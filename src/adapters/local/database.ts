/**
 * One connection to one local database, shared by a `LocalBackend` and the adapters it makes:
 * opened on first use, given up when another tab needs to delete or upgrade the database (and
 * reopened on the next request), and the only place transactions are made.
 */
import { deleteDB, openDB } from 'idb';
import { isConvError, throwIfAborted, UnavailableError, type ConvError } from '../../core/errors.js';
import type { Policy } from '../../core/policy.js';
import {
  ALL_STORES,
  SCHEMA_VERSION,
  upgradeSchema,
  type LocalDatabaseConnection,
  type LocalSchema,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { DirectoryCache } from './views.js';

export class LocalDatabase {
  /** Names of members and groups, shared by every request on this connection (see `DirectoryCache`). */
  readonly directory = new DirectoryCache();
  private connection?: Promise<LocalDatabaseConnection>;
  private closed = false;

  constructor(
    readonly name: string,
    readonly policy: Policy,
  ) {}

  /** Runs `work` in a read-only transaction over every store. */
  async read<T>(signal: AbortSignal | undefined, work: (tx: ReadTx) => Promise<T>): Promise<T> {
    throwIfAborted(signal);
    const db = await this.open();
    throwIfAborted(signal);
    const tx = db.transaction(ALL_STORES, 'readonly');
    // An aborted or failed transaction rejects `done`; nobody else may be listening.
    tx.done.catch(() => undefined);
    return settleOrAbort(signal, work(tx));
  }

  /**
   * Runs `work` in one read-write transaction over every store, so that a request either stores
   * everything or nothing: when `work` throws (a refusal found half-way) or the signal aborts
   * before the commit, the transaction is rolled back. Write transactions over the same stores
   * run one at a time, in every tab, which is what makes the read-then-write checks safe.
   */
  async write<T>(signal: AbortSignal | undefined, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    throwIfAborted(signal);
    const db = await this.open();
    throwIfAborted(signal);
    const tx = db.transaction(ALL_STORES, 'readwrite');
    tx.done.catch(() => undefined);
    const rollback = (): void => {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted: nothing left to undo.
      }
    };
    signal?.addEventListener('abort', rollback, { once: true });
    try {
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        rollback();
        throw error;
      }
      await tx.done;
      return result;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw asConvError(error);
    } finally {
      signal?.removeEventListener('abort', rollback);
    }
  }

  /** Reserves a time for a change: now, but always later than the previous change in any tab. */
  async tick(tx: WriteTx): Promise<number> {
    const store = tx.objectStore('meta');
    const stored = (await store.get('clock'))?.value;
    const previous = typeof stored === 'number' ? stored : 0;
    const now = Math.max(Date.now(), previous + 1);
    await store.put({ key: 'clock', value: now });
    return now;
  }

  close(): void {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then(
      (db) => db.close(),
      () => undefined,
    );
  }

  async destroy(): Promise<void> {
    this.close();
    await deleteDB(this.name);
  }

  private open(): Promise<LocalDatabaseConnection> {
    if (this.closed) {
      return Promise.reject(new UnavailableError('This conversation store has been closed.'));
    }
    if (!this.connection) {
      const opening = openDB<LocalSchema>(this.name, SCHEMA_VERSION, {
        upgrade: (db, oldVersion, _newVersion, upgrade) => upgradeSchema(db, oldVersion, upgrade),
        // Another tab wants to delete or upgrade the database: let it, and reconnect on next use.
        blocking: () => {
          if (this.connection === opening) this.connection = undefined;
          void opening.then((db) => db.close());
        },
        terminated: () => {
          if (this.connection === opening) this.connection = undefined;
        },
      });
      this.connection = opening;
      opening.catch(() => {
        if (this.connection === opening) this.connection = undefined;
      });
    }
    return this.connection.catch((error: unknown) => {
      throw asConvError(error);
    });
  }
}

/** Storage failures (quota, a deleted database, a browser without IndexedDB) become `unavailable`. */
export function asConvError(error: unknown): ConvError {
  if (isConvError(error)) return error;
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new UnavailableError(`The local conversation store failed${detail}`);
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts. */
export function settleOrAbort<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  const guarded = work.catch((error: unknown) => {
    throw asConvError(error);
  });
  if (!signal) return guarded;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      guarded.catch(() => undefined);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    guarded.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
