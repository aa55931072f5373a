// A @web/test-runner plugin that runs real reference-server processes for browser tests, and
// does on their behalf what a portal's own server would: call the admin API with the server
// secret and sign member tokens. Browser tests reach it through `executeServerCommand`.
// Every process it starts is stopped when the test run ends (and dies with it if it is killed).
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createHttpServer } from 'node:http';
import { connect } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { SMTPServer } from 'smtp-server';
import { buildServer, buildTestServer } from '../build.mjs';
import { DECIDIM_PORTAL, DECIDIM_SCHEMA } from './decidim-fixture.mjs';
import { testServerPorts } from './test-ports.mjs';

const START_TIMEOUT_MS = 120_000;
// A browser's command gets no answer after 20 s: long work runs as a job that it waits on in turns.
const WAIT_SLICE_MS = 12_000;
const EXTRA_PORTS = 15;

function secret() {
  return randomBytes(24).toString('base64url');
}

/** Log lines kept per server for `conv-server-logs` (the oldest are dropped). */
const MAX_LOG_LINES = 5000;

/**
 * Starts one server process and resolves with its URL once it listens. Its log lines (JSON, on
 * stdout) are kept in `logs` when given, for tests of what the server writes to its log.
 */
function launch(script, env, logs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let listening = false;
    let partial = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      if (logs) {
        const lines = (partial + text).split('\n');
        partial = lines.pop();
        logs.push(...lines.filter(Boolean));
        if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
      }
      // Once listening, the output is the log: only its errors are shown here.
      if (listening) {
        for (const line of text.split('\n'))
          if (/"level":(50|60)/.test(line)) process.stderr.write(`[conv-server ${child.pid}] ${line}\n`);
        return;
      }
      output += text;
      const match = /conv-server listening on (http:\/\/\S+)/.exec(output);
      const wantsMore = Boolean(env.CONV_EXTRA_PORTS);
      const more = /conv-server also on (.*)\n/.exec(output);
      if (match && (!wantsMore || more)) {
        listening = true;
        output = '';
        clearTimeout(timer);
        resolve({ child, url: match[1], urls: [match[1], ...(more ? more[1].trim().split(' ') : [])] });
      }
    });
    child.stderr.on('data', (text) => {
      if (!listening) output += text;
      process.stderr.write(`[conv-server ${child.pid}] ${text}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/**
 * A request written by hand on a socket, as a slow or broken client would: the head (its blank
 * line left out with `endHead: false`; nothing at all with `silent`), then the pieces with a
 * pause before each. Answers with the status the server gave (0 for none),
 * and after how long it answered or closed the connection.
 */
function rawRequest(
  server,
  {
    method = 'POST',
    path,
    headers = {},
    pieces = [],
    pauseMs = 0,
    waitMs = 15_000,
    endHead = true,
    silent = false,
  },
) {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const started = Date.now();
    let received = '';
    let closed = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, afterMs: Date.now() - started, closed, received: received.slice(0, 4000) });
    };
    const timer = setTimeout(finish, waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (text) => (received += text));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', async () => {
      if (silent) return;
      const head = [`${method} ${path} HTTP/1.1`, `Host: ${hostname}:${port}`];
      for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
      socket.write(`${head.join('\r\n')}\r\n${endHead ? '\r\n' : ''}`);
      for (const piece of pieces) {
        await new Promise((wake) => setTimeout(wake, pauseMs));
        if (closed || settled) return;
        socket.write(piece);
      }
    });
  });
}

function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
    // A process that ignores SIGTERM is killed.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Quoted-printable and base64 bodies, decoded enough to read a text email back. */
function decodeBody(headers, body) {
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function decodeHeader(value) {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (__, hex) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** Splits a MIME entity into its headers (unfolded) and its body. */
function splitEntity(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  return { headers, body };
}

/** The text/plain and text/html parts of a message, single-part or multipart/alternative. */
function partsOf(headers, body) {
  const boundary = /content-type:\s*multipart\/[^;]+;[^\n]*boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (!boundary) {
    const html = /content-type:\s*text\/html/i.test(headers);
    return { [html ? 'html' : 'text']: decodeBody(headers, body) };
  }
  const parts = {};
  for (const piece of body.split(`--${boundary}`).slice(1)) {
    if (piece.startsWith('--')) break;
    const entity = splitEntity(piece.replace(/^\r?\n/, ''));
    Object.assign(parts, partsOf(entity.headers, entity.body.replace(/\r?\n$/, '')));
  }
  return parts;
}

function parseMail(raw, envelope) {
  const { headers, body } = splitEntity(raw);
  const header = (name) => decodeHeader(new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1] ?? '');
  const parts = partsOf(headers, body);
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((rcpt) => rcpt.address),
    subject: header('subject'),
    messageId: header('message-id'),
    listUnsubscribe: header('list-unsubscribe'),
    listUnsubscribePost: header('list-unsubscribe-post'),
    text: (parts.text ?? '').replace(/\r\n/g, '\n'),
    html: parts.html ?? '',
  };
}

/**
 * A portal's webhook receiver on 127.0.0.1: keeps every delivery with whether its signature
 * (HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret) and its timestamp (within
 * five minutes) check out; answers `failWith` (a status) to the first `failFirst` deliveries.
 */
async function startWebhookReceiver({ failFirst = 0, failWith = 500 } = {}) {
  const hits = [];
  const receiver = { secret: undefined, failFirst, failWith, hits, server: undefined };
  receiver.server = createHttpServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(request.headers['x-conv-timestamp']);
      const expected = receiver.secret
        ? `v1=${createHmac('sha256', receiver.secret).update(`${timestamp}.${body}`).digest('hex')}`
        : undefined;
      const given = String(request.headers['x-conv-signature'] ?? '');
      const valid =
        expected !== undefined &&
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      let event;
      try {
        event = JSON.parse(body);
      } catch {
        event = undefined;
      }
      const refuse = hits.filter((hit) => hit.answered !== 200).length < receiver.failFirst;
      const answered = refuse ? receiver.failWith : valid ? 200 : 401;
      hits.push({
        valid,
        fresh: Math.abs(Date.now() / 1000 - timestamp) <= 300,
        eventId: request.headers['x-conv-event-id'],
        type: request.headers['x-conv-event'],
        attempt: Number(request.headers['x-conv-delivery-attempt']),
        contentType: request.headers['content-type'],
        event,
        answered,
      });
      response.writeHead(answered).end();
    });
  });
  await new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  return receiver;
}

export function convServerPlugin() {
  const servers = new Map();
  const smtps = new Map();
  const jobs = new Map();
  const keySets = new Map();
  const receivers = new Map();
  let script;
  let template;
  let nextId = 1;

  /**
   * An initialised, empty PGlite data folder, made once per run and copied for each server:
   * initdb in WebAssembly takes seconds, a copy does not.
   */
  function pgliteTemplate() {
    // In a child process: initdb in WebAssembly holds its thread for seconds, and this one
    // must keep answering the browser's commands meanwhile.
    template ??= new Promise((resolve, reject) => {
      const dir = mkdtempSync(join(tmpdir(), 'conv-template-'));
      const script = `const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(process.argv[1]); await db.query('select 1'); await db.close();`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(dir) : reject(new Error(`PGlite template: exit ${code}`)),
      );
    });
    return template;
  }

  /** Starts long work and answers at once with a job id for `conv-wait`. */
  function job(work) {
    const id = `job-${nextId++}`;
    const entry = { done: false, value: undefined, error: undefined };
    entry.promise = work().then(
      (value) => Object.assign(entry, { done: true, value }),
      (error) => Object.assign(entry, { done: true, error: String(error?.message ?? error) }),
    );
    jobs.set(id, entry);
    return { job: id };
  }

  async function wait(id) {
    const entry = jobs.get(id);
    if (!entry) throw new Error(`No job ${id}.`);
    await Promise.race([entry.promise, new Promise((resolve) => setTimeout(resolve, WAIT_SLICE_MS))]);
    if (!entry.done) return { done: false };
    jobs.delete(id);
    if (entry.error) throw new Error(entry.error);
    return { done: true, value: entry.value };
  }

  async function start(options = {}) {
    script ??= await buildTestServer();
    const postgres = options.backend === 'postgres';
    if (postgres && !process.env.DATABASE_URL) throw new Error('The postgres backend needs DATABASE_URL.');
    const shared = options.shareWith === undefined ? undefined : servers.get(options.shareWith);
    if (options.shareWith !== undefined && !shared) throw new Error(`No server ${options.shareWith}.`);
    const dataDir = postgres || shared ? undefined : mkdtempSync(join(tmpdir(), 'conv-server-'));
    if (dataDir) cpSync(await pgliteTemplate(), dataDir, { recursive: true });
    // Each adapter's event stream holds an HTTP/1.1 connection, and Chromium allows six per host
    // and port: many members in one page are spread over the extra ports.
    const [port, ...extraPorts] = await testServerPorts(1 + EXTRA_PORTS);
    const ports = { CONV_PORT: String(port), CONV_EXTRA_PORTS: extraPorts.join(',') };
    const env = shared
      ? { ...shared.env, ...ports }
      : {
          ...ports,
          CONV_ADMIN_SECRET: secret(),
          CONV_JWT_SECRET: secret() + secret(),
          CONV_EXIT_WITH_STDIN: '1',
          CONV_CORS_ORIGINS: options.origin ?? '',
          CONV_SENDS_PER_MINUTE: '100000',
          CONV_CONVERSATIONS_PER_HOUR: '100000',
          // Warnings and errors only, unless a test reads the log (`captureLogs` with CONV_LOG_LEVEL).
          CONV_LOG_LEVEL: 'warn',
          ...(postgres
            ? {
                DATABASE_URL: process.env.DATABASE_URL,
                CONV_DB_SCHEMA: `conv_test_${randomBytes(6).toString('hex')}`,
              }
            : { DATABASE_URL: '', CONV_DATA_DIR: dataDir }),
          ...(options.env ?? {}),
        };
    const logs = options.captureLogs ? [] : undefined;
    const { child, url, urls } = await launch(script, env, logs);
    const id = String(nextId++);
    // Restarts reuse the port, so that a client keeps talking to the same URL.
    const server = {
      id,
      child,
      url,
      urls,
      env: {
        ...env,
        CONV_PORT: new URL(url).port,
        CONV_EXTRA_PORTS: urls
          .slice(1)
          .map((other) => new URL(other).port)
          .join(','),
      },
      dataDir,
      logs,
      owner: !shared,
      // Spaces made through any process on one database are dropped with the database's owner.
      spaces: shared ? shared.spaces : new Set(),
    };
    servers.set(id, server);
    return { id, url, urls, backend: postgres ? 'postgres' : 'pglite' };
  }

  function get(id) {
    const server = servers.get(String(id));
    if (!server) throw new Error(`No test server ${id}.`);
    return server;
  }

  // `bearer` (a member token, or null for none) replaces the server secret, to test refusals.
  // `text` (with `contentType`) is sent as it is, instead of `body` as JSON: an NDJSON import.
  async function admin({ id, method = 'GET', path, body, text, contentType, space, bearer }) {
    const server = get(id);
    const credential = bearer === undefined ? server.env.CONV_ADMIN_SECRET : bearer;
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: {
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        ...(text !== undefined
          ? { 'content-type': contentType ?? 'application/x-ndjson' }
          : body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        ...(space ? { 'x-conv-space': space } : {}),
      },
      body: text !== undefined ? text : body === undefined ? undefined : JSON.stringify(body),
    });
    const answered = await response.text();
    const type = response.headers.get('content-type') ?? '';
    // JSON is parsed; anything else (Prometheus' text) is given as text.
    const parsed = answered && type.includes('json') ? JSON.parse(answered) : answered || undefined;
    const result = { status: response.status, type, body: parsed };
    if (method === 'POST' && path === '/admin/v1/test/spaces' && response.status === 201) {
      server.spaces.add(result.body.space);
    }
    return result;
  }

  // Signs a member token as the portal would: with the server's shared secret, or with the
  // private key of a JWKS the plugin serves (`jwks`), or with a key nobody trusts (`otherKey`).
  async function token({ id, memberId, space, expiresIn = 3600, otherKey = false, jwks }) {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(space ? { space } : {})
      .setSubject(memberId)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn);
    if (jwks !== undefined) {
      const portal = keySets.get(String(jwks));
      if (!portal) throw new Error(`No JWKS ${jwks}.`);
      const { privateKey } = otherKey ? await generateKeyPair('ES256') : portal;
      return jwt.setProtectedHeader({ alg: 'ES256', kid: portal.kid }).sign(privateKey);
    }
    const key = otherKey ? secret() + secret() : get(id).env.CONV_JWT_SECRET;
    return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));
  }

  /** A portal's published keys: an ES256 key pair, its public half served as JWKS on 127.0.0.1. */
  async function startJwks() {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const kid = `portal-${nextId}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const server = createHttpServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const id = String(nextId++);
    keySets.set(id, { server, privateKey, kid });
    return { id, url: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json` };
  }

  async function stop(id) {
    const server = servers.get(String(id));
    if (!server) return;
    servers.delete(String(id));
    await stopChild(server.child);
    if (server.owner && server.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
    if (server.owner && server.env.CONV_DB_SCHEMA)
      await dropSchemas([server.env.CONV_DB_SCHEMA, ...server.spaces]);
  }

  async function dropSchemas(schemas) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      for (const name of schemas) {
        if (/^[a-z_][a-z0-9_]*$/.test(name)) await client.query(`drop schema if exists ${name} cascade`);
      }
    } finally {
      await client.end();
    }
  }

  // `rejectFirst`: that many emails are refused with a temporary failure (451), kept in `rejected`.
  async function startSmtp({ rejectFirst = 0 } = {}) {
    const messages = [];
    const rejected = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', () => {
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope);
          if (rejected.length < rejectFirst) {
            rejected.push(mail);
            const error = new Error('Try again later');
            error.responseCode = 451;
            return callback(error);
          }
          messages.push(mail);
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(0, '127.0.0.1', resolve);
    });
    const id = String(nextId++);
    smtps.set(id, { smtp, messages, rejected });
    return { id, url: `smtp://127.0.0.1:${smtp.server.address().port}` };
  }

  /**
   * A Decidim database holding the small portal of decidim-fixture.mjs, on the server's own kind
   * of database (a PGlite folder, or a schema on DATABASE_URL); its address for `import-decidim`
   * and how to remove it.
   */
  async function decidimSource(postgres) {
    if (!postgres) {
      const dir = mkdtempSync(join(tmpdir(), 'conv-decidim-'));
      cpSync(await pgliteTemplate(), dir, { recursive: true });
      // In a child process: PGlite holds its thread while it works.
      const fill = `const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(process.argv[1]);
        await db.exec(process.env.DECIDIM_SQL); await db.close();`;
      await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', fill, dir], {
          cwd: fileURLToPath(new URL('..', import.meta.url)),
          env: { ...process.env, DECIDIM_SQL: DECIDIM_SCHEMA + DECIDIM_PORTAL },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`Decidim fixture: exit ${code}`)),
        );
      });
      return { url: `pglite:${dir}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
    }
    const schema = `decidim_${randomBytes(6).toString('hex')}`;
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`create schema ${schema}; set search_path to ${schema};`);
      await client.query(DECIDIM_SCHEMA + DECIDIM_PORTAL);
    } finally {
      await client.end();
    }
    const url = new URL(process.env.DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { url: url.toString(), remove: () => dropSchemas([schema]) };
  }

  /** Runs the production build's command line with a server's environment: its exit code and output. */
  async function runProductionCommand(args, env) {
    const production = await buildServer();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [production, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (text) => (output += text));
      child.stderr.on('data', (text) => (output += text));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, output }));
    });
  }

  /**
   * Runs commands on a test server's database as an operator would: the server stops (PGlite
   * holds its folder for one process), each command runs in turn, the server starts again.
   */
  async function withServerStopped(id, work) {
    const server = get(id);
    await stopChild(server.child);
    try {
      return await work(server);
    } finally {
      const { child } = await launch(script, server.env, server.logs);
      server.child = child;
    }
  }

  /**
   * Moves the Decidim portal into a test server with the production command, as an operator
   * would: the server stops, `import-decidim` runs on its database, the server starts again.
   */
  async function decidimMove(id, organization) {
    const source = await decidimSource(!get(id).dataDir);
    try {
      return await withServerStopped(id, (server) =>
        runProductionCommand(
          ['import-decidim', source.url, ...(organization ? ['--organization', String(organization)] : [])],
          server.env,
        ),
      );
    } finally {
      await source.remove();
    }
  }

  /**
   * The production `import` command on an NDJSON file holding `text`, `runs` times in a row on a
   * stopped test server's database: each run's exit code and output.
   */
  async function importFile(id, text, runs) {
    const dir = mkdtempSync(join(tmpdir(), 'conv-import-'));
    const file = join(dir, 'history.ndjson');
    writeFileSync(file, text);
    try {
      return await withServerStopped(id, async (server) => {
        const results = [];
        for (let run = 0; run < runs; run++)
          results.push(await runProductionCommand(['import', file], server.env));
        return results;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  return {
    name: 'conv-server',
    // initdb in WebAssembly holds this process for seconds (tens under load): done before the
    // browsers run, it cannot make their first server command miss its 20 s answer.
    async serverStart() {
      await pgliteTemplate();
    },
    async serverStop() {
      await Promise.all([...jobs.values()].map((entry) => entry.promise));
      await Promise.all([...servers.keys()].map((id) => stop(id)));
      if (template) rmSync(await template, { recursive: true, force: true });
      for (const { smtp } of smtps.values()) smtp.close();
      for (const { server } of keySets.values()) server.close();
      for (const { server } of receivers.values()) server.close();
      receivers.clear();
      keySets.clear();
      smtps.clear();
    },
    async executeCommand({ command, payload = {} }) {
      switch (command) {
        case 'conv-env':
          return { postgres: Boolean(process.env.DATABASE_URL) };
        case 'conv-server-start':
          return job(() => start(payload));
        case 'conv-wait':
          return wait(payload.job);
        case 'conv-server-stop':
          await stop(payload.id);
          return true;
        case 'conv-server-kill':
          await stopChild(get(payload.id).child, 'SIGKILL');
          return true;
        case 'conv-server-restart': {
          const server = get(payload.id);
          return job(async () => {
            await stopChild(server.child, 'SIGKILL');
            const { child, urls } = await launch(script, server.env, server.logs);
            server.child = child;
            return { id: server.id, url: urls[0], urls };
          });
        }
        case 'conv-admin':
          return admin(payload);
        case 'conv-decidim-move':
          return job(() => decidimMove(payload.id, payload.organization));
        case 'conv-import-file':
          return job(() => importFile(payload.id, String(payload.text), Number(payload.runs ?? 1)));
        case 'conv-server-logs':
          return get(payload.id).logs ?? [];
        case 'conv-raw-request':
          return rawRequest(get(payload.id), payload);
        case 'conv-token':
          return token(payload);
        case 'conv-jwks-start':
          return startJwks();
        case 'conv-smtp-start':
          return startSmtp(payload);
        case 'conv-smtp-messages':
          return smtps.get(String(payload.id))?.[payload.rejected ? 'rejected' : 'messages'] ?? [];
        case 'conv-webhook-start': {
          const receiver = await startWebhookReceiver(payload);
          const id = String(nextId++);
          receivers.set(id, receiver);
          return { id, url: `http://127.0.0.1:${receiver.server.address().port}/hooks` };
        }
        case 'conv-webhook-set': {
          const receiver = receivers.get(String(payload.id));
          if (!receiver) throw new Error(`No webhook receiver ${payload.id}.`);
          for (const key of ['secret', 'failFirst', 'failWith'])
            if (key in payload) receiver[key] = payload[key];
          return true;
        }
        case 'conv-webhook-hits':
          return receivers.get(String(payload.id))?.hits ?? [];
        default:
          return undefined;
      }
    },
  };
}
