// Side by side: two or more server bundles (built before, e.g. with `node -e
// "import('./server/build.mjs').then((m) => m.buildServer())"` and copied aside) under the same
// load at the same time, each with its own schema and its own autocannon (20 connections, a fresh
// client id per request), so that the machine's load is the same for all of them; the way to
// compare two trees on cores that other work shares. Needs DATABASE_URL. Prints, per round
// (BENCH_ROUNDS, 2), each bundle's sends per second, p50 and p99, mean batch and server CPU a
// send, after 3 s of uncounted load; BENCH_SECONDS (10) measured. BENCH_PGLITE=1: on PGlite.
//   DATABASE_URL=… node scripts/bench-side-by-side.mjs server/dist/a.mjs server/dist/b.mjs
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import pg from 'pg';
const scripts = process.argv.slice(2).map((script) => resolve(script));
// BENCH_PGLITE=1: each server on PGlite in a folder of its own instead (no DATABASE_URL needed).
const PGLITE = process.env.BENCH_PGLITE === '1';
if ((!PGLITE && !process.env.DATABASE_URL) || scripts.length === 0) {
  throw new Error('Usage: DATABASE_URL=… node scripts/bench-side-by-side.mjs <bundle> <bundle>…');
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
async function start(script) {
  const jwtSecret = randomBytes(32).toString('base64url'),
    admin = randomBytes(24).toString('base64url');
  const schema = `conv_sxs_${randomBytes(4).toString('hex')}`;
  const dataDir = PGLITE ? mkdtempSync(join(tmpdir(), 'conv-sxs-')) : undefined;
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      CONV_PORT: '0',
      CONV_ADMIN_SECRET: admin,
      CONV_JWT_SECRET: jwtSecret,
      ...(PGLITE ? { DATABASE_URL: '', CONV_DATA_DIR: dataDir } : { CONV_DB_SCHEMA: schema }),
      CONV_SENDS_PER_MINUTE: '1000000',
      CONV_CONVERSATIONS_PER_HOUR: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((res) => {
    let o = '';
    const on = (t) => {
      o += t;
      const m = /listening on (http:\/\/\S+)/.exec(o);
      if (m) {
        child.stdout.off('data', on);
        child.stdout.resume();
        res(m[1]);
      }
    };
    child.stdout.on('data', on);
  });
  const api = async (m, p, tok, body) => {
    const r = await fetch(new URL(p, url), {
      method: m,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const t = await r.text();
    if (!r.ok) throw new Error(t);
    return JSON.parse(t || 'null');
  };
  const members = [];
  for (let i = 0; i < 100; i++) members.push({ id: `m${i}`, name: `Member ${i}` });
  await api('PUT', '/admin/v1/directory', admin, { members, groups: [] });
  const key = new TextEncoder().encode(jwtSecret);
  const pairs = [];
  for (let i = 0; i < 50; i++) {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`m${2 * i}`)
      .setExpirationTime('2h')
      .sign(key);
    const { conversation } = await api('POST', '/v1/conversations', token, {
      recipients: [{ kind: 'member', id: `m${2 * i + 1}` }],
      body: 'Hello',
      clientId: randomUUID(),
    });
    pairs.push({ token, id: conversation.id });
  }
  const metrics = async () => {
    const t = await (
      await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    const f = (n) => Number(new RegExp(`^${n} (\\d+)`, 'm').exec(t)?.[1]);
    return { b: f('conv_send_batches_total'), s: f('conv_send_batched_sends_total') };
  };
  return {
    script,
    url,
    pid: child.pid,
    pairs,
    metrics,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      if (dataDir) return rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
function load(server, seconds, lat) {
  let next = 0;
  const inst = autocannon({
    url: server.url,
    connections: 20,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest(req, ctx) {
          ctx.pair ??= server.pairs[next++ % 50];
          return {
            ...req,
            path: `/v1/conversations/${ctx.pair.id}/messages`,
            headers: { authorization: `Bearer ${ctx.pair.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              body: 'A message of ordinary length for the benchmark.',
              clientId: randomUUID(),
            }),
          };
        },
      },
    ],
  });
  if (lat)
    inst.on('response', (_c, status, _b, rt) => {
      if (status < 300) lat.push(rt);
    });
  return inst;
}
const servers = [];
for (const s of scripts) servers.push(await start(s));
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
for (let r = 0; r < rounds; r++) {
  await Promise.all(servers.map((s) => load(s, 3)));
  const before = await Promise.all(servers.map(async (s) => ({ cpu: cpuMs(s.pid), m: await s.metrics() })));
  const lats = servers.map(() => []);
  const results = await Promise.all(servers.map((s, i) => load(s, SECONDS, lats[i])));
  for (let i = 0; i < servers.length; i++) {
    const m = await servers[i].metrics();
    const l = lats[i].sort((a, b) => a - b);
    const p = (q) => l[Math.ceil(q * l.length) - 1];
    const n = results[i]['2xx'];
    console.log(
      `round ${r} ${servers[i].script}: ${Math.round(n / SECONDS)}/s p50 ${p(0.5).toFixed(1)} p99 ${p(0.99).toFixed(1)} ms; ${((m.s - before[i].m.s) / (m.b - before[i].m.b)).toFixed(1)} a batch; server CPU ${((cpuMs(servers[i].pid) - before[i].cpu) / n).toFixed(3)} ms a send; non2xx ${results[i].non2xx} errors ${results[i].errors}`,
    );
  }
  console.log(
    'load average',
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  );
}
for (const s of servers) await s.stop();
