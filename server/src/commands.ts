/**
 * The server's commands besides serving: `import <file.ndjson>` and `import-decidim <source>`.
 * Both write to the database the server uses (the same `DATABASE_URL` / `CONV_DB_SCHEMA` or
 * `CONV_DATA_DIR`), applying its migrations first, and print their progress on standard error.
 * PGlite holds its folder for one process: stop the server first, or give `import` the
 * running server's address (`--server`), and it sends the file to `POST /admin/v1/import`.
 */
import { createReadStream } from 'node:fs';
import type { Policy } from '../../src/core/index.js';
import { policyFromEnv } from './config.js';
import { openPglite, openPostgres, type Database } from './db.js';
import { importDecidim } from './import/decidim-move.js';
import { Importer, type ImportCounts, type ImportSummary } from './import/importer.js';
import { importOverHttp } from './import/over-http.js';
import { migrate } from './migrations.js';

type Env = Record<string, string | undefined>;

const USAGE = `Usage:
  node dist/main.mjs import <file.ndjson> [--server <url of a running server>]
  node dist/main.mjs import-decidim <postgresql://… of the Decidim database> [--organization <id>]
With the server's DATABASE_URL (and CONV_DB_SCHEMA), or CONV_DATA_DIR for PGlite; with --server,
through that server's admin API (CONV_ADMIN_SECRET).`;

/** Prints progress at most once a second, and the figures at the end. */
export function progressPrinter(out: NodeJS.WritableStream = process.stderr) {
  const started = Date.now();
  let shown = started;
  const line = (counts: ImportCounts) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return (
      `${counts.lines.toLocaleString('en')} lines: ${counts.conversations.toLocaleString('en')} conversations, ` +
      `${counts.messages.toLocaleString('en')} messages, ${counts.reads.toLocaleString('en')} read markers, ` +
      `${counts.existing.toLocaleString('en')} already there, ${counts.refused.toLocaleString('en')} refused ` +
      `(${Math.round(counts.lines / seconds).toLocaleString('en')} lines/s)`
    );
  };
  return {
    progress(counts: ImportCounts) {
      if (Date.now() - shown < 1000) return;
      shown = Date.now();
      out.write(`${line(counts)}\n`);
    },
    done(summary: ImportSummary) {
      // The process's peak resident memory: what an operator sizes the machine by.
      const peak = Math.round(process.resourceUsage().maxRSS / 1024);
      out.write(
        `Done: ${line(summary)}, in ${((Date.now() - started) / 1000).toFixed(1)} s, peak memory ${peak} MiB\n`,
      );
      for (const refusal of summary.refusals.slice(0, 50)) {
        out.write(`  line ${refusal.line}: ${refusal.reason ?? refusal.code}: ${refusal.message}\n`);
      }
      if (summary.refused > 50)
        out.write(`  … and ${(summary.refused - 50).toLocaleString('en')} more refused\n`);
    },
  };
}

export async function openTarget(env: Env): Promise<Database> {
  const db = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, env.CONV_DB_SCHEMA || undefined)
    : await openPglite(env.CONV_DATA_DIR);
  await migrate(db);
  return db;
}

/** Runs a command; resolves with the process's exit code (0 all imported, 1 some refused, 2 cannot run). */
export async function runCommand(args: readonly string[], env: Env): Promise<number> {
  const [command, source, ...rest] = args;
  if (!source || (command !== 'import' && command !== 'import-decidim')) {
    console.error(USAGE);
    return 2;
  }
  const server = rest.indexOf('--server');
  if (command === 'import' && server !== -1) {
    const url = rest[server + 1];
    if (!url || !env.CONV_ADMIN_SECRET) {
      console.error("--server needs the server's address, and CONV_ADMIN_SECRET its admin secret.");
      return 2;
    }
    try {
      const printer = progressPrinter();
      const summary = await importOverHttp(
        createReadStream(source),
        url,
        env.CONV_ADMIN_SECRET,
        printer.progress,
      );
      printer.done(summary);
      return summary.refused > 0 ? 1 : 0;
    } catch (error) {
      console.error(`Cannot import: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  if (!env.DATABASE_URL && !env.CONV_DATA_DIR) {
    console.error('Set DATABASE_URL or CONV_DATA_DIR: an import into an in-memory database would be lost.');
    return 2;
  }
  const policy = policyFromEnv(env);
  const db = await openTarget(env);
  try {
    return await run(db, policy, command, source, rest);
  } catch (error) {
    // What the operator must change (a source that cannot be read, an organization to name).
    console.error(`Cannot import: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await db.close();
  }
}

async function run(
  db: Database,
  policy: Policy,
  command: string,
  source: string,
  rest: readonly string[],
): Promise<number> {
  const printer = progressPrinter();
  let summary: ImportSummary;
  if (command === 'import') {
    summary = await Importer.fromNdjson(db, policy, createReadStream(source), printer.progress);
  } else {
    const at = rest.indexOf('--organization');
    const organization = at === -1 ? undefined : Number(rest[at + 1]);
    summary = await importDecidim(db, policy, source, {
      organization,
      onProgress: printer.progress,
      log: (text) => process.stderr.write(`${text}\n`),
    });
  }
  printer.done(summary);
  return summary.refused > 0 ? 1 : 0;
}
