// `npm run bench:import`: figures for imports (S20) on this machine, a benchmark and not a test.
// Generates an NDJSON history (BENCH_IMPORT_MESSAGES messages, default 1,000,000, in
// BENCH_IMPORT_CONVERSATIONS conversations, default 10,000, between 2,000 members, each
// conversation's participants reading up to its end), then imports it with the server's
// `import` command into PostgreSQL (with DATABASE_URL) and into PGlite (a fresh folder), and
// prints messages per second and the command's peak memory. It also imports a file a fifth of
// that size: flat memory means the same peak for both. BENCH_PGLITE=0 leaves PGlite out.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { buildServer } from '../server/build.mjs';

const MESSAGES = Number(process.env.BENCH_IMPORT_MESSAGES ?? 1_000_000);
const CONVERSATIONS = Number(process.env.BENCH_IMPORT_CONVERSATIONS ?? 10_000);
const MEMBERS = 2000;
const POSTGRES = process.env.DATABASE_URL;
const PGLITE = process.env.BENCH_PGLITE !== '0';
const work = mkdtempSync(join(tmpdir(), 'conv-bench-import-'));

/** Writes the history, a line at a time, waiting when the file stream is full. */
async function generate(file, messages, conversations) {
  const out = createWriteStream(file);
  const write = async (record) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  const start = Date.UTC(2020, 0, 1);
  const pairOf = (c) => [`m${c % MEMBERS}`, `m${(c * 7 + 1) % MEMBERS}`];
  for (let c = 0; c < conversations; c++) {
    const [a, b] = pairOf(c);
    await write({
      type: 'conversation',
      externalId: `c${c}`,
      participants: [
        { kind: 'member', id: a },
        { kind: 'member', id: b === a ? `m${(c + 1) % MEMBERS}` : b },
      ],
      createdAt: start,
    });
  }
  // Interleaved across conversations, in the order sent, as a real portal's history is.
  for (let i = 0; i < messages; i++) {
    const c = i % conversations;
    const [a, b0] = pairOf(c);
    const b = b0 === a ? `m${(c + 1) % MEMBERS}` : b0;
    await write({
      type: 'message',
      externalId: `x${i}`,
      conversation: `c${c}`,
      author: i % 2 ? a : b,
      body: `Message ${i} of the benchmark: a sentence of ordinary length, as members write them.`,
      sentAt: start + i * 1000,
    });
  }
  const last = (c) => messages - conversations + c;
  for (let c = 0; c < conversations && last(c) >= 0; c++) {
    const [a] = pairOf(c);
    await write({ type: 'read', conversation: `c${c}`, member: a, upTo: `x${last(c)}` });
  }
  out.end();
  await once(out, 'finish');
}

/** Runs the server's command; resolves with its last line ("Done: …") and exit code. */
function run(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, CONV_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (text) => {
      output += text;
      process.stderr.write(`  ${text}`);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      resolve({ code, done: output.split('\n').find((l) => l.startsWith('Done:')) ?? '' }),
    );
  });
}

/** The directory: members m0…m1999, loaded as the portal would before importing. */
function directoryFile() {
  return join(work, 'directory.ndjson');
}

async function loadMembers(target) {
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ id: `m${i}`, name: `Member ${i}` }));
  if (target.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: POSTGRES, options: `-c search_path=${target.schema}` });
    await client.connect();
    await client.query(
      `insert into members (id, name, search_key) select id, name, lower(name) from json_to_recordset($1) as t(id text, name text)`,
      [JSON.stringify(members)],
    );
    await client.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(target.dir);
    await db.query(
      `insert into members (id, name, search_key) select id, name, lower(name) from json_to_recordset($1) as t(id text, name text)`,
      [JSON.stringify(members)],
    );
    await db.close();
  }
}

async function measure(script, target, file, messages) {
  const env =
    target.kind === 'postgres'
      ? { DATABASE_URL: POSTGRES, CONV_DB_SCHEMA: target.schema }
      : { DATABASE_URL: '', CONV_DATA_DIR: target.dir };
  // An empty import applies the migrations; then the directory; then the history.
  await run(script, ['import', directoryFile()], env);
  await loadMembers(target);
  const started = Date.now();
  const result = await run(script, ['import', file], env);
  const seconds = (Date.now() - started) / 1000;
  const peak = /peak memory (\d+) MiB/.exec(result.done)?.[1];
  return {
    seconds,
    perSecond: Math.round(messages / seconds),
    peak: Number(peak),
    code: result.code,
    done: result.done,
  };
}

async function dropSchema(schema) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

const script = await buildServer();
createWriteStream(directoryFile()).end();
const sizes = [
  { messages: Math.round(MESSAGES / 5), conversations: Math.max(1, Math.round(CONVERSATIONS / 5)) },
  { messages: MESSAGES, conversations: CONVERSATIONS },
];
const rows = [];
console.log(
  `load average before: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
try {
  for (const size of sizes) {
    const file = join(work, `history-${size.messages}.ndjson`);
    await generate(file, size.messages, size.conversations);
    const mib = (statSync(file).size / 1048576).toFixed(0);
    const targets = [
      ...(POSTGRES ? [{ kind: 'postgres', schema: `bench_import_${randomBytes(5).toString('hex')}` }] : []),
      ...(PGLITE ? [{ kind: 'pglite', dir: join(work, `pglite-${size.messages}`) }] : []),
    ];
    for (const target of targets) {
      console.log(`${target.kind}: ${size.messages.toLocaleString('en')} messages (${mib} MiB file)…`);
      try {
        const figures = await measure(script, target, file, size.messages);
        rows.push({ ...size, mib, kind: target.kind, ...figures });
      } finally {
        if (target.kind === 'postgres') await dropSchema(target.schema);
        else rmSync(target.dir, { recursive: true, force: true });
      }
    }
    rmSync(file, { force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `load average after: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}\n`,
);
console.log('| database | messages | conversations | file | time | messages/s | peak memory |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.kind} | ${row.messages.toLocaleString('en')} | ${row.conversations.toLocaleString('en')} | ${row.mib} MiB | ${row.seconds.toFixed(1)} s | ${row.perSecond.toLocaleString('en')} | ${row.peak} MiB |`,
  );
}
for (const row of rows)
  if (row.code !== 0) console.log(`${row.kind} ${row.messages}: exit ${row.code}: ${row.done}`);
