// Imports every entry of the npm package in Node, where there is no DOM, as a server rendering
// the page would (Next.js, Nuxt, Astro): importing must not need `HTMLElement`, `document` or
// `customElements`. Run after the build. The entries are imported by the package's own name
// (Node resolves a package's self-reference through its `exports`), so the export map is what is
// tested, every `*` entry with each file it matches. Only the modules of the npm build
// (dist/esm): the script-include bundles (dist/*.js) are for a browser's `<script>`, with Lit's
// browser build inside, and type or data entries have nothing to run.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const { name, exports } = JSON.parse(readFileSync('package.json', 'utf8'));

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The specifiers an `exports` entry stands for: itself, or one per file its `*` matches. */
function specifiersOf(key, target) {
  const specifier = (part) => `${name}${key.slice(1).replace('*', part)}`;
  if (!key.includes('*')) return [specifier('')];
  const base = target.slice(0, target.indexOf('*'));
  const dir = base.slice(0, base.lastIndexOf('/') + 1);
  // The same `*` in every place of the target: `components/*/*.js` is `components/inbox/inbox.js`.
  const escape = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const [first, ...rest] = target.split('*').map(escape);
  const pattern = new RegExp(`^${first}([^/]+)${rest.join('\\1')}$`);
  return filesUnder(dir)
    .map((file) => `./${relative('.', file)}`.match(pattern)?.[1])
    .filter((part) => part !== undefined)
    .map(specifier);
}

const specifiers = Object.entries(exports)
  .map(([key, value]) => [key, typeof value === 'string' ? value : value.default])
  .filter(([, target]) => typeof target === 'string' && /^\.\/dist\/esm\/.*\.js$/.test(target))
  .flatMap(([key, target]) => specifiersOf(key, target))
  .sort();

let failed = 0;
for (const specifier of specifiers) {
  try {
    await import(specifier);
  } catch (error) {
    failed++;
    console.error(`${specifier}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(`Imported ${specifiers.length - failed} of ${specifiers.length} entries in Node, with no DOM.`);
process.exitCode = failed ? 1 : 0;
