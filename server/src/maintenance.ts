/**
 * Autovacuum's work, where no autovacuum runs. PGlite is PostgreSQL in single-user mode, and
 * single-user mode never starts the autovacuum launcher (its `autovacuum` setting reads `on`
 * regardless: 20,000 rows inserted were still unanalyzed 75 s later). Without it:
 * - no table is ever analyzed: the planner works from guesses about every table's size forever.
 *   On PostgreSQL the same state (a fresh schema before autovacuum's first round) left each of a
 *   send's statements with a plan made for empty tables, a scan of every message, and fewer than
 *   half the sends a second; PGlite at ten thousand messages did not show it, but nothing keeps
 *   its plans right as a history grows;
 * - the row versions left by updates (a member's event counter, a conversation's activity, at
 *   every send) are never reclaimed, and tables and indexes only grow.
 *
 * So on PGlite the server does what autovacuum would, with its rules: every `intervalMs` (its
 * naptime), each table past autovacuum's thresholds (read from the same settings) is vacuumed
 * and analyzed, or analyzed; a table never analyzed that holds rows is analyzed (statistics of
 * a data directory opened after an unclean stop may be gone). PostgreSQL's autovacuum does this
 * itself, so there this does nothing.
 */
import type { Database } from './db.js';

export interface MaintenanceFigures {
  /** Passes that looked at the tables. */
  passes: number;
  /** Tables vacuumed (and analyzed with it), and tables analyzed alone, since the start. */
  vacuumed: number;
  analyzed: number;
}

/** Which tables need what, by autovacuum's formulas (PostgreSQL's `relation_needs_vacanalyze`). */
const TABLES_DUE = `
  select quote_ident(s.schemaname) || '.' || quote_ident(s.relname) as name,
         s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
                        + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0)
         or s.n_ins_since_vacuum > current_setting('autovacuum_vacuum_insert_threshold')::float8
                        + current_setting('autovacuum_vacuum_insert_scale_factor')::float8 * greatest(c.reltuples, 0)
           as vacuum,
         s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                        + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
         or (c.reltuples < 0 and pg_relation_size(c.oid) > 0) as analyze
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
   order by s.schemaname, s.relname`;

/**
 * One pass: vacuums and analyzes the tables due, one statement each (VACUUM cannot run in a
 * transaction, and one table at a time lets requests in between on PGlite's one connection).
 */
export async function maintainTables(db: Database, figures?: MaintenanceFigures): Promise<void> {
  const due = await db.query<{ name: string; vacuum: boolean; analyze: boolean }>(TABLES_DUE);
  for (const { name, vacuum, analyze } of due) {
    if (vacuum) {
      await db.exec(`vacuum (analyze) ${name}`);
      if (figures) figures.vacuumed++;
    } else if (analyze) {
      await db.exec(`analyze ${name}`);
      if (figures) figures.analyzed++;
    }
  }
  if (figures) figures.passes++;
}

/**
 * Runs `maintainTables` now and every `intervalMs` on PGlite (nothing on PostgreSQL), one pass
 * at a time; a pass that fails is reported and the next is tried at its time.
 */
export class Maintenance {
  readonly figures: MaintenanceFigures = { passes: 0, vacuumed: 0, analyzed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): this {
    if (this.db.kind !== 'pglite' || this.timer) return this;
    this.timer = setInterval(() => this.pass(), this.intervalMs);
    this.timer.unref();
    this.pass();
    return this;
  }

  /** Stops the passes; resolves once one under way has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private pass(): void {
    if (this.running) return;
    this.running = maintainTables(this.db, this.figures)
      .catch(this.onError)
      .finally(() => (this.running = undefined));
  }
}
