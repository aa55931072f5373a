// A cold load on a slow phone, run by scripts/bench.mjs (Node side: a page cannot throttle itself).
//
// Chromium gets Lighthouse's mobile profile through the DevTools protocol: CPU 4× slower,
// 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, the HTTP cache disabled, and a fresh browser
// context per run (no IndexedDB either). Scripts are served gzip -9 (Chromium sends
// `accept-encoding: br` only over HTTPS). Pages, median of RUNS each:
//   - demo/cms.html, the script-tag page on the local adapter (it seeds its demo database);
//   - the same kind of page on the HTTP adapter, against a reference server on 127.0.0.1
//     (scripts/size-pages/http-portal.mjs), from the bundles built with the HTTP adapter as one
//     more entry (scripts/size-pages/http-build.mjs);
//   - the reference: the same profile loading and evaluating the bundle of the closest kit in
//     kind, Weavy's messenger (@weavy/uikit-web, minified by esbuild here), until
//     `<wy-messenger>` is defined. It cannot render anything without its own service.
// Times are from navigation start (performance.now() in the page): until the envelope's
// accessible name gives the right count, and until the first frame with the list's rows.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { HTTP_BUILD, buildWithHttpAdapter } from '../scripts/size-pages/http-build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;
const WAIT_MS = 60_000;
const PROFILE = {
  cpu: 4,
  latency: 150,
  downloadThroughput: (1.6 * 1_000_000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The script-tag page on the HTTP adapter, as a portal's template would write it (the README's snippet). */
const httpPage = ({ api, token }) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>cold load, HTTP adapter</title>
<link rel="modulepreload" href="/${HTTP_BUILD}/conv-envelope-badge.js">
<script type="module" src="/${HTTP_BUILD}/conv-elements.js"></script>
<script type="module">
  import { connect } from '/${HTTP_BUILD}/conv-elements.js';
  import { HttpAdapter } from '/${HTTP_BUILD}/conv-http-adapter.js';
  connect(new HttpAdapter({ baseUrl: ${JSON.stringify(api)}, token: ${JSON.stringify(token)} }));
</script></head>
<body><header><conv-envelope-badge show-count></conv-envelope-badge></header>
<main><conv-inbox style="--conv-inbox-block-size: 30rem"></conv-inbox></main></body></html>`;

const referencePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>cold load, reference kit</title>
<script type="module">
  import '/reference/weavy-messenger.js';
  customElements.whenDefined('wy-messenger').then(() => (window.coldReferenceReady = performance.now()));
</script></head><body><wy-messenger></wy-messenger></body></html>`;

/**
 * Runs in the page from its first script on: records, at the first animation frame where each
 * holds, when the envelope's name says `expected` and when the list's rows are in the DOM.
 */
function observe(expected) {
  const marks = {};
  window.coldMarks = marks;
  const deep = (root, selector) => {
    const found = root.querySelector(selector);
    if (found) return found;
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        const inner = deep(element.shadowRoot, selector);
        if (inner) return inner;
      }
    }
    return null;
  };
  const frame = (now) => {
    const badge = document.querySelector('conv-envelope-badge');
    const label = badge?.shadowRoot?.querySelector('[aria-label]')?.getAttribute('aria-label');
    if (marks.envelope === undefined && label && expected !== null && label === expected)
      marks.envelope = now;
    if (marks.label !== label) marks.label = label;
    const list = deep(document, 'conv-conversation-list');
    if (marks.rows === undefined && list?.shadowRoot && deep(list.shadowRoot, '[role="option"]'))
      marks.rows = now;
    if (marks.envelope === undefined || marks.rows === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Serves the repo root and the generated pages, gzip -9 (compressed once per file). */
async function serve(extra) {
  const gzipped = new Map();
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let body = extra.get(path);
    if (body === undefined) {
      const file = normalize(join(ROOT, path));
      if (relative(ROOT, file).startsWith('..')) return void response.writeHead(403).end();
      body = await readFile(file).catch(() => undefined);
    }
    if (body === undefined) return void response.writeHead(404).end();
    const headers = {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(body, { level: 9 }));
      body = gzipped.get(path);
      headers['content-encoding'] = 'gzip';
    }
    response.writeHead(200, headers).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Weavy's messenger, bundled and minified as a portal would ship it (its lazy parts split off). */
async function bundleReference() {
  const result = await build({
    stdin: { contents: "export { WyMessenger } from '@weavy/uikit-web';", resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    platform: 'browser',
    target: 'es2022',
    outdir: 'reference',
    entryNames: 'weavy-messenger',
    write: false,
    logLevel: 'error',
    loader: { '.css': 'text', '.svg': 'text', '.woff2': 'file', '.png': 'file' },
  });
  const files = new Map();
  for (const file of result.outputFiles)
    files.set(`/reference/${relative(join(ROOT, 'reference'), file.path)}`, Buffer.from(file.contents));
  return files;
}

async function throttled(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PROFILE.latency,
    downloadThroughput: PROFILE.downloadThroughput,
    uploadThroughput: PROFILE.uploadThroughput,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
}

/** One cold load of `url`; resolves with the page's marks (ms from navigation start). */
async function coldLoad(browser, url, { expected, reference }) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    const page = await context.newPage();
    await throttled(context, page);
    if (!reference) await page.addInitScript(observe, expected);
    await page.goto(url, { timeout: WAIT_MS });
    if (reference) {
      await page.waitForFunction(() => window.coldReferenceReady, undefined, { timeout: WAIT_MS });
      return { ready: await page.evaluate(() => window.coldReferenceReady) };
    }
    await page
      .waitForFunction(
        () => window.coldMarks?.envelope !== undefined && window.coldMarks?.rows !== undefined,
        undefined,
        {
          timeout: WAIT_MS,
          polling: 100,
        },
      )
      .catch(async (error) => {
        const marks = await page.evaluate(() => window.coldMarks);
        throw new Error(
          `${url}: ${error.message.split('\n')[0]}; the envelope said "${marks?.label}", expected "${expected}"`,
        );
      });
    return await page.evaluate(() => window.coldMarks);
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const figure = (values, extra) => ({
  unit: 'ms',
  runs: values.length,
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  ...extra,
});

/** The envelope's name once everything has loaded, unthrottled: the count a cold load must reach. */
async function settledLabel(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(observe, null);
    await page.goto(url, { timeout: WAIT_MS });
    await page
      .locator('conv-conversation-list')
      .getByRole('listbox')
      .getByRole('option')
      .first()
      .waitFor({ timeout: WAIT_MS });
    await page.waitForLoadState('networkidle', { timeout: WAIT_MS });
    await page.waitForTimeout(1000);
    return await page.evaluate(() => window.coldMarks.label);
  } finally {
    await context.close();
  }
}

/** Every figure of the cold load, in the shape scripts/bench.mjs prints. */
export async function coldLoadFigures(browser) {
  const { startHttpPortal } = await import('../scripts/size-pages/http-portal.mjs');
  await buildWithHttpAdapter();
  const extra = await bundleReference();
  const server = await serve(extra);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let portal;
  try {
    portal = await startHttpPortal({ pageOrigins: [origin] });
    extra.set('/cold/http.html', Buffer.from(httpPage(portal)));
    extra.set('/cold/reference.html', Buffer.from(referencePage));
    const referenceBytes = [...extra].filter(([path]) => path.startsWith('/reference/'));
    const referenceGzip = referenceBytes.reduce(
      (sum, [, body]) => sum + gzipSync(body, { level: 9 }).length,
      0,
    );
    const pages = [
      // The demo page's count is what it says once fully loaded (its seed decides it).
      {
        key: 'local adapter (demo/cms.html)',
        url: `${origin}/demo/cms.html`,
        expected: await settledLabel(browser, `${origin}/demo/cms.html`),
      },
      {
        key: 'HTTP adapter (reference server)',
        url: `${origin}/cold/http.html`,
        expected: `Conversations, ${portal.unread} unread`,
      },
    ];
    const runs = { reference: [] };
    for (const page of pages) runs[page.key] = [];
    // Interleaved, so a burst of load on the machine falls on every page alike.
    for (let run = 0; run < RUNS; run++) {
      for (const page of pages) runs[page.key].push(await coldLoad(browser, page.url, page));
      runs.reference.push(await coldLoad(browser, `${origin}/cold/reference.html`, { reference: true }));
    }
    const reference = figure(runs.reference.map((r) => r.ready));
    const referenceText = `Weavy messenger bundle (${(referenceGzip / 1000).toFixed(0)} kB gzip) loaded and evaluated, same profile: median ${reference.median.toFixed(0)} ms`;
    const figures = {};
    for (const page of pages) {
      figures[`cold load, slow phone, ${page.key}: envelope says "${page.expected}"`] = figure(
        runs[page.key].map((r) => r.envelope),
        { goal: 800, reference: referenceText },
      );
      figures[`cold load, slow phone, ${page.key}: list rows painted`] = figure(
        runs[page.key].map((r) => r.rows),
        { goal: 1500, reference: referenceText },
      );
    }
    figures['cold load, slow phone, reference: Weavy messenger defined'] = reference;
    return { figures, profile: PROFILE };
  } finally {
    await portal?.stop();
    server.close();
  }
}
