// `npm start`: serves the demo on 127.0.0.1 from the TypeScript sources (esbuild on the fly),
// on the embedded IndexedDB backend. PORT picks the port; a taken one moves to the next free.
//
// It also plays the demo portal's server part for the reference server (`npm run server`), so the
// demo can switch to it: `POST /demo-portal/seed` loads the demo directory there, and
// `POST /demo-portal/token` mints a short-lived member token. Both call the server's admin API
// with the admin secret from `server/.data/dev-secrets.json` (or CONV_ADMIN_SECRET), which never
// reaches the browser. CONV_SERVER_URL says where the server is (default http://127.0.0.1:8787).
// Development only: anyone who can reach this port can get a token for any demo member.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { build } from 'esbuild';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';

const SERVER_URL = (process.env.CONV_SERVER_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const SECRETS_FILE = new URL('../server/.data/dev-secrets.json', import.meta.url);
const TOKEN_SECONDS = 600;
const START_HINT = 'Start it with `npm run server` in another terminal, then choose it again.';

function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

/** A refusal the page shows as is: `status` and a sentence a person can act on. */
class PortalError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Read on every request, not once at start: `npm run server` may first run after `npm start`.
async function adminSecret() {
  if (process.env.CONV_ADMIN_SECRET) return process.env.CONV_ADMIN_SECRET;
  try {
    const secrets = JSON.parse(await readFile(SECRETS_FILE, 'utf8'));
    if (typeof secrets.admin === 'string' && secrets.admin) return secrets.admin;
  } catch {
    // Missing or unreadable: the server has never run here in --dev mode.
  }
  throw new PortalError(
    503,
    `The reference server has no development secrets yet (server/.data/dev-secrets.json). ${START_HINT}`,
  );
}

async function admin(method, path, body) {
  const secret = await adminSecret();
  let response;
  try {
    response = await fetch(`${SERVER_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new PortalError(503, `The reference server is not running at ${SERVER_URL}. ${START_HINT}`);
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reason = typeof answer.message === 'string' ? answer.message : `HTTP ${response.status}`;
    // 403 here means the secret on disk is not the one the running server was started with.
    throw new PortalError(502, `The reference server at ${SERVER_URL} refused the demo portal: ${reason}`);
  }
  return answer;
}

// The demo directory is TypeScript in src/: bundled here so the server package never sees it.
let directory;
async function demoDirectory() {
  if (!directory) {
    const { outputFiles } = await build({
      entryPoints: ['src/adapters/local/demo-directory.ts'],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const source = Buffer.from(outputFiles[0].contents).toString('base64');
    directory = (await import(`data:text/javascript;base64,${source}`)).DEMO_DIRECTORY;
  }
  return directory;
}

async function readBody(ctx) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > 4096) throw new PortalError(413, 'The request is too large.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new PortalError(400, 'The request is not JSON.');
  }
}

const routes = {
  async '/demo-portal/seed'() {
    const counts = await admin('PUT', '/admin/v1/directory', await demoDirectory());
    return { baseUrl: SERVER_URL, ...counts };
  },
  async '/demo-portal/token'(ctx) {
    const input = await readBody(ctx);
    const memberId = input?.memberId;
    if (typeof memberId !== 'string' || !(await demoDirectory()).members.some((m) => m.id === memberId)) {
      throw new PortalError(400, 'Send {"memberId": "<a demo member id>"}.');
    }
    return admin('POST', '/admin/v1/tokens', { memberId, expiresIn: TOKEN_SECONDS });
  },
};

async function demoPortal(ctx, next) {
  const route = routes[ctx.path];
  if (!route) return next();
  ctx.set('cache-control', 'no-store');
  // JSON only: from another origin that needs a CORS preflight, which this server never grants,
  // so other sites open in the browser cannot mint tokens through it.
  if (ctx.method !== 'POST' || !ctx.is('application/json')) {
    ctx.status = 405;
    ctx.body = { message: 'POST with Content-Type: application/json.' };
    return;
  }
  try {
    ctx.body = await route(ctx);
  } catch (error) {
    if (!(error instanceof PortalError)) throw error;
    ctx.status = error.status;
    ctx.body = { message: error.message };
  }
}

let port = Number(process.env.PORT ?? 8000);
while (!(await isFree(port))) port++;

await startDevServer({
  config: {
    rootDir: '.',
    hostname: '127.0.0.1',
    port,
    nodeResolve: { exportConditions: ['development'] },
    middleware: [demoPortal],
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    watch: false,
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
console.log(`conv-elements demo: http://127.0.0.1:${port}/demo/`);
console.log(
  `Its "Backend" switch can use the reference server at ${SERVER_URL} (start it with npm run server).`,
);
console.log('Press Ctrl+C to stop.');
