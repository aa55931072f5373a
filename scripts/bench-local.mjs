// Figures for the local adapter: `node scripts/bench-local.mjs`.
// Bundles bench/local-adapter.bench.ts with esbuild into a temporary folder, serves it from a
// small HTTP server on 127.0.0.1 (cross-origin isolated, so performance.now() has its fine
// resolution), runs it in Chromium through playwright-core, prints the figures and writes them to
// bench-results/local.json.
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from './browser.mjs';

const ENTRY = 'bench/local-adapter.bench.ts';
const OUTPUT = 'bench-results/local.json';
const TIMEOUT_MS = 15 * 60_000;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

const dir = await mkdtemp(join(tmpdir(), 'conv-bench-local-'));
let server;
let browser;
try {
  await build({
    entryPoints: { bench: ENTRY },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    outdir: dir,
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>local adapter bench</title><script type="module" src="./bench.js"></script>',
  );

  server = createServer(async (request, response) => {
    const path =
      normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(dir, path));
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        // Cross-origin isolation gives performance.now() microsecond resolution instead of 100 µs.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [browser] ${message.text()}`));
  page.on('pageerror', (error) => console.error(`  [browser error] ${error.message}`));
  console.log(`Seeding 100,000 messages and 10,000 conversations in Chromium (${port})…`);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.benchResult || window.benchError, undefined, {
    timeout: TIMEOUT_MS,
    polling: 500,
  });
  const error = await page.evaluate(() => window.benchError);
  if (error) throw new Error(`The benchmark failed in the browser: ${error}`);
  const result = await page.evaluate(() => window.benchResult);

  await mkdir('bench-results', { recursive: true });
  await writeFile(OUTPUT, `${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`);

  console.log(`\n${result.environment.userAgent}`);
  console.log(
    `cross-origin isolated: ${result.environment.crossOriginIsolated}; setup ${result.setup.seedMs} ms\n`,
  );
  const width = Math.max(...Object.keys(result.figures).map((name) => name.length));
  console.log(`${'figure'.padEnd(width)}  median      min      max  runs  goal`);
  for (const [name, figure] of Object.entries(result.figures)) {
    const ms = (value) => `${value.toFixed(3)}`.padStart(8);
    const goal =
      figure.goalMs === undefined
        ? ''
        : `≤ ${figure.goalMs} ms ${figure.medianMs <= figure.goalMs ? 'met' : 'MISSED'}`;
    console.log(
      `${name.padEnd(width)} ${ms(figure.medianMs)} ${ms(figure.minMs)} ${ms(figure.maxMs)}  ${String(figure.runs).padStart(4)}  ${goal}`,
    );
  }
  console.log(`\n(milliseconds) written to ${OUTPUT}`);
} finally {
  await browser?.close();
  server?.close();
  await rm(dir, { recursive: true, force: true });
}
