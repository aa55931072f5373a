// `npm run bench:server`: figures for the reference server on this machine (a benchmark, not a
// test), side by side with a floor measured in the same run:
//   - the floor (scripts/bench-floor.mjs: node:http + pg, one committed row per request, pool of
//     20), the reference server on PostgreSQL and on PGlite: sends per second and p50/p95/p99
//     under autocannon (20 connections, 10 s after 3 s of the same load uncounted, a fresh
//     client id per request), and the ratio;
//   - fan-out: N open event streams (Node clients) on one server process, one message to a group
//     holding all of them: server memory per open stream and time until each stream hears it.
// Without DATABASE_URL only PGlite runs (no floor). Everything runs on 127.0.0.1, bounded in
// time, and every process it starts is stopped. BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS and
// BENCH_FANOUT (e.g. "1000,5000", or "" to skip) change the sizes; BENCH_PGLITE=0 skips PGlite;
// BENCH_SENDS=0 skips the sends (floor, PostgreSQL, PGlite): the fan-out alone, as in
// `BENCH_SENDS=0 BENCH_FANOUT=5000 npm run bench:server`. BENCH_SERVER_ARGS are Node arguments
// for every server process it starts (e.g. "--cpu-prof --cpu-prof-dir=bench-results/prof");
// BENCH_SERVER_SCRIPT runs a server bundle built before (server/dist/*.mjs) instead of building one.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { buildServer } from '../server/build.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Seconds of the same load before each measured run, not counted: a process just started spends
// much of its first seconds compiling its hot paths (V8's optimizing compiler took about a third
// of the server's CPU in a 10 s run from cold), which is not what a running server costs.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const FANOUT = (process.env.BENCH_FANOUT ?? '1000,5000').split(',').filter(Boolean).map(Number);
const FANOUT_ROUNDS = 5;
const PAIRS = 50;
const POSTGRES = Boolean(process.env.DATABASE_URL);
// BENCH_PGLITE=0 leaves PGlite out (a quicker run while working on PostgreSQL figures).
const PGLITE = process.env.BENCH_PGLITE !== '0';
const SENDS = process.env.BENCH_SENDS !== '0';
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function start(script, env, pattern = /listening on (http:\/\/\S+)/) {
  const child = spawn(process.execPath, [...SERVER_ARGS, script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.setEncoding('utf8');
    const onData = (text) => {
      output += text;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        // From here on the output (a server's two log lines per request) is read and dropped:
        // kept and searched again at every chunk, it cost this process, which also drives the
        // load, more CPU per send than the server spent (the string grew by every line).
        child.stdout.off('data', onData);
        child.stdout.resume();
        output = '';
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return url.then((found) => ({ url: found, pid: child.pid, stop }));
}

/**
 * CPU time a process has used, in milliseconds (user and system, from /proc: Linux). On two
 * shared cores the throughput of a run depends on what else runs; the CPU a send costs the
 * server process much less so, which makes it the figure to compare between runs.
 */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second here).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `DATABASE_URL` with its connections named `name`, so that the bench can find their backends. */
function namedDatabaseUrl(name) {
  const url = new URL(process.env.DATABASE_URL);
  url.searchParams.set('application_name', name);
  return url.toString();
}

/**
 * CPU time of the PostgreSQL backends serving connections named `name` (the database runs on
 * this machine; a backend's process is readable by root), in milliseconds; 0 without DATABASE_URL.
 */
async function databaseCpuMs(name) {
  if (!POSTGRES || !name) return 0;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query('select pid from pg_stat_activity where application_name = $1', [
      name,
    ]);
    let sum = 0;
    for (const { pid } of rows) {
      try {
        sum += cpuMs(pid);
      } catch {
        // Not readable (not root, or gone): counted as nothing.
      }
    }
    return sum;
  } finally {
    await client.end();
  }
}

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

/**
 * Analyzes the schema's tables, as autovacuum does on a running database: it analyzes a table
 * once 50 rows and a tenth of it have changed, at its next round (each minute by default), and a
 * schema this bench made seconds ago has not had one. Its plans would be those made for empty
 * tables (a scan of every message in each of a send's statements), which no running portal
 * keeps: measured here, fewer than half the sends a second. PGlite has no autovacuum and the
 * server does it itself (server/src/maintenance.ts) every minute: during a run its tables are as
 * its first pass, at start, left them (at this size that made no difference measured here, and a
 * pass every 2 s cost more than it gave).
 */
async function analyzeSchema(schema) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`set search_path = ${schema}`);
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

async function dropSchema(schema) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

async function api(url, method, path, token, body) {
  const response = await fetch(new URL(path, url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * autocannon with a fresh client id per request; `target(context)` gives path and headers. The
 * warm-up (`WARMUP`) runs first, the same way; `beforeMeasuring` runs between the two.
 */
async function measureSends(url, target, { pid, databaseName }, beforeMeasuring = async () => {}) {
  if (WARMUP > 0) await sendLoad(url, target, WARMUP, () => {});
  await beforeMeasuring();
  const latencies = [];
  const cpuBefore = cpuMs(pid);
  const databaseBefore = await databaseCpuMs(databaseName);
  const result = await sendLoad(url, target, SECONDS, (status, responseTime) => {
    if (status < 300) latencies.push(responseTime);
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const databaseCpu = (await databaseCpuMs(databaseName)) - databaseBefore;
  latencies.sort((a, b) => a - b);
  const ms = (p) => Math.round(percentile(latencies, p) * 10) / 10;
  return {
    sendsPerSecond: Math.round(result['2xx'] / result.duration),
    total2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    // The server process's CPU per answered send (not the database's), in milliseconds.
    cpuMsPerSend: Math.round((cpu / Math.max(1, result['2xx'])) * 1000) / 1000,
    // And the database's: its backends serving that process (a backend closed during the run,
    // idle for the pool's 10 s, would be missed; under load none is).
    databaseCpuMsPerSend: databaseName
      ? Math.round((databaseCpu / Math.max(1, result['2xx'])) * 1000) / 1000
      : undefined,
  };
}

/** One autocannon run of `seconds`, telling `onResponse` each answer's status and time. */
function sendLoad(url, target, seconds, onResponse) {
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest(request, context) {
          const { path, headers } = target(context);
          return {
            ...request,
            path,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              body: 'A message of ordinary length for the benchmark.',
              clientId: randomUUID(),
            }),
          };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  return instance;
}

async function benchFloor() {
  const schema = `conv_floor_${randomBytes(4).toString('hex')}`;
  const floor = await start(new URL('./bench-floor.mjs', import.meta.url).pathname, {
    FLOOR_SCHEMA: schema,
    DATABASE_URL: namedDatabaseUrl(schema),
  });
  try {
    return await measureSends(floor.url, () => ({ path: '/send', headers: {} }), {
      pid: floor.pid,
      databaseName: schema,
    });
  } finally {
    await floor.stop();
    await dropSchema(schema);
  }
}

/** A reference-server process with its own data (a fresh schema, or a PGlite folder). */
async function referenceServer(script, backend, env = {}) {
  const adminSecret = randomBytes(24).toString('base64url');
  const jwtSecret = randomBytes(32).toString('base64url');
  const dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'conv-bench-')) : undefined;
  const schema = `conv_bench_${randomBytes(4).toString('hex')}`;
  const server = await start(script, {
    CONV_PORT: '0',
    CONV_ADMIN_SECRET: adminSecret,
    CONV_JWT_SECRET: jwtSecret,
    CONV_SENDS_PER_MINUTE: '1000000',
    CONV_CONVERSATIONS_PER_HOUR: '1000000',
    ...(backend === 'pglite'
      ? { DATABASE_URL: '', CONV_DATA_DIR: dataDir }
      : { CONV_DB_SCHEMA: schema, DATABASE_URL: namedDatabaseUrl(schema) }),
    ...env,
  });
  const key = new TextEncoder().encode(jwtSecret);
  return {
    ...server,
    databaseName: backend === 'postgres' ? schema : undefined,
    adminSecret,
    token: (memberId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(memberId)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(key),
    async stop() {
      await server.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (backend === 'postgres') await dropSchema(schema);
    },
  };
}

/**
 * The server's group commits from its `/metrics`: how many, the mean number of sends each
 * carried, and the batches it had to write again one by one, by reason.
 */
async function batchFigures(server) {
  const response = await fetch(new URL('/metrics', server.url), {
    headers: { authorization: `Bearer ${server.adminSecret}` },
  });
  const text = await response.text();
  const figure = (name) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  const fallbacks = {};
  for (const [, reason, count] of text.matchAll(
    /^conv_send_batch_fallbacks_total\{reason="([^"]+)"\} (\d+)/gm,
  ))
    fallbacks[reason] = Number(count);
  return {
    batches: figure('conv_send_batches_total'),
    sends: figure('conv_send_batched_sends_total'),
    fallbacks,
  };
}

/** The group commits of the measured run alone (the counters also hold the warm-up's). */
function batchFiguresSince(before, after) {
  const batches = after.batches - before.batches;
  const fallbacks = {};
  for (const [reason, count] of Object.entries(after.fallbacks))
    fallbacks[reason] = count - (before.fallbacks[reason] ?? 0);
  return { batches, meanBatch: Math.round(((after.sends - before.sends) / batches) * 10) / 10, fallbacks };
}

async function benchServer(script, backend) {
  const server = await referenceServer(script, backend);
  try {
    const members = [];
    for (let i = 0; i < PAIRS * 2; i++) members.push({ id: `m${i}`, name: `Member ${i}` });
    await api(server.url, 'PUT', '/admin/v1/directory', server.adminSecret, { members, groups: [] });
    const pairs = [];
    for (let i = 0; i < PAIRS; i++) {
      const token = await server.token(`m${2 * i}`);
      const { conversation } = await api(server.url, 'POST', '/v1/conversations', token, {
        recipients: [{ kind: 'member', id: `m${2 * i + 1}` }],
        body: 'Hello',
        clientId: randomUUID(),
      });
      pairs.push({ token, conversationId: conversation.id });
    }
    let next = 0;
    let before;
    // Each connection writes in its own conversation, as its own member.
    const sends = await measureSends(
      server.url,
      (context) => {
        context.pair ??= pairs[next++ % pairs.length];
        return {
          path: `/v1/conversations/${context.pair.conversationId}/messages`,
          headers: { authorization: `Bearer ${context.pair.token}` },
        };
      },
      server,
      async () => {
        // After the warm-up: the tables hold what a few seconds of sends wrote.
        if (server.databaseName) await analyzeSchema(server.databaseName);
        before = await batchFigures(server);
      },
    );
    return { ...sends, batchFigures: batchFiguresSince(before, await batchFigures(server)) };
  } finally {
    await server.stop();
  }
}

/** Opens one event stream (SSE over node:http); resolves once it is ready. */
function openStream(url, token, onText) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL('/v1/events', url), {
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    request.setTimeout(60_000, () => request.destroy(new Error('stream open timed out')));
    request.on('response', (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      response.setEncoding('utf8');
      let ready = false;
      response.on('data', (text) => {
        if (!ready && text.includes('event: ready')) {
          ready = true;
          request.setTimeout(0);
          resolve(request);
        }
        onText(text);
      });
      response.on('error', () => undefined);
    });
    request.on('error', reject);
    request.end();
  });
}

async function benchFanout(script, backend, count) {
  const server = await referenceServer(script, backend, { CONV_HEARTBEAT_MS: '15000' });
  const requests = [];
  try {
    const listeners = Array.from({ length: count }, (_, i) => ({ id: `l${i}`, name: `Listener ${i}` }));
    await api(server.url, 'PUT', '/admin/v1/directory', server.adminSecret, {
      members: [{ id: 'sender', name: 'Sender' }, ...listeners],
      groups: [{ id: 'crowd', name: 'Crowd', managers: [], members: listeners.map((m) => m.id) }],
    });
    const senderToken = await server.token('sender');
    const { conversation } = await api(server.url, 'POST', '/v1/conversations', senderToken, {
      recipients: [{ kind: 'group', id: 'crowd' }],
      body: 'Hello crowd',
      clientId: randomUUID(),
    });
    if (server.databaseName) await analyzeSchema(server.databaseName);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rssBytes(server.pid);
    let round = { marker: '\u0000', sentAt: 0, arrivals: [] };
    const heard = new Set();
    // Opened in waves, as a portal's members arrive: not one SYN storm.
    for (let i = 0; i < count; i += 250) {
      const wave = listeners.slice(i, i + 250);
      await Promise.all(
        wave.map(async (listener) => {
          const token = await server.token(listener.id);
          requests.push(
            await openStream(server.url, token, (text) => {
              if (text.includes(round.marker) && !heard.has(listener.id)) {
                heard.add(listener.id);
                round.arrivals.push(performance.now() - round.sentAt);
              }
            }),
          );
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = rssBytes(server.pid);
    const all = [];
    const allReached = [];
    // The send's own answer, part of every stream's time: what the streams' side is not.
    const sendAnswered = [];
    for (let r = 0; r < FANOUT_ROUNDS; r++) {
      heard.clear();
      round = {
        marker: `round-${r}-${randomBytes(6).toString('hex')}`,
        sentAt: performance.now(),
        arrivals: [],
      };
      await api(server.url, 'POST', `/v1/conversations/${conversation.id}/messages`, senderToken, {
        body: round.marker,
        clientId: randomUUID(),
      });
      sendAnswered.push(performance.now() - round.sentAt);
      const deadline = Date.now() + 30_000;
      while (round.arrivals.length < count && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      if (round.arrivals.length < count)
        throw new Error(`round ${r}: ${round.arrivals.length}/${count} heard it`);
      round.arrivals.sort((a, b) => a - b);
      all.push(...round.arrivals);
      allReached.push(round.arrivals[round.arrivals.length - 1]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    all.sort((a, b) => a - b);
    allReached.sort((a, b) => a - b);
    return {
      streams: count,
      rounds: FANOUT_ROUNDS,
      bytesPerStream: Math.round((after - before) / count),
      p50Ms: Math.round(percentile(all, 50)),
      p95Ms: Math.round(percentile(all, 95)),
      allReachedMedianMs: Math.round(percentile(allReached, 50)),
      sendAnsweredMedianMs: Math.round(
        percentile(
          sendAnswered.sort((a, b) => a - b),
          50,
        ),
      ),
    };
  } finally {
    for (const request of requests) request.destroy();
    await server.stop();
  }
}

// BENCH_SERVER_SCRIPT runs an already built server instead (before/after comparisons).
const script = process.env.BENCH_SERVER_SCRIPT || (await buildServer());
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  seconds: SECONDS,
  warmupSeconds: WARMUP,
  connections: CONNECTIONS,
  loadBefore: load(),
};
console.log(`load average before: ${report.loadBefore}`);
if (!POSTGRES) console.log('DATABASE_URL is not set: the floor and PostgreSQL are skipped.');
const rows = [];
const line = (name, sends) =>
  console.log(
    `  ${name}: ${sends.sendsPerSecond}/s (${sends.total2xx} stored, ${sends.non2xx} refused, ${sends.errors} errors); p50 ${sends.p50} ms, p95 ${sends.p95} ms, p99 ${sends.p99} ms; CPU a send: ${sends.cpuMsPerSend} ms in the server${sends.databaseCpuMsPerSend === undefined ? '' : `, ${sends.databaseCpuMsPerSend} ms in PostgreSQL`}` +
      (sends.batchFigures
        ? `; ${sends.batchFigures.batches} group commits of ${sends.batchFigures.meanBatch} sends on average, written again send by send: ${JSON.stringify(sends.batchFigures.fallbacks)}`
        : ''),
  );
if (SENDS && POSTGRES) {
  console.log(`\n▶ floor: ${SECONDS} s over ${CONNECTIONS} connections (after ${WARMUP} s of warm-up)`);
  const floor = await benchFloor();
  line('floor', floor);
  rows.push({ name: 'floor (node:http + pg, one row per request)', ...floor });
  console.log(`\n▶ reference server on PostgreSQL`);
  const postgres = await benchServer(script, 'postgres');
  line('postgres', postgres);
  rows.push({
    name: 'reference server, PostgreSQL',
    ...postgres,
    ratio: postgres.sendsPerSecond / floor.sendsPerSecond,
  });
}
if (SENDS && PGLITE) {
  console.log(`\n▶ reference server on PGlite`);
  const pglite = await benchServer(script, 'pglite');
  line('pglite', pglite);
  rows.push({
    name: 'reference server, PGlite',
    ...pglite,
    ...(POSTGRES ? { ratio: pglite.sendsPerSecond / rows[0].sendsPerSecond } : {}),
  });
}

const fanout = [];
for (const count of FANOUT) {
  const backend = POSTGRES ? 'postgres' : 'pglite';
  console.log(
    `\n▶ fan-out on ${backend}: ${count} open streams, ${FANOUT_ROUNDS} messages to a group holding all`,
  );
  const result = { backend, ...(await benchFanout(script, backend, count)) };
  fanout.push(result);
  console.log(
    `  ${count} streams: ${(result.bytesPerStream / 1024).toFixed(1)} kB per stream; reached p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, all reached (median) ${result.allReachedMedianMs} ms; the send answered (median) in ${result.sendAnsweredMedianMs} ms`,
  );
}
report.loadAfter = load();
console.log(`\nload average after: ${report.loadAfter}\n`);
if (rows.length) {
  console.log('| | sends/s | p50 | p99 | CPU a send: server + PostgreSQL | of the floor |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.sendsPerSecond} | ${row.p50} ms | ${row.p99} ms | ${row.cpuMsPerSend}${row.databaseCpuMsPerSend === undefined ? '' : ` + ${row.databaseCpuMsPerSend}`} ms | ${row.ratio === undefined ? '' : `${Math.round(row.ratio * 100)}%`} |`,
    );
  }
}
if (fanout.length) {
  console.log(
    '\n| open streams | memory per stream | reached p50 | reached p95 | all reached (median) | send answered (median) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of fanout) {
    console.log(
      `| ${row.streams} (${row.backend}) | ${(row.bytesPerStream / 1024).toFixed(1)} kB | ${row.p50Ms} ms | ${row.p95Ms} ms | ${row.allReachedMedianMs} ms | ${row.sendAnsweredMedianMs} ms |`,
    );
  }
}
mkdirSync('bench-results', { recursive: true });
// The fan-out alone does not overwrite a whole run's figures.
const resultFile = SENDS ? 'bench-results/server.json' : 'bench-results/server-fanout.json';
writeFileSync(resultFile, JSON.stringify({ ...report, sends: rows, fanout }, null, 2));
console.log(`\nWritten to ${resultFile}`);
