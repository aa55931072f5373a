// conv-elements/react wraps every element of custom-elements.json, with a camelCase prop for each
// of its events (`conv-open-inbox` → `onConvOpenInbox`): a new element or event cannot be
// forgotten there. Reads the built module (`npm run build` first).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const wrappers = readFileSync(new URL('dist/esm/react/index.js', root), 'utf8');

/** Each `wrap('tag', Class, { onX: 'event' })` call: tag → its event props. */
const wrapped = new Map(
  [...wrappers.matchAll(/wrap\('([\w-]+)',\s*\w+,\s*\{([^}]*)\}/g)].map(([, tag, events]) => [
    tag,
    Object.fromEntries([...events.matchAll(/(\w+):\s*'([\w-]+)'/g)].map(([, prop, event]) => [prop, event])),
  ]),
);

const camel = (event) => `on${event.replace(/(?:^|-)([a-z])/g, (_, letter) => letter.toUpperCase())}`;

for (const element of manifest.modules.flatMap((module) => module.declarations ?? [])) {
  if (!element.customElement || !element.tagName) continue;
  test(`conv-elements/react wraps <${element.tagName}> and its events`, () => {
    const events = wrapped.get(element.tagName);
    assert.ok(events, `no wrapper for <${element.tagName}>`);
    const expected = Object.fromEntries(
      (element.events ?? []).map((event) => [camel(event.name), event.name]),
    );
    assert.deepEqual(events, expected);
  });
}

test('a bundler keeps only the wrappers a page imports (and their elements)', async () => {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: "import { ConvEnvelopeBadge } from 'conv-elements/react'; console.log(ConvEnvelopeBadge);",
      resolveDir: fileURLToPath(root),
    },
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
    // The package's own code is what is measured; its dependencies stay imports.
    external: ['react', '@lit/react', 'lit', 'lit/*', '@lit/*', '@lit-labs/*', 'idb'],
  });
  const code = result.outputFiles[0].text;
  assert.match(code, /conv-envelope-badge/);
  for (const other of ['conv-inbox', 'conv-thread', 'conv-compose', 'conv-notifier']) {
    assert.doesNotMatch(code, new RegExp(other), `${other} was bundled`);
  }
});
