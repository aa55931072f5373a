// A reference server (server/, on PGlite in a temporary folder) holding a small portal, for the
// pages of `npm run size` and `npm run bench` that run on the HTTP adapter. It listens on
// 127.0.0.1 only, lets `pageOrigin` call it (CORS, as a portal on its own origin would), and is
// stopped by `stop()` (its folder removed). Built from server/src like every test server.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { buildServer } from '../../server/build.mjs';

const START_TIMEOUT_MS = 120_000;
/** The member whose pages are measured. */
export const VIEWER = 'amara-okafor';
/** Members who each wrote to the viewer, one conversation each: the list's rows. */
const SENDERS = [
  'Noa Levi',
  'Emma Johansson',
  'Kwame Mensah',
  'Sofia Rossi',
  'Liam Murphy',
  'Yuki Tanaka',
  'Lucas Silva',
  'Chloé Martin',
  'Arjun Patel',
  'Mia Schneider',
  'Omar Haddad',
  'Elena Popescu',
];
/** Messages per conversation; the viewer answered the oldest half of them. */
const MESSAGES = 6;

function start(script, env) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the reference server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const listen = (text) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', listen);
    child.stderr.setEncoding('utf8').on('data', listen);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the reference server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return url.then(
    (found) => ({ url: found, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

async function api(base, method, path, token, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const idOf = (name) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '-');

/**
 * Starts the server and fills it: 12 conversations with the viewer, each with unread messages.
 * Resolves with what a page needs (`api`, `token`, `conversation` to open) and the unread count
 * the envelope must say (`unread`, from the server's own summary).
 */
export async function startHttpPortal({ pageOrigins }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'conv-portal-'));
  const adminSecret = randomBytes(24).toString('base64url');
  const jwtSecret = randomBytes(32).toString('base64url');
  let server;
  try {
    server = await start(await buildServer(), {
      DATABASE_URL: '',
      CONV_DATA_DIR: dataDir,
      CONV_HOST: '127.0.0.1',
      CONV_PORT: '0',
      CONV_ADMIN_SECRET: adminSecret,
      CONV_JWT_SECRET: jwtSecret,
      CONV_CORS_ORIGINS: pageOrigins.join(','),
      CONV_SENDS_PER_MINUTE: '100000',
      CONV_CONVERSATIONS_PER_HOUR: '100000',
      CONV_LOG_LEVEL: 'warn',
    });
    const key = new TextEncoder().encode(jwtSecret);
    const token = (memberId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(memberId)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(key);
    const members = [
      { id: VIEWER, name: 'Amara Okafor' },
      ...SENDERS.map((name) => ({ id: idOf(name), name })),
    ];
    await api(server.url, 'PUT', '/admin/v1/directory', adminSecret, { members, groups: [] });
    const viewerToken = await token(VIEWER);
    const conversations = [];
    for (const name of SENDERS) {
      const senderToken = await token(idOf(name));
      const { conversation } = await api(server.url, 'POST', '/v1/conversations', senderToken, {
        recipients: [{ kind: 'member', id: VIEWER }],
        body: `Hello Amara, this is ${name}.`,
        clientId: randomUUID(),
      });
      for (let i = 1; i < MESSAGES; i++) {
        const [author, who] = i < MESSAGES / 2 ? [viewerToken, 'Amara'] : [senderToken, name];
        await api(server.url, 'POST', `/v1/conversations/${conversation.id}/messages`, author, {
          body: `Message ${i + 1} of ${MESSAGES}, from ${who}: a line of ordinary length for a portal.`,
          clientId: randomUUID(),
        });
      }
      conversations.push(conversation.id);
    }
    const { total } = await api(server.url, 'GET', '/v1/unread', viewerToken);
    return {
      api: server.url,
      token: viewerToken,
      // The newest conversation: the list's first row, opened as a deep link would.
      conversation: conversations.at(-1),
      unread: total,
      async stop() {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
