// `npm run size`: how many bytes the script-include bundles cost.
//
// 1. A static view of each bundle: minified, gzip -9 and brotli (quality 11). "Eager" is the entry
//    and the chunks it imports statically; "all" adds every chunk it can load later through
//    dynamic import(), whether or not a page ever asks for it.
// 2. The budgets, measured as a browser loads them: Debian's Chromium (playwright-core)
//    opens small pages (scripts/size-pages/) served from the repo root, the script records every
//    JavaScript file the page fetched until the page shows what a member would see and the
//    network has gone quiet, and adds up the brotli bytes of those files. Only the demo
//    directory's chunk is left out: it is demo data, fetched only while seeding. Chunk hashes
//    inside the files are replaced by stable ones of the same length before compressing (see
//    `brotli`), so that a figure moves only when the code of what the page loads does.
// 3. The first view of a real portal's inbox (scripts/size-pages/first-view-http.html): the
//    envelope, the inbox with its list and an open thread, on the HTTP adapter against a
//    reference server this script starts on 127.0.0.1 (scripts/size-pages/http-portal.mjs),
//    before any interaction. Its budget is a ratchet kept in scripts/size-budgets.json: a commit
//    may lower it, and raises it only saying why in its message.
// 4. Everything a member can reach on the inbox page, on each adapter: what the page loaded, plus
//    every chunk those files can still import() (compose, the client...). The entry bundle's own
//    import()s are the elements it defines on sight: only those the page places count, and they
//    are the ones it loaded. On the HTTP adapter the local adapter's chunk is left out: only a
//    page with `<conv-provider viewer>` loads it.
//
// `--check` (run by `npm test` after the build) exits 1 when an enforced budget is broken. The
// figures are also written to bench-results/size.json.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { HTTP_BUILD, buildWithHttpAdapter } from './size-pages/http-build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLES = ['dist/conv-elements.js', 'dist/conv-envelope-badge.js'];
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*from\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["']([^"']+\.js)["']\s*\)/g;
const OUTPUT = 'bench-results/size.json';
const RATCHET = 'scripts/size-budgets.json';
/** How long a page may take to show what the measurement waits for before the run fails. */
const WAIT_MS = 30_000;
/** No request in flight for this long counts as "the page has loaded everything it will". */
const QUIET_MS = 500;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

function imports(file, pattern) {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(pattern)].map((match) => normalize(join(dirname(file), match[1])));
}

/** Every file a bundle loads, following static imports, and dynamic ones too when asked. */
export function closure(entry, { dynamic }) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...imports(file, STATIC_IMPORT));
    if (dynamic) queue.push(...imports(file, DYNAMIC_IMPORT));
  }
  return [...seen];
}

/** A chunk's file name as its importers write it: `name-` then rollup's hash, hexadecimal. */
const HASHED_NAME = /([\w-]+?)-[0-9a-f]{8}\.js/g;
const stableHash = (name) => createHash('sha256').update(name).digest('hex').slice(0, 8);

/**
 * Brotli (quality 11) of a file, with every chunk hash in it replaced by one derived from the
 * chunk's name alone, of the same length and as random. A chunk's hash changes with every chunk it
 * imports, so an edit of the local adapter renames it, and with it the bytes of every chunk that
 * names it; brotli at quality 11 then moves a 50 kB chunk by tens of bytes either way for a change
 * that is not in it. Stable names keep the figures, and the ratchet, to changes of the code itself.
 */
function brotli(bytes) {
  const stable = Buffer.from(
    bytes.toString('latin1').replace(HASHED_NAME, (_, name) => `${name}-${stableHash(name)}.js`),
    'latin1',
  );
  return brotliCompressSync(stable, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: stable.length },
  }).length;
}

export function measure(files) {
  const totals = { min: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    totals.min += bytes.length;
    totals.gzip += gzipSync(bytes, { level: 9 }).length;
    totals.brotli += brotli(bytes);
  }
  return totals;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`.padStart(9);
const B = (bytes) => `${bytes.toLocaleString('en-US')} B`;

/** Demo data a page fetches only while seeding an empty database: not part of any budget. */
const isDemoData = (file) => /(?:^|\/)demo-directory-[\w-]+\.js$/.test(file);
/** The built-in local adapter's chunk, which a page on another adapter never loads. */
const isLocalAdapter = (file) => /(?:^|\/)chunks\/local-[\w-]+\.js$/.test(file);

/** An element's own chunk, which an entry bundle imports when the page places that element. */
const isElementChunk = (file) => /(?:^|\/)chunks\/conv-[a-z-]+-[\da-f]+\.js$/.test(file);

/**
 * What a member can reach from the files a page loaded: those files, their static imports, and
 * their import()s, but for the entry bundles' import()s of elements' chunks (they define elements
 * on sight: the page loaded the ones it places, and what those open they import themselves). An
 * entry's other import()s are the client's, which holds in `conv-elements.js` (the outbox's
 * delivery, the rules loaded on first use). `leaveOut` drops chunks that page can never load.
 */
export function reachable(loaded, leaveOut = () => false) {
  const entries = new Set(
    [...BUNDLES, `${HTTP_BUILD}/conv-elements.js`, `${HTTP_BUILD}/conv-envelope-badge.js`].map((file) =>
      normalize(file),
    ),
  );
  const seen = new Set();
  const queue = loaded.filter((file) => /\.m?js$/.test(file)).map((file) => normalize(file));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || leaveOut(file) || !existsSync(file)) continue;
    seen.add(file);
    queue.push(...imports(file, STATIC_IMPORT));
    const later = imports(file, DYNAMIC_IMPORT);
    queue.push(...(entries.has(file) ? later.filter((imported) => !isElementChunk(imported)) : later));
  }
  return [...seen].map((file) => file.split(sep).join('/')).sort();
}

/**
 * The budgets. `enforce` makes `--check` fail when the budget is broken; an unenforced one
 * is printed against its goal without failing. The goals are the issue's: never raise one to pass.
 */
function budgets(ratchet) {
  return [
    { page: 'badge', name: 'badge only', goal: 7_000, enforce: true },
    {
      page: 'firstViewHttp',
      name: 'first view: envelope + inbox + open thread (HTTP adapter)',
      goal: ratchet.firstViewHttp,
      enforce: true,
      ratchet: true,
    },
    {
      page: 'firstViewHttp',
      name: "first view, the issue's goal",
      goal: 30_000,
      enforce: false,
    },
    {
      page: 'inbox',
      name: 'badge + inbox + compose (local adapter, lazy chunks)',
      goal: 30_000,
      enforce: false,
    },
  ];
}

/**
 * Serves the repo root, uncached, so every page of the run fetches every file it needs. `served`
 * keeps the bytes sent for each path (those are what gets weighed, even if dist/ is rebuilt
 * meanwhile) and the order of requests (to catch a script the page's events did not report).
 */
async function serve(served, vars) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(ROOT, path));
    if (relative(ROOT, file).startsWith('..')) {
      response.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      // The HTTP pages' %CONV_…% placeholders: the reference server and the viewer's token.
      if (extname(file) === '.html')
        body = Buffer.from(body.toString('utf8').replace(/%(CONV_\w+)%/g, (all, name) => vars[name] ?? all));
      const key = relative(ROOT, file).split(sep).join('/');
      served.bytes.set(key, body);
      served.log.push(key);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/**
 * Follows one page's network: the JavaScript it fetched (paths relative to the repo root), what
 * went wrong, and a wait for the network to go quiet.
 */
function watch(page, origin, { http = false } = {}) {
  const scripts = new Set();
  const problems = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  const settle = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  // On the HTTP adapter the page also calls the API, on the reference server's origin, and keeps
  // its event stream open for good: only the page's own origin (its scripts) counts as traffic.
  const ours = (request) => new URL(request.url()).origin === origin;
  page.on('request', (request) => {
    if (!ours(request)) return;
    inFlight++;
    lastActivity = Date.now();
  });
  page.on('requestfinished', (request) => ours(request) && settle());
  page.on('requestfailed', (request) => {
    if (!ours(request)) {
      // The event stream is cut when the page closes; any other failed API call is a problem.
      if (!new URL(request.url()).pathname.endsWith('/v1/events'))
        problems.push(
          `API request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`,
        );
      return;
    }
    settle();
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`);
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    const isScript = response.request().resourceType() === 'script' || url.pathname.endsWith('.js');
    if (!isScript) return;
    if (url.origin !== origin) {
      problems.push(`script from another origin, not measured: ${url.href}`);
    } else if (response.status() !== 200) {
      problems.push(`script answered ${response.status()}: ${url.pathname}`);
    } else {
      scripts.add(decodeURIComponent(url.pathname).replace(/^\/+/, ''));
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  async function quiet(what) {
    // networkidle never comes on the HTTP adapter: its event stream stays open.
    if (!http) await page.waitForLoadState('networkidle', { timeout: WAIT_MS });
    // networkidle fires once per navigation; chunks imported later (the client, compose) need
    // their own quiet window, measured from the last request that started or ended.
    const deadline = Date.now() + WAIT_MS;
    while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: the network never went quiet within ${WAIT_MS / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { scripts, problems, quiet };
}

/** Runs `step`, turning a Playwright timeout into a sentence that says what never appeared. */
async function expectWithin(what, problems, step) {
  try {
    return await step();
  } catch (error) {
    // `what` may be a function, to say what the page showed instead (asked only on failure).
    const text = typeof what === 'function' ? await what() : what;
    const detail = problems.length ? `\n  seen on the page:\n  - ${problems.join('\n  - ')}` : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${text} (${reason})${detail}`);
  }
}

/** Two letters of a demo member's name (Emma Johansson), so the recipient search runs and finds her. */
const SEARCH = 'Em';

/** Opens `path`, failing with the status when the server has no such page. */
async function open(page, origin, path) {
  const response = await page.goto(`${origin}/${path}`, { timeout: WAIT_MS });
  if (!response?.ok()) throw new Error(`${path} answered ${response?.status() ?? 'nothing'}`);
}

const rows = (page) =>
  page.locator('conv-conversation-list').getByRole('listbox').getByRole('option').first();

/** The envelope's accessible name, read from its shadow DOM (runs in the page). */
function envelopeLabel() {
  const badge = document.querySelector('conv-envelope-badge');
  return badge?.shadowRoot?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '(not rendered)';
}

/** True once the envelope's name counts unread messages (runs in the page: self-contained). */
function saysUnread() {
  const badge = document.querySelector('conv-envelope-badge');
  const label = badge?.shadowRoot?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '';
  return Number(label.match(/\d+/)?.[0] ?? 0) > 0;
}

/** What each measured page does before its scripts are summed; each ends when the network is quiet. */
const SCENARIOS = {
  badge: {
    title: 'badge only',
    path: 'scripts/size-pages/badge.html',
    async run(page, { problems, quiet }) {
      const never = `badge.html: the envelope never said it has unread messages within ${WAIT_MS / 1000} s`;
      await expectWithin(
        async () => `${never}; its name: "${await page.evaluate(envelopeLabel).catch(() => '(page gone)')}"`,
        problems,
        () => page.waitForFunction(saysUnread, undefined, { timeout: WAIT_MS }),
      );
      await quiet('badge.html');
    },
  },
  inbox: {
    title: 'badge + inbox + compose',
    path: 'scripts/size-pages/inbox.html',
    async run(page, { problems, quiet }) {
      await expectWithin(
        `inbox.html: the inbox showed no conversation within ${WAIT_MS / 1000} s`,
        problems,
        () => rows(page).waitFor({ timeout: WAIT_MS }),
      );
      // Compose opens the way a member opens it: "Start conversation", then a search by name.
      await expectWithin('inbox.html: no "Start conversation" button to click', problems, () =>
        page
          .locator('conv-inbox')
          .getByRole('button', { name: 'Start conversation', exact: true })
          .click({ timeout: WAIT_MS }),
      );
      const search = page.locator('conv-compose').getByRole('combobox');
      await expectWithin('inbox.html: compose opened no recipient search', problems, () =>
        search.pressSequentially(SEARCH, { timeout: WAIT_MS }),
      );
      await expectWithin(
        `inbox.html: the recipient search offered nobody for "${SEARCH}" within ${WAIT_MS / 1000} s`,
        problems,
        () => page.locator('conv-compose').getByRole('option').first().waitFor({ timeout: WAIT_MS }),
      );
      await quiet('inbox.html');
    },
  },
  firstViewHttp: {
    title: 'first view: envelope + inbox + open thread, HTTP adapter',
    path: 'scripts/size-pages/first-view-http.html',
    adapter: 'http',
    async run(page, { problems, quiet }) {
      const never = `first-view-http.html: the envelope never said it has unread messages within ${WAIT_MS / 1000} s`;
      await expectWithin(
        async () => `${never}; its name: "${await page.evaluate(envelopeLabel).catch(() => '(page gone)')}"`,
        problems,
        () => page.waitForFunction(saysUnread, undefined, { timeout: WAIT_MS }),
      );
      await expectWithin(
        `first-view-http.html: the inbox showed no conversation within ${WAIT_MS / 1000} s`,
        problems,
        () => rows(page).waitFor({ timeout: WAIT_MS }),
      );
      // The open thread: the last message the reference portal wrote in it.
      await expectWithin(
        `first-view-http.html: the open thread showed no message within ${WAIT_MS / 1000} s`,
        problems,
        () =>
          page
            .locator('conv-thread')
            .getByText(/^Message 6 of 6/)
            .first()
            .waitFor({ timeout: WAIT_MS }),
      );
      await quiet('first-view-http.html');
    },
  },
  profile: {
    title: 'profile: badge + contact button + notifier, no budget',
    path: 'scripts/size-pages/profile.html',
    async run(page, { problems, quiet }) {
      // The member's way in: the contact button opens compose with Noa already chosen.
      await expectWithin('profile.html: no contact button to click', problems, () =>
        page.locator('conv-contact-button').getByRole('button').click({ timeout: WAIT_MS }),
      );
      await expectWithin('profile.html: compose opened no message box', problems, () =>
        page.locator('conv-compose').getByRole('textbox', { name: 'Message' }).waitFor({ timeout: WAIT_MS }),
      );
      await quiet('profile.html');
    },
  },
};

/** Opens every page in one browser context and returns, per page, the files it loaded. */
async function measureInBrowser(served, vars) {
  const [{ chromium }, { CHROMIUM_ARGS, findBrowser }] = await Promise.all([
    import('playwright-core'),
    import('./browser.mjs'),
  ]);
  let server;
  let browser;
  let portal;
  try {
    server = await serve(served, vars);
    const origin = `http://127.0.0.1:${server.address().port}`;
    const { startHttpPortal } = await import('./size-pages/http-portal.mjs');
    portal = await startHttpPortal({ pageOrigins: [origin] });
    Object.assign(vars, {
      CONV_API: portal.api,
      CONV_TOKEN: portal.token,
      CONV_CONVERSATION: portal.conversation,
    });
    browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS, headless: true });
    // One context: the pages share IndexedDB, so the measured visits find the demo seeded.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The HTTP pages get a context of their own: nothing of the local adapter's database.
    const httpContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });

    // Not measured: seeds the demo database, which fetches the demo directory.
    const seeding = await context.newPage();
    const seedWatch = watch(seeding, origin);
    await open(seeding, origin, SCENARIOS.inbox.path);
    await expectWithin(
      `inbox.html (seeding): the inbox showed no conversation within ${WAIT_MS / 1000} s`,
      seedWatch.problems,
      () => rows(seeding).waitFor({ timeout: WAIT_MS }),
    );
    await seedWatch.quiet('inbox.html (seeding)');
    await seeding.close();
    const seeded = [...seedWatch.scripts].filter(isDemoData);

    const pages = {};
    for (const [key, scenario] of Object.entries(SCENARIOS)) {
      const page = await (scenario.adapter === 'http' ? httpContext : context).newPage();
      const watched = watch(page, origin, { http: scenario.adapter === 'http' });
      const from = served.log.length;
      await open(page, origin, scenario.path);
      await scenario.run(page, watched);
      await page.close();
      // A script fetched outside the page's own network events (a worker's, say) still counts.
      for (const path of served.log.slice(from)) {
        if (!/\.m?js$/.test(path) || watched.scripts.has(path)) continue;
        watched.scripts.add(path);
        console.warn(`  [${scenario.path}] ${path}: served, though the page reported no response for it`);
      }
      const broken = watched.problems.filter((p) => !p.startsWith('page error'));
      if (broken.length) throw new Error(`${scenario.path}: ${broken.join('; ')}`);
      for (const problem of watched.problems) console.warn(`  [${scenario.path}] ${problem}`);
      pages[key] = { title: scenario.title, path: scenario.path, scripts: [...watched.scripts].sort() };
    }
    return { pages, seeded, chromium: browser.version() };
  } finally {
    await browser?.close();
    await portal?.stop();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

/** Brotli bytes of each file a page loaded, as the server sent it. */
function weigh(scripts, served, { reached = false } = {}) {
  const files = [];
  const excluded = [];
  for (const script of scripts) {
    if (isDemoData(script)) {
      excluded.push(script);
      continue;
    }
    // A reachable chunk no page fetched is weighed as it is on disk.
    const bytes = served.bytes.get(script) ?? (reached ? readFileSync(join(ROOT, script)) : undefined);
    if (!bytes && !reached)
      throw new Error(`${script} was loaded by the page but not served by this script's server`);
    files.push({ file: script, min: bytes.length, brotli: brotli(bytes) });
  }
  return { files, excluded, brotli: files.reduce((sum, file) => sum + file.brotli, 0) };
}

async function main() {
  if (!BUNDLES.every((file) => existsSync(join(ROOT, file)))) {
    console.error('No bundles in dist/: run `npm run build` first.');
    return 1;
  }
  process.chdir(ROOT);
  const bundles = [];
  console.log('bundle                          files       min      gzip    brotli');
  for (const bundle of BUNDLES) {
    for (const dynamic of [false, true]) {
      const files = closure(bundle, { dynamic });
      const size = measure(files);
      const name = `${bundle.replace('dist/', '')} (${dynamic ? 'all' : 'eager'})`;
      bundles.push({ bundle, imports: dynamic ? 'all' : 'eager', files: files.length, ...size });
      console.log(
        `${name.padEnd(32)}${String(files.length).padStart(5)} ${kB(size.min)} ${kB(size.gzip)} ${kB(size.brotli)}`,
      );
    }
  }

  let measured;
  const served = { bytes: new Map(), log: [] };
  try {
    await buildWithHttpAdapter();
    measured = await measureInBrowser(served, {});
  } catch (error) {
    console.error(
      `\nSize budgets: the measurement in Chromium failed.\n${error instanceof Error ? error.message : error}`,
    );
    return 1;
  }

  console.log(`\nwhat Chromium ${measured.chromium} loads (brotli, quality 11; demo data left out)`);
  // Says whether the unmeasured first visit seeded the database, as the measured ones rely on.
  console.log(
    `  (first visit, not measured, seeded the demo database: ${measured.seeded.join(', ') || 'loaded no demo data'})`,
  );
  const pages = {};
  for (const [key, page] of Object.entries(measured.pages)) {
    const weighed = weigh(page.scripts, served);
    pages[key] = { title: page.title, path: page.path, ...weighed };
    console.log(`  ${page.title} (${page.path})`);
    for (const file of weighed.files)
      console.log(`    ${file.file.padEnd(52)} ${B(file.brotli).padStart(9)}`);
    for (const file of weighed.excluded) console.log(`    ${file.padEnd(52)} (demo data, left out)`);
    console.log(`    ${'total'.padEnd(52)} ${B(weighed.brotli).padStart(9)}`);
  }

  // Everything a member can reach on the inbox page, per adapter (see the header).
  const reach = {
    reachHttp: {
      title: 'everything reachable on the inbox page, HTTP adapter',
      from: 'firstViewHttp',
      leaveOut: (file) => isDemoData(file) || isLocalAdapter(file),
    },
    reachLocal: {
      title: 'everything reachable on the inbox page, local adapter',
      from: 'inbox',
      leaveOut: isDemoData,
    },
  };
  for (const [key, { title, from, leaveOut }] of Object.entries(reach)) {
    const files = reachable(
      pages[from].files.map((file) => file.file),
      leaveOut,
    );
    const weighed = weigh(files, served, { reached: true });
    const loaded = new Set(pages[from].files.map((file) => file.file));
    pages[key] = { title, path: pages[from].path, ...weighed };
    console.log(`  ${title} (${pages[from].path} and what it can import())`);
    for (const file of weighed.files)
      if (!loaded.has(file.file)) console.log(`    + ${file.file.padEnd(50)} ${B(file.brotli).padStart(9)}`);
    console.log(`    ${'total'.padEnd(52)} ${B(weighed.brotli).padStart(9)}`);
  }

  const ratchet = JSON.parse(readFileSync(join(ROOT, RATCHET), 'utf8'));
  console.log(
    `\nbudgets (brotli of what the page loads, chunk hashes made stable; the ratchet is ${RATCHET})`,
  );
  let broken = 0;
  const checked = budgets(ratchet).map((budget) => {
    const figure = pages[budget.page].brotli;
    const met = figure <= budget.goal;
    if (!met && budget.enforce) broken++;
    const verdict = met ? 'met' : budget.enforce ? 'not met (enforced)' : 'not met (reported, not enforced)';
    console.log(`  ${budget.name.padEnd(58)} ${B(figure).padStart(9)} ≤ ${B(budget.goal)}  ${verdict}`);
    if (budget.ratchet && figure < budget.goal)
      console.log(`    (${B(budget.goal - figure)} under the ratchet: lower ${RATCHET} to ${figure})`);
    return { ...budget, brotli: figure, met };
  });
  for (const key of Object.keys(reach))
    console.log(`  ${pages[key].title.padEnd(58)} ${B(pages[key].brotli).padStart(9)}  (reported)`);

  await mkdir(join(ROOT, dirname(OUTPUT)), { recursive: true });
  const report = {
    measuredAt: new Date().toISOString(),
    chromium: measured.chromium,
    bundles,
    pages,
    budgets: checked,
  };
  await writeFile(join(ROOT, OUTPUT), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${OUTPUT}.`);

  if (process.argv.includes('--check') && broken > 0) {
    console.error(`${broken} enforced size budget(s) broken.`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
