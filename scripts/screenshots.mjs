// `npm run screenshots`: PNGs of every demo page and state, in light, dark, right to left
// (Arabic) and forced colours, taken with headless Chromium (playwright-core) once each state
// has really loaded.
// Writes screenshots/<variant>/<name>.png (git-ignored). `--readme` also writes
// docs/screenshot.png, the one picture in the README. Builds dist first when the script-tag
// page's bundle is missing.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { CHROMIUM_ARGS, findBrowser } from './browser.mjs';
import { run } from './run.mjs';

const VARIANTS = [
  { name: 'light', colorScheme: 'light', query: '' },
  { name: 'dark', colorScheme: 'dark', query: '' },
  { name: 'rtl', colorScheme: 'light', query: 'lang=ar' },
  // Windows high contrast: the elements must stay usable with system colours only.
  { name: 'forced-colors', colorScheme: 'dark', forcedColors: 'active', query: '' },
];
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const readme = process.argv.includes('--readme');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
  });
}

if (!existsSync('dist/conv-elements.js')) {
  const code = await run('node', ['scripts/build.mjs']);
  if (code !== 0) process.exit(code);
}

const port = await freePort();
const server = await startDevServer({
  config: {
    rootDir: '.',
    hostname: '127.0.0.1',
    port,
    nodeResolve: { exportConditions: ['development'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    watch: false,
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
const origin = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });

/** Waits until a function over the page's (shadow) DOM returns true. */
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 20_000 });

const listRows = () =>
  document
    .querySelector('conv-inbox')
    ?.shadowRoot?.querySelector('conv-conversation-list')
    ?.shadowRoot?.querySelectorAll('[part~="row"]').length > 0;

async function openFirstConversation(page) {
  await page.evaluate(() => {
    const list = document.querySelector('conv-inbox').shadowRoot.querySelector('conv-conversation-list');
    list.shadowRoot.querySelector('[part~="row"]').click();
  });
  await until(page, () =>
    document
      .querySelector('conv-inbox')
      ?.shadowRoot?.querySelector('conv-thread')
      ?.shadowRoot?.querySelector('[part~="message"]'),
  );
}

/** Lets fonts, transitions and a last render settle, by waiting on the page's own frames. */
async function settle(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
  await page.evaluate(() => document.fonts.ready);
}

const shots = [
  {
    name: 'portal',
    path: '/demo/',
    async ready(page) {
      await until(page, listRows);
    },
  },
  {
    name: 'portal-conversation',
    path: '/demo/',
    viewport: { width: 1280, height: 960 },
    fullPage: false,
    async ready(page) {
      await until(page, listRows);
      await openFirstConversation(page);
      // The header, the profile and the inbox in one view: fold the theme panel away.
      await page.evaluate(() => {
        document.querySelector('.theme-panel').open = false;
        window.scrollTo(0, 0);
      });
    },
  },
  {
    name: 'portal-narrow',
    path: '/demo/',
    viewport: { width: 390, height: 844 },
    async ready(page) {
      await until(page, listRows);
    },
  },
  {
    // A phone with a conversation open: the thread's header must leave room for messages.
    name: 'portal-narrow-conversation',
    path: '/demo/',
    viewport: { width: 390, height: 844 },
    fullPage: false,
    async ready(page) {
      await until(page, listRows);
      await openFirstConversation(page);
      await page.evaluate(() => document.querySelector('conv-inbox').scrollIntoView());
    },
  },
  {
    // Search (S30): results for a word, the matches marked.
    name: 'portal-search',
    path: '/demo/',
    viewport: { width: 1280, height: 960 },
    fullPage: false,
    async ready(page) {
      await until(page, listRows);
      await page.evaluate(() => {
        document.querySelector('.theme-panel').open = false;
        document.querySelector('conv-inbox').shadowRoot.querySelector('[part="search"]').click();
      });
      await until(page, () =>
        document.querySelector('conv-inbox').shadowRoot.querySelector('conv-conversation-search'),
      );
      await page.evaluate(() => {
        const search = document
          .querySelector('conv-inbox')
          .shadowRoot.querySelector('conv-conversation-search');
        const field = search.shadowRoot.querySelector('[part="field"]');
        field.value = 'draft';
        field.dispatchEvent(new Event('input'));
        document.querySelector('conv-inbox').scrollIntoView();
      });
      await until(page, () =>
        document
          .querySelector('conv-inbox')
          .shadowRoot.querySelector('conv-conversation-search')
          .shadowRoot.querySelector('mark'),
      );
    },
  },
  {
    name: 'compose-dialog',
    path: '/demo/',
    fullPage: false,
    async ready(page) {
      await until(page, listRows);
      await page.evaluate(() => {
        const button = document.querySelector('conv-contact-button');
        button.shadowRoot.querySelector('button').click();
      });
      await until(page, () => {
        const compose = document
          .querySelector('conv-contact-button')
          ?.shadowRoot?.querySelector('conv-compose');
        return compose?.shadowRoot?.querySelector('dialog[open]');
      });
    },
  },
  {
    name: 'side-by-side',
    path: '/demo/side-by-side.html',
    viewport: { width: 1400, height: 900 },
    async ready(page) {
      await until(page, () =>
        [...document.querySelectorAll('conv-inbox')].every(
          (inbox) =>
            inbox.shadowRoot
              ?.querySelector('conv-conversation-list')
              ?.shadowRoot?.querySelectorAll('[part~="row"]').length > 0,
        ),
      );
    },
  },
  {
    name: 'cms',
    path: '/demo/cms.html',
    async ready(page) {
      await until(page, listRows);
    },
  },
  { name: 'gallery', path: '/demo/gallery.html', states: true },
];

let count = 0;
for (const variant of VARIANTS) {
  if (only && !variant.name.startsWith(only) && !shots.some((shot) => shot.name === only)) continue;
  const directory = `screenshots/${variant.name}`;
  mkdirSync(directory, { recursive: true });
  for (const shot of shots) {
    if (only && shot.name !== only && variant.name !== only) continue;
    // A context per picture: storage of its own, so each demo starts freshly seeded.
    const context = await browser.newContext({
      viewport: shot.viewport ?? { width: 1280, height: 900 },
      colorScheme: variant.colorScheme,
      forcedColors: variant.forcedColors ?? 'none',
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`${variant.name}/${shot.name}: ${error.message}`));
    const url = `${origin}${shot.path}${variant.query && !shot.path.includes('cms') ? `?${variant.query}` : ''}`;
    await page.goto(url);
    if (shot.path.includes('cms') && variant.query) {
      // The CMS page has no theme panel: right to left is the page's own lang and dir.
      await page.evaluate(() => {
        document.documentElement.lang = 'ar';
        document.documentElement.dir = 'rtl';
      });
    }
    if (shot.states) {
      await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
      for (const card of await page.locator('section.state').all()) {
        const id = await card.getAttribute('id');
        await card.scrollIntoViewIfNeeded();
        // Virtualized lists draw rows only once on screen.
        await until(
          page,
          (key) => {
            const inbox = document.querySelector(`#${key} conv-inbox`);
            const list = inbox?.shadowRoot?.querySelector('conv-conversation-list')?.shadowRoot;
            if (!list) return false;
            // Rows, or a status (empty, loading, error); a bare placeholder means rows still to draw.
            const text = list.textContent.replace(/\s+/g, ' ').trim();
            return (
              list.querySelector('[part~="row"]') !== null ||
              (text !== '' && !/^(&nbsp;|\u00a0)?$/.test(text))
            );
          },
          id,
        );
        await settle(page);
        await card.screenshot({ path: `${directory}/${id}.png` });
        count++;
      }
    } else {
      await shot.ready(page);
      await settle(page);
      await page.screenshot({ path: `${directory}/${shot.name}.png`, fullPage: shot.fullPage ?? true });
      count++;
      if (readme && variant.name === 'light' && shot.name === 'portal-conversation') {
        mkdirSync('docs', { recursive: true });
        await page.screenshot({ path: 'docs/screenshot.png' });
      }
    }
    await context.close();
  }
}

await browser.close();
await server.stop();
console.log(`Wrote ${count} screenshots under screenshots/${readme ? ', and docs/screenshot.png' : ''}.`);
