/**
 * One small database interface over two drivers: PGlite (PostgreSQL in WebAssembly, embedded, the
 * zero-set-up default) and node-postgres for a real server. The SQL above it is the same for both;
 * only connections, transactions and notifications differ.
 */
import { PGlite } from '@electric-sql/pglite';
// PGlite ships PostgreSQL's contrib extensions as separate modules; search (migration 13) needs this one.
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';

export type SqlValue = string | number | boolean | null | readonly string[] | readonly number[];
export type Row = Record<string, unknown>;

/**
 * Now, in milliseconds since the epoch, on the database's clock: what every process on one
 * database agrees on (leases, job times, rate-limit windows), unlike each process's own clock.
 */
export const DB_NOW_MS = 'extract(epoch from clock_timestamp()) * 1000';

export interface Queryable {
  /**
   * With `name`, on PostgreSQL a prepared statement: parsed and planned once per connection
   * instead of on every call (for the statements of every request; `name` is unique to `sql`).
   */
  query<R extends Row = Row>(sql: string, params?: readonly SqlValue[], name?: string): Promise<R[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; a thrown error rolls it back. Retries serialization failures. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onMessage` for every NOTIFY on `channel`, from any process on this database. */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect: () => void): Promise<void>;
  close(): Promise<void>;
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = await PGlite.create(dataDir ? dataDir : 'memory://', { extensions: { unaccent } });
  return {
    kind: 'pglite',
    async query<R extends Row>(sql: string, params: readonly SqlValue[] = []) {
      const result = await db.query<R>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    // PGlite has one connection: its transaction() holds it, so transactions never interleave.
    transaction(work) {
      return db.transaction((tx) =>
        work({
          async query<R extends Row>(sql: string, params: readonly SqlValue[] = []) {
            return (await tx.query<R>(sql, params as unknown[])).rows;
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async listen(channel, onMessage) {
      await db.listen(channel, onMessage);
    },
    async close() {
      await db.close();
    },
  };
}

// node-postgres returns int8 as text to avoid precision loss; every int8 here (counts) is small.
pg.types.setTypeParser(20, (value: string) => Number(value));

export async function openPostgres(connectionString: string, schema: string | undefined): Promise<Database> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`CONV_DB_SCHEMA must be a lower-case SQL identifier, got ${schema}.`);
  }
  const options = schema ? `-c search_path=${schema}` : undefined;
  if (schema) {
    const setup = new pg.Client({ connectionString });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
  }
  // Commits wait for the WAL flush; concurrent commits share one flush, so more connections
  // mean more sends per flush.
  const pool = new pg.Pool({ connectionString, options, max: Number(process.env.CONV_DB_POOL_SIZE ?? 20) });
  // An idle client that loses its connection emits here; without a handler it would crash the process.
  pool.on('error', (error) => console.error('PostgreSQL pool:', error.message));
  // One connection per channel listened to; all are ended on close.
  const listeners = new Set<pg.Client>();
  let closed = false;

  const database: Database = {
    kind: 'postgres',
    async query<R extends Row>(sql: string, params: readonly SqlValue[] = [], name?: string) {
      return (await pool.query<R>({ text: sql, values: params as unknown[], name })).rows;
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await work({
            async query<R extends Row>(sql: string, params: readonly SqlValue[] = [], name?: string) {
              return (await client.query<R>({ text: sql, values: params as unknown[], name })).rows;
            },
            async exec(sql: string) {
              await client.query(sql);
            },
          });
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          // 40001 serialization failure, 40P01 deadlock: the same work may succeed on a retry.
          const code = (error as { code?: string }).code;
          if ((code === '40001' || code === '40P01') && attempt < 5) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    async listen(channel, onMessage, onReconnect) {
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString, options });
        client.on('notification', (message) => {
          if (message.channel === channel) onMessage(message.payload ?? '');
        });
        client.on('error', (error) => {
          console.error('PostgreSQL listener:', error.message);
          listeners.delete(client);
          client.end().catch(() => undefined);
          if (closed) return;
          // Notifications sent while disconnected are lost: the caller re-reads what it missed.
          const retry = (): void => {
            connect().then(onReconnect, () => setTimeout(retry, 1000).unref());
          };
          setTimeout(retry, 500).unref();
        });
        await client.connect();
        await client.query(`listen ${channel}`);
        listeners.add(client);
      };
      await connect();
    },
    async close() {
      closed = true;
      await Promise.all([...listeners].map((client) => client.end().catch(() => undefined)));
      await pool.end();
    },
  };
  return database;
}

/**
 * The same database, with every statement run against the tables of `schema`. Test servers keep
 * each test's data in its own schema this way, so many isolated backends share one database.
 */
export function inSchema(db: Database, schema: string): Database {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Not a schema name: ${schema}`);
  const set = `set local search_path to ${schema}`;
  return {
    kind: db.kind,
    listen: (channel, onMessage, onReconnect) => db.listen(channel, onMessage, onReconnect),
    close: () => db.close(),
    query: (sql, params, name) =>
      db.transaction(async (tx) => {
        await tx.query(set);
        return tx.query(sql, params, name);
      }),
    exec: (sql) =>
      db.transaction(async (tx) => {
        await tx.query(set);
        await tx.exec(sql);
      }),
    transaction: (work) =>
      db.transaction(async (tx) => {
        await tx.query(set);
        return work(tx);
      }),
  } as Database;
}
