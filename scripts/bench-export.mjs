// `node scripts/bench-export.mjs`: figures for S21's export (a benchmark, not a test). A member
// with BENCH_EXPORT_MESSAGES messages (10,000) in BENCH_EXPORT_CONVERSATIONS conversations (100),
// written through the API, then exported with GET /v1/export: the time to the last byte, the
// document's size, and the server process's resident memory (sampled from /proc every 10 ms)
// before and at its peak during the export. On PGlite, and on PostgreSQL when DATABASE_URL is
// set. Every process it starts is stopped.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { buildServer } from '../server/build.mjs';

const MESSAGES = Number(process.env.BENCH_EXPORT_MESSAGES ?? 10_000);
const CONVERSATIONS = Number(process.env.BENCH_EXPORT_CONVERSATIONS ?? 100);
const PARALLEL = 10;

function start(script, env) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      output += text;
      // Once listening, only the log's errors are shown.
      for (const line of text.split('\n'))
        if (/"level":(50|60)/.test(line)) process.stderr.write(`${line}\n`);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
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

async function api(base, method, path, bearer, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function bench(script, backend) {
  const adminSecret = randomBytes(24).toString('base64url');
  const jwtSecret = randomBytes(32).toString('base64url');
  const dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'conv-bench-export-')) : undefined;
  const schema = `conv_bench_${randomBytes(4).toString('hex')}`;
  const server = await start(script, {
    CONV_PORT: '0',
    CONV_ADMIN_SECRET: adminSecret,
    CONV_JWT_SECRET: jwtSecret,
    CONV_SENDS_PER_MINUTE: '10000000',
    CONV_CONVERSATIONS_PER_HOUR: '10000000',
    CONV_LOG_LEVEL: 'warn',
    ...(backend === 'pglite' ? { DATABASE_URL: '', CONV_DATA_DIR: dataDir } : { CONV_DB_SCHEMA: schema }),
  });
  const key = new TextEncoder().encode(jwtSecret);
  const token = (memberId) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(memberId)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  try {
    const members = [{ id: 'exporter', name: 'Exporter' }];
    for (let i = 0; i < CONVERSATIONS; i++) members.push({ id: `p${i}`, name: `Partner ${i}` });
    await api(server.url, 'PUT', '/admin/v1/directory', adminSecret, { members, groups: [] });
    const mine = await token('exporter');
    const conversations = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const { conversation } = await api(server.url, 'POST', '/v1/conversations', mine, {
        recipients: [{ kind: 'member', id: `p${i}` }],
        body: `Hello partner ${i}`,
        clientId: randomUUID(),
      });
      conversations.push({ id: conversation.id, partner: await token(`p${i}`) });
    }
    const filling = Date.now();
    let next = CONVERSATIONS;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < MESSAGES) {
          const n = next++;
          const conversation = conversations[n % CONVERSATIONS];
          await api(
            server.url,
            'POST',
            `/v1/conversations/${conversation.id}/messages`,
            n % 2 ? mine : conversation.partner,
            {
              body: `Message ${n}: ${'lorem ipsum dolor sit amet '.repeat(4)}`,
              clientId: randomUUID(),
            },
          );
        }
      }),
    );
    const fillSeconds = (Date.now() - filling) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = rssKb(server.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb(server.pid));
    }, 10);
    const started = performance.now();
    const response = await fetch(new URL('/v1/export', server.url), {
      headers: { authorization: `Bearer ${mine}` },
    });
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.length;
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, rssKb(server.pid));
    const count = (
      await (
        await fetch(new URL('/v1/export', server.url), { headers: { authorization: `Bearer ${mine}` } })
      ).json()
    ).conversations.reduce((sum, conversation) => sum + conversation.messages.length, 0);
    return { backend, messages: count, fillSeconds, ms, bytes, beforeMb: before / 1024, peakMb: peak / 1024 };
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

const script = await buildServer();
const load = loadavg()[0].toFixed(1);
const results = [];
for (const backend of [
  ...(process.env.BENCH_PGLITE === '0' ? [] : ['pglite']),
  ...(process.env.DATABASE_URL ? ['postgres'] : []),
]) {
  results.push(await bench(script, backend));
}
console.log(`Export of one member (load average ${load} before, ${loadavg()[0].toFixed(1)} after)`);
console.log('| backend | messages | export time | document | server RSS before | peak during export |');
console.log('| ------- | -------- | ----------- | -------- | ----------------- | ------------------ |');
for (const r of results) {
  console.log(
    `| ${r.backend} | ${r.messages.toLocaleString('en')} | ${Math.round(r.ms).toLocaleString('en')} ms | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.beforeMb.toFixed(1)} MB | ${r.peakMb.toFixed(1)} MB (+${(r.peakMb - r.beforeMb).toFixed(1)}) |`,
  );
}
