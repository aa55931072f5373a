/**
 * `node dist/main.mjs [--dev]`: starts the reference server from environment settings.
 * With `--dev` (what `npm run server` passes) missing secrets are made once and kept in
 * `.data/dev-secrets.json`, the data lives in `.data/pglite`, and the demo's origins may call it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './app.js';
import { configFromEnv } from './config.js';
import { announce, stopOnSignals } from './process.js';

// `import` and `import-decidim` are commands, not the server (src/commands.ts).
if (process.argv[2] === 'import' || process.argv[2] === 'import-decidim') {
  const { runCommand } = await import('./commands.js');
  process.exit(await runCommand(process.argv.slice(2), process.env));
}

const env: Record<string, string | undefined> = { ...process.env };
const dev = process.argv.includes('--dev');

if (dev) {
  const dataRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.data');
  mkdirSync(dataRoot, { recursive: true });
  const secretsFile = join(dataRoot, 'dev-secrets.json');
  const secrets: { admin: string; jwt: string } = existsSync(secretsFile)
    ? JSON.parse(readFileSync(secretsFile, 'utf8'))
    : { admin: randomBytes(24).toString('base64url'), jwt: randomBytes(32).toString('base64url') };
  writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  env.CONV_ADMIN_SECRET ??= secrets.admin;
  if (!env.CONV_JWKS_URL) env.CONV_JWT_SECRET ??= secrets.jwt;
  if (!env.DATABASE_URL) env.CONV_DATA_DIR ??= join(dataRoot, 'pglite');
  env.CONV_CORS_ORIGINS ??= 'http://localhost:8000,http://127.0.0.1:8000';
}

let config;
try {
  // Test spaces and fault injection are built only into the test servers' entry (server/testing).
  if (env.CONV_TEST_MODE === '1') throw new Error('CONV_TEST_MODE is for server/testing/main.ts only.');
  config = configFromEnv(env);
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const server = await startServer(config);
announce(server);
if (dev) {
  console.log(`
Mint a development token for a member (the portal signs these in production):
  curl -s -X POST ${server.url}/admin/v1/tokens \\
    -H 'Authorization: Bearer ${config.adminSecret}' -H 'Content-Type: application/json' \\
    -d '{"memberId":"<a member id>","expiresIn":3600}'
Load the directory first: PUT ${server.url}/admin/v1/directory with {"members":[...],"groups":[...]}.
Pages may call it from: ${config.corsOrigins.join(', ') || '(no origin: set CONV_CORS_ORIGINS)'}`);
}

stopOnSignals(server, { withStdin: env.CONV_EXIT_WITH_STDIN === '1' });
