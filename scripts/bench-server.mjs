// `npm run bench:server`: figures for the reference server on this machine (a benchmark, not a
// test). For the embedded database (PGlite) and, when DATABASE_URL is set, PostgreSQL:
//   - sends per second and p50/p95/p99 latency of POST /v1/conversations/{id}/messages under
//     autocannon, over many conversations at once, every request with a fresh client id;
//   - time from a send to its event reaching 100 members listening on the event stream.
// Everything runs on 127.0.0.1, bounded in time, and every process it starts is stopped.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildServer } from '../server/build.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PAIRS = 50;
const LISTENERS = 100;
const FANOUT_ROUNDS = 20;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startServer(script, env) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
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

async function prepare(url, adminSecret) {
  const members = [];
  for (let i = 0; i < PAIRS * 2; i++) members.push({ id: `m${i}`, name: `Member ${i}` });
  for (let i = 0; i < LISTENERS; i++) members.push({ id: `l${i}`, name: `Listener ${i}` });
  const groups = [
    {
      id: 'crowd',
      name: 'Crowd',
      managers: ['l0'],
      members: members.filter((m) => m.id.startsWith('l') && m.id !== 'l0').map((m) => m.id),
    },
  ];
  await api(url, 'PUT', '/admin/v1/directory', adminSecret, { members, groups });
  const token = async (memberId) =>
    (await api(url, 'POST', '/admin/v1/tokens', adminSecret, { memberId, expiresIn: 3600 })).token;
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const sender = await token(`m${2 * i}`);
    const { conversation } = await api(url, 'POST', '/v1/conversations', sender, {
      recipients: [{ kind: 'member', id: `m${2 * i + 1}` }],
      body: 'Hello',
      clientId: randomUUID(),
    });
    pairs.push({ token: sender, conversationId: conversation.id });
  }
  const listenerTokens = [];
  for (let i = 0; i < LISTENERS; i++) listenerTokens.push(await token(`l${i}`));
  return { pairs, listenerTokens };
}

async function measureSends(url, pairs) {
  const latencies = [];
  let nextPair = 0;
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest(request, context) {
          // Each connection writes in its own conversation, as its own member.
          context.pair ??= pairs[nextPair++ % pairs.length];
          return {
            ...request,
            path: `/v1/conversations/${context.pair.conversationId}/messages`,
            headers: { authorization: `Bearer ${context.pair.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              body: 'A message of ordinary length for the benchmark.',
              clientId: randomUUID(),
            }),
          };
        },
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    sendsPerSecond: Math.round(result['2xx'] / result.duration),
    total2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/** Opens an SSE stream with fetch (as HttpAdapter does) and calls back with each message id heard. */
async function listen(url, token, onMessageId, signal) {
  const response = await fetch(new URL('/v1/events', url), {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let ready;
  const isReady = new Promise((resolve) => (ready = resolve));
  (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes('event: ready')) ready();
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) {
            const event = JSON.parse(data);
            if (event.message) onMessageId(event.message.id, performance.now());
          }
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  await isReady;
}

async function measureFanout(url, listenerTokens) {
  const controller = new AbortController();
  const waiting = new Map();
  await Promise.all(
    listenerTokens.map((token) => listen(url, token, (id, at) => waiting.get(id)?.(at), controller.signal)),
  );
  const sender = listenerTokens[0];
  const first = await api(url, 'POST', '/v1/conversations', sender, {
    recipients: [{ kind: 'group', id: 'crowd' }],
    body: 'Hello crowd',
    clientId: randomUUID(),
    asGroup: undefined,
  });
  const conversationId = first.conversation.id;
  const lastArrivals = [];
  const medianArrivals = [];
  for (let round = 0; round < FANOUT_ROUNDS; round++) {
    // The id is known only from the answer, and events may arrive before it: collect by body.
    const body = `Round ${round} ${randomBytes(4).toString('hex')}`;
    const arrivals = [];
    let sentAt;
    let messageId;
    const early = [];
    const all = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`round ${round}: ${arrivals.length}/${LISTENERS} heard it`)),
        15_000,
      );
      const hear = (at) => {
        arrivals.push(at - sentAt);
        if (arrivals.length === LISTENERS) {
          clearTimeout(timer);
          resolve();
        }
      };
      waiting.set('pending', hear);
      waiting.set(body, hear);
    });
    sentAt = performance.now();
    const sending = api(url, 'POST', `/v1/conversations/${conversationId}/messages`, sender, {
      body,
      clientId: randomUUID(),
    });
    // Events name the message id: route them to this round once the answer gives it.
    const originalGet = waiting.get.bind(waiting);
    waiting.get = (id) =>
      messageId === undefined ? (at) => early.push(at) : id === messageId ? originalGet(body) : undefined;
    const message = await sending;
    messageId = message.id;
    for (const at of early.splice(0)) originalGet(body)(at);
    await all;
    waiting.get = originalGet;
    waiting.clear();
    arrivals.sort((a, b) => a - b);
    medianArrivals.push(percentile(arrivals, 50));
    lastArrivals.push(arrivals[arrivals.length - 1]);
  }
  controller.abort();
  lastArrivals.sort((a, b) => a - b);
  medianArrivals.sort((a, b) => a - b);
  return {
    listeners: LISTENERS,
    rounds: FANOUT_ROUNDS,
    medianOfMedianMs: Math.round(percentile(medianArrivals, 50) * 10) / 10,
    medianAllReachedMs: Math.round(percentile(lastArrivals, 50) * 10) / 10,
    p95AllReachedMs: Math.round(percentile(lastArrivals, 95) * 10) / 10,
  };
}

async function runBackend(script, name) {
  const adminSecret = randomBytes(24).toString('base64url');
  const dataDir = name === 'pglite' ? mkdtempSync(join(tmpdir(), 'conv-bench-')) : undefined;
  const schema = `conv_bench_${randomBytes(4).toString('hex')}`;
  const server = await startServer(script, {
    CONV_PORT: '0',
    CONV_ADMIN_SECRET: adminSecret,
    CONV_JWT_SECRET: randomBytes(32).toString('base64url'),
    CONV_SENDS_PER_MINUTE: '1000000',
    CONV_CONVERSATIONS_PER_HOUR: '1000000',
    ...(name === 'pglite' ? { DATABASE_URL: '', CONV_DATA_DIR: dataDir } : { CONV_DB_SCHEMA: schema }),
  });
  try {
    const { pairs, listenerTokens } = await prepare(server.url, adminSecret);
    const sends = await measureSends(server.url, pairs);
    const fanout = await measureFanout(server.url, listenerTokens);
    return { backend: name, sends, fanout };
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (name === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

const script = await buildServer();
const backends = ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];
if (!process.env.DATABASE_URL) console.log('DATABASE_URL is not set: PostgreSQL is skipped.');
const results = [];
for (const backend of backends) {
  console.log(
    `\n▶ ${backend}: ${SECONDS} s of sends over ${CONNECTIONS} connections, then fan-out to ${LISTENERS} listeners`,
  );
  const result = await runBackend(script, backend);
  results.push(result);
  const { sends, fanout } = result;
  console.log(
    `  sends: ${sends.sendsPerSecond}/s (${sends.total2xx} stored, ${sends.non2xx} refused, ${sends.errors} errors); ` +
      `latency p50 ${sends.p50} ms, p95 ${sends.p95} ms, p99 ${sends.p99} ms`,
  );
  console.log(
    `  fan-out to ${fanout.listeners}: median listener ${fanout.medianOfMedianMs} ms, all ${fanout.listeners} reached in ` +
      `${fanout.medianAllReachedMs} ms (median of ${fanout.rounds} rounds), p95 ${fanout.p95AllReachedMs} ms`,
  );
}
mkdirSync('bench-results', { recursive: true });
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  seconds: SECONDS,
  connections: CONNECTIONS,
  results,
};
writeFileSync('bench-results/server.json', JSON.stringify(report, null, 2));
console.log('\nWritten to bench-results/server.json');
