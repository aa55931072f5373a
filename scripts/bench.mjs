// `npm run bench`: every performance figure of the issue, each beside its goal and the reference
// measured in the same page. Bundles the bench pages (bench/*.bench.ts) with esbuild, serves them
// from 127.0.0.1 (cross-origin isolated, so performance.now() has its fine resolution), runs each
// in Debian's Chromium through playwright-core, prints one table and writes
// bench-results/bench.json. `npm run bench -- ui` runs only the pages whose name contains "ui".
//
// The pages measure in the browser; this script only gives them what a page cannot do itself:
// a real key press (`benchPress`) and, through the DevTools protocol, a garbage collection and
// the renderer's heap and DOM node counters (`benchMetrics`).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from './browser.mjs';
import { coldLoadFigures } from '../bench/cold-load.mjs';

const PAGES = {
  ui: 'bench/ui.bench.ts',
  'local-adapter': 'bench/local-adapter.bench.ts',
  'badge-latency': 'bench/badge-latency.bench.ts',
};
/** Benchmarks driven from Node (throttling through the DevTools protocol): they need a build. */
const NODE_RUNS = { 'cold-load': coldLoadFigures };
const OUTPUT = 'bench-results/bench.json';
const TIMEOUT_MS = 15 * 60_000;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

const only = process.argv.slice(2);
const selected = (name) => only.length === 0 || only.some((o) => name.includes(o));
const pages = Object.entries(PAGES).filter(([name]) => selected(name));
const nodeRuns = Object.entries(NODE_RUNS).filter(([name]) => selected(name));

/** The pages report two shapes; this is the one the table and the JSON use. */
function normalise(figure) {
  if (figure.unit) return figure;
  return {
    unit: 'ms',
    runs: figure.runs,
    median: figure.medianMs,
    min: figure.minMs,
    max: figure.maxMs,
    ...(figure.goalMs === undefined ? {} : { goal: figure.goalMs }),
    ...(figure.reference === undefined ? {} : { reference: figure.reference }),
  };
}

async function serve(dir) {
  const server = createServer(async (request, response) => {
    const path =
      normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(dir, path));
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
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
  return server;
}

async function runPage(browser, port, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => console.log(`  [${name}] ${message.text()}`));
  page.on('pageerror', (error) => console.error(`  [${name} error] ${error.message}`));
  const cdp = await context.newCDPSession(page);
  await page.exposeFunction('benchMetrics', async () => {
    // Twice: the first collection can leave DOM wrappers that only the second one frees.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const { nodes } = await cdp.send('Memory.getDOMCounters');
    return { heap: usedSize, nodes };
  });
  await page.exposeFunction('benchPress', (key) => page.keyboard.press(key));
  try {
    await page.goto(`http://127.0.0.1:${port}/${name}.html`);
    await page.waitForFunction(() => window.benchResult || window.benchError, undefined, {
      timeout: TIMEOUT_MS,
      polling: 500,
    });
    const error = await page.evaluate(() => window.benchError);
    if (error) throw new Error(`The ${name} benchmark failed in the browser: ${error}`);
    return await page.evaluate(() => window.benchResult);
  } finally {
    await context.close();
  }
}

function format(value, unit) {
  if (unit === 'nodes' || unit === 'frames') return String(Math.round(value));
  if (unit === 'ratio') return value.toFixed(2);
  return value.toFixed(unit === 'MB' ? 2 : 1);
}

function printTable(results) {
  const rows = [];
  for (const [page, result] of Object.entries(results)) {
    for (const [name, figure] of Object.entries(result.figures)) rows.push({ page, name, ...figure });
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`\n${'figure'.padEnd(width)}  unit     median      min      max  runs  goal`);
  for (const row of rows) {
    const cell = (value) => format(value, row.unit).padStart(8);
    const goal =
      row.goal === undefined
        ? ''
        : `≤ ${format(row.goal, row.unit)} ${row.median <= row.goal ? 'met' : 'MISSED'}`;
    console.log(
      `${row.name.padEnd(width)}  ${row.unit.padEnd(6)} ${cell(row.median)} ${cell(row.min)} ${cell(row.max)}  ${String(row.runs).padStart(4)}  ${goal}`,
    );
    if (row.reference) console.log(`${''.padEnd(width)}    ↳ reference: ${row.reference}`);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'conv-bench-'));
let server;
let browser;
try {
  if (nodeRuns.length && !existsSync('dist/conv-elements.js'))
    throw new Error('The cold-load figures load the script-tag bundles: run `npm run build` first.');
  if (pages.length)
    await build({
      entryPoints: Object.fromEntries(pages),
      bundle: true,
      format: 'esm',
      splitting: true,
      platform: 'browser',
      target: 'es2022',
      outdir: dir,
      tsconfig: 'tsconfig.json',
      // Measure the production build of Lit and of this library, as a portal ships it.
      define: { CONV_DEV_MODE: 'false' },
      // package.json's `sideEffects` names dist/ files only: without this, esbuild would drop the
      // pages' `import '../src/define/….js'` (they define the elements) as side-effect free.
      ignoreAnnotations: true,
      logLevel: 'warning',
    });
  for (const [name] of pages) {
    await writeFile(
      join(dir, `${name}.html`),
      `<!doctype html><meta charset="utf-8"><title>${name} bench</title><body style="margin:0"><script type="module" src="./${name}.js"></script>`,
    );
  }
  server = await serve(dir);
  const { port } = server.address();
  browser = await chromium.launch({
    executablePath: findBrowser(),
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    headless: true,
  });
  const results = {};
  for (const [name] of pages) {
    console.log(`▶ ${name}`);
    const result = await runPage(browser, port, name);
    results[name] = {
      ...result,
      figures: Object.fromEntries(
        Object.entries(result.figures).map(([key, figure]) => [key, normalise(figure)]),
      ),
    };
  }
  for (const [name, run] of nodeRuns) {
    console.log(`▶ ${name}`);
    results[name] = await run(browser);
  }
  const first = Object.values(results).find((result) => result.environment);
  if (first) {
    console.log(`\n${first.environment.userAgent}`);
    console.log(
      `cross-origin isolated: ${first.environment.crossOriginIsolated}; ${first.environment.hardwareConcurrency} cores`,
    );
  }
  console.log(
    `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  printTable(results);
  await mkdir('bench-results', { recursive: true });
  let previous = {};
  if (only.length) previous = JSON.parse(await readFile(OUTPUT, 'utf8').catch(() => '{}')).pages ?? {};
  await writeFile(
    OUTPUT,
    `${JSON.stringify({ date: new Date().toISOString(), pages: { ...previous, ...results } }, null, 2)}\n`,
  );
  console.log(`\nWritten to ${OUTPUT}. "To pixels" figures are upper bounds (see bench/ui.bench.ts).`);
} finally {
  await browser?.close();
  server?.close();
  await rm(dir, { recursive: true, force: true });
}
