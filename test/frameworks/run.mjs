// The framework pages: conv-elements as portal developers get it (the packed tarball, installed
// from npm's registry beside React 19, Vue 3, Svelte 5 and Angular), each app built with its own
// toolchain and used in one shared Chromium. Run from the repository's root after `npm run build`
// (`npm test` does both): `node test/frameworks/run.mjs [counts.json]`.
//
// Each app places the same things: a provider configured by attributes with an envelope, a
// contact button and an inbox; a provider given an adapter as a property, with an envelope; and
// an `<output id="opened">` that the app's own handler of `conv-open-inbox` counts in.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const OUT = join(HERE, '.build');
const APPS = ['react', 'vue', 'svelte', 'angular'];
const UNREAD_NAME = /^Conversations, [1-9]\d* unread$/;

const results = [];
function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(
    `${ok ? '  ✓' : '  ✗'} ${name}${ok || !detail ? '' : `\n      ${detail.replace(/\n/g, '\n      ')}`}`,
  );
}

const seconds = (start) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** Runs a command and records whether it succeeded, with its output when it did not. */
async function check(name, command, args, cwd = HERE) {
  const start = Date.now();
  let failure = '';
  try {
    await promisify(execFile)(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
  } catch (error) {
    failure = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error);
  }
  record(`${name} (${seconds(start)})`, failure === '', failure.split('\n').slice(0, 30).join('\n'));
  return failure === '';
}

/** npm pack, then the apps' dependencies and the tarball, as a user installs them. */
async function install() {
  const scratch = mkdtempSync(join(tmpdir(), 'conv-pack-'));
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const tarball = join(scratch, file.split('\n').pop());
  // --no-save: the committed lock holds the frameworks; the tarball is new on every run.
  const ok = await check('installs from the packed tarball (npm install)', 'npm', [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    tarball,
  ]);
  rmSync(scratch, { recursive: true, force: true });
  return ok;
}

const bin = (name) => join(HERE, 'node_modules', '.bin', name);

async function buildApps() {
  const { build } = await import(join(HERE, 'node_modules', 'vite', 'dist', 'node', 'index.js'));
  rmSync(OUT, { recursive: true, force: true });
  const built = new Set();
  for (const app of APPS) {
    const root = join(HERE, app);
    if (app === 'angular') {
      rmSync(join(root, '.ngc'), { recursive: true, force: true });
      // Angular's compiler: the template compiled ahead of time, type-checked (strictTemplates).
      const compiled = await check(
        'angular: ngc compiles the component (AOT, strict templates)',
        bin('ngc'),
        ['-p', join(root, 'tsconfig.json')],
      );
      if (!compiled) continue;
    }
    const start = Date.now();
    try {
      await build({
        root,
        configFile: join(root, 'vite.config.mjs'),
        logLevel: 'error',
        build: { outDir: join(OUT, app), emptyOutDir: true, chunkSizeWarningLimit: 2048 },
      });
      record(`${app}: vite build (${seconds(start)})`, true);
      built.add(app);
    } catch (error) {
      record(`${app}: vite build`, false, String(error?.message ?? error));
    }
  }
  return built;
}

/** Type checks of the shipped types, each with the mistakes they must refuse (type-errors.*). */
async function typeChecks() {
  await check('react: the shipped JSX types compile (tsc)', bin('tsc'), ['-p', 'react/tsconfig.json']);
  await check('vue: the shipped GlobalComponents compile (vue-tsc)', bin('vue-tsc'), [
    '-p',
    'vue/tsconfig.json',
  ]);
  await check('preact and solid: the shipped JSX types compile (tsc)', bin('tsc'), [
    '-p',
    'types/tsconfig.json',
  ]);
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

function serve() {
  const server = createServer((request, response) => {
    const path = join(OUT, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!path.startsWith(OUT) || !existsSync(path) || !extname(path)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Whether the envelope of that id is named as having unread messages (run inside the page). */
const namedUnread = ([id, pattern]) =>
  new RegExp(pattern).test(
    document.getElementById(id)?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label') ?? '',
  );

async function usePage(browser, origin, app) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(String(error)));
  const until = async (name, predicate, arg, detail) => {
    try {
      await page.waitForFunction(predicate, arg, { timeout: 15_000 });
      record(`${app}: ${name}`, true);
      return true;
    } catch {
      record(`${app}: ${name}`, false, await detail());
      return false;
    }
  };
  const nameOf = (id) =>
    page.evaluate(
      (id) =>
        document.getElementById(id)?.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label'),
      id,
    );
  try {
    await page.goto(`${origin}/${app}/index.html`);
    await until(
      'the provider, envelope, inbox and contact button render',
      () =>
        ['conv-provider', 'conv-envelope-badge', 'conv-inbox', 'conv-contact-button'].every((tag) => {
          const element = document.querySelector(tag);
          return (
            customElements.get(tag) &&
            element &&
            (tag === 'conv-provider' || element.shadowRoot?.children.length)
          );
        }) &&
        document.querySelector('conv-inbox').shadowRoot.querySelector('conv-conversation-list') &&
        document.querySelector('conv-contact-button').shadowRoot.querySelector('button'),
      undefined,
      async () => `page: ${(await page.content()).slice(0, 400)}`,
    );
    await until(
      "the envelope's accessible name reports the unread count",
      namedUnread,
      ['by-attributes', UNREAD_NAME.source],
      async () => `name: "${await nameOf('by-attributes')}"`,
    );
    await until(
      'attributes work (show-count shows the count; the contact button names its member)',
      () =>
        /^\d+$/.test(
          document.getElementById('by-attributes').shadowRoot.querySelector('[part="count"]')?.textContent ??
            '',
        ) &&
        /Noa Levi/.test(
          document
            .querySelector('conv-contact-button')
            .shadowRoot.querySelector('button')
            ?.getAttribute('aria-label'),
        ),
      undefined,
      async () => 'no count beside the envelope, or no "Noa Levi" in the contact button',
    );
    await until(
      'a property works (the envelope under <conv-provider .adapter> reports unread)',
      namedUnread,
      ['by-property', UNREAD_NAME.source],
      async () => `name: "${await nameOf('by-property')}"`,
    );
    await page.locator('#by-attributes [part="base"]').click();
    await until(
      "the app's conv-open-inbox handler runs and its preventDefault() keeps the link from being followed",
      () => document.getElementById('opened')?.textContent === '1' && location.hash === '',
      undefined,
      async () =>
        `opened: ${await page.textContent('#opened')}, hash: ${await page.evaluate(() => location.hash)}`,
    );
    if (app === 'react') {
      await until(
        'the conv-elements/react wrapper renders',
        namedUnread,
        ['wrapped', UNREAD_NAME.source],
        async () => String(await nameOf('wrapped')),
      );
      await page.locator('#wrapped [part="base"]').click();
      await until(
        "the wrapper's onConvOpenInbox prop runs and its preventDefault() is honoured",
        () => document.getElementById('opened')?.textContent === '2' && location.hash === '',
        undefined,
        async () => `name: "${await nameOf('wrapped')}", opened: ${await page.textContent('#opened')}`,
      );
    }
  } catch (error) {
    record(`${app}: the page could be used`, false, String(error?.message ?? error));
  } finally {
    record(`${app}: no console error`, errors.length === 0, errors.join('\n'));
    await context.close();
  }
}

const started = Date.now();
console.log('Framework pages, from the packed tarball:');
if (await install()) {
  // One after the other: on a shared machine, parallel compilers only slow each other down.
  await typeChecks();
  const built = await buildApps();
  if (built.size) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: findBrowser(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const server = await serve();
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      for (const app of APPS) if (built.has(app)) await usePage(browser, origin, app);
    } finally {
      await browser.close();
      server.close();
    }
  }
}
const passed = results.filter((result) => result.ok).length;
const failed = results.length - passed;
console.log(`Framework pages: ${passed} passed, ${failed} failed (${seconds(started)})`);
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify({ passed, failed }));
process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
