// The script-include bundles: self-contained ES modules with Lit inlined, minified, for
// `<script type="module" src=".../dist/conv-elements.js">`. Lazily loaded parts (the local
// adapter, the demo directory) become chunks beside them, fetched only when a page needs them.
// The npm build (dist/esm) is plain `tsc` output with dependencies left as imports.
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';

/** Modules statically reachable from `entry` (the entry itself included), from rollup's graph. */
function staticClosure(entry, getModuleInfo) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const id = queue.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

/** Chunks by path, first match wins; see `groupChunks`. */
const CHUNK_GROUPS = [
  // Loaded by the thread when a member first reports, so not with the inbox.
  ['report-dialog', /\/src\/components\/thread\/report-dialog\.ts$/],
  // Loaded by the conversation list once it grows past a page (list-rows.ts), so not with the inbox.
  ['virtualizer', /\/src\/components\/conversation-list\/virtual-rows\.ts$|\/@lit-labs\/virtualizer\//],
  // Loaded when a message first looks like it holds a link (S24), with the linkifier.
  ['linkify', /\/src\/components\/thread\/linkify\.ts$|\/node_modules\/linkifyjs\//],
  // Rules the first view never applies, loaded on first use: changing a message (S25, S26), with
  // the client's part that edits, deletes and reacts, searching (S30), which the search
  // element, the HTTP adapter's search call and the local adapter read, who accepts whom (S14,
  // S15), which the backends decide and the HTTP adapter's block call checks, and the parsers of
  // the requests that write (start, send, mark read, report, mute), which the first view's HTTP
  // adapter never parses. One chunk rather than small ones: the local adapter imports them all
  // at once.
  [
    'rules-on-use',
    /\/src\/client\/services\/message-change-service\.ts$|\/src\/core\/(?:message-changes|search|acceptance|change-requests|policy-resolve|recipients)\.ts$/,
  ],
  // Loaded when a member first edits a message or opens the reaction picker (S25, S26).
  ['message-editor', /\/src\/components\/thread\/message-editor\.ts$/],
  [
    'inbox',
    /\/src\/define\/conv-(?:inbox|thread|conversation-list)\.ts$|\/src\/components\/(?:inbox|thread|conversation-list)\//,
  ],
  // The outbox's delivery, imported by the client when it first has something to deliver.
  ['outbox-scheduler', /\/src\/client\/(?:outbox-scheduler|backoff)\.ts$/],
  // The client with the core rules it calls; the backend-only rules (directory data, decisions,
  // members' status, delivery, import, the export's order) go with the local adapter, so a page on the
  // HTTP adapter does not carry them, and so does the core's barrel (`core/index.ts`), or every
  // rule it names would come along with it. The rules of changing a message (S25, S26) load with
  // the client's part that changes one, on first use, and so do search's (its highlighting with the
  // search element); the export document's writer (S21) with the local adapter, the only one that writes
  // it in the browser (the settings element takes the file's name from `export-file.ts`).
  [
    'client',
    /\/src\/client\/|\/src\/core\/(?!(?:index|directory|decisions|member-status|message-decisions|message-changes|import|highlight|export|export-order|delivery|acceptance)\.ts)|\/src\/context\/connect\.ts$|\/node_modules\/idb\//,
  ],
  [
    'elements',
    /\/node_modules\/(?:lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context|@lit\/task)\/|\/src\/(?:internal|context|i18n(?!\/en\/)|events)\//,
  ],
];
const SHELL_ENTRY = fileURLToPath(new URL('src/define/bundle-envelope-badge.ts', import.meta.url));
const FULL_ENTRY = fileURLToPath(new URL('src/define/bundle-all.ts', import.meta.url));
/** The inbox with its list and open thread: what a portal's first view shows (see `groupChunks`). */
const FIRST_VIEW = [FULL_ENTRY, fileURLToPath(new URL('src/define/conv-inbox.ts', import.meta.url))];

/** The shell's modules, and the first view's, worked out once per build (see `groupChunks`). */
let shell;
let firstView;

/**
 * `conv-elements.js` defines most elements when a page first places them, one dynamic import
 * each. Left alone, rollup would split what those elements share into a dozen small chunks, and
 * small files compress badly and cost a request each. So the chunks follow what loads together:
 * - the shell: the provider and the envelope, all of `conv-envelope-badge.js` (no Lit), in that
 *   entry's own file. It is named first, or rollup would move its modules into the groups below
 *   that also use them;
 * - the client, with the core rules and `idb` (every element but the envelope needs it), in
 *   `conv-elements.js` itself, beside the entry's few lines: the entry would otherwise be a
 *   file of imports in front of it, one round trip more before a page can connect;
 * - Lit and what every Lit element uses (base class, controllers, strings, events; the English of
 *   the elements that load on first use, `i18n/en/`, goes with each of them); what of it
 *   the first view (the inbox, its list and open thread) does not use goes apart, in
 *   `elements-later`, loaded with the first element that needs it (compose, a dialog, the
 *   notifier...): the modal, `@lit/task`, directives only compose uses;
 * - the inbox with its list and thread, which load together; the thread's report dialog and the
 *   list's virtualizer apart, as they load on the first report and once a list is long.
 * Each other element, the local adapter and the demo data are chunks of their own.
 */
function groupChunks(id, { getModuleInfo }) {
  shell ??= staticClosure(SHELL_ENTRY, getModuleInfo);
  if (shell.has(id)) return 'conv-envelope-badge';
  const group = CHUNK_GROUPS.find(([, pattern]) => pattern.test(id))?.[0];
  if (group === 'client' || id === FULL_ENTRY) return 'conv-elements';
  if (group !== 'elements') return group;
  firstView ??= new Set(FIRST_VIEW.flatMap((entry) => [...staticClosure(entry, getModuleInfo)]));
  return firstView.has(id) ? group : 'elements-later';
}

/**
 * Chunks whose dynamic imports also name the chunks they import (see `importsTogether`): the
 * inbox, with its list and thread, and Lit's chunk, which a page with an inbox otherwise fetches
 * one round trip after it; the local adapter, with the rules it shares with the client's edit
 * (`rules-on-use`), which a demo page otherwise fetches one round trip after it. Not every
 * chunk: each name costs bytes in the importer (here the entry and the envelope's, in the first
 * view's budget), and what loads on first use (compose, dialogs) can take the extra round trip.
 */
const FETCHED_TOGETHER = new Set(['inbox', 'local']);

/**
 * A dynamic import fetches its target and, only once the target is parsed, the chunks the target
 * imports: one round trip more per level (150 ms on a slow phone). For the chunks above, this
 * writes `(import(dependency), …, import(target))`, so that the browser fetches them at once and
 * the expression is still the target's promise. A dependency that fails to load fails the target
 * too, which its importer reports; the dependency's own rejection is left unhandled (one more
 * console error when offline), since a `.catch` on each costs 19 B of brotli in the entry. Left
 * out: chunks the importer already loads or imports itself.
 */
function importsTogether() {
  return {
    name: 'imports-together',
    renderDynamicImport({ chunk, targetChunk, getTargetChunkImports }) {
      if (!targetChunk || !FETCHED_TOGETHER.has(targetChunk.name)) return null;
      const named = new Set();
      for (const id of chunk.moduleIds) {
        const info = this.getModuleInfo(id);
        for (const reached of staticClosure(id, (next) => this.getModuleInfo(next))) named.add(reached);
        for (const imported of info?.dynamicallyImportedIds ?? []) named.add(imported);
      }
      const others = (getTargetChunkImports() ?? []).filter(
        (imported) => imported.type === 'internal' && !imported.chunk.moduleIds.some((id) => named.has(id)),
      );
      if (others.length === 0) return null;
      const imports = others.map((imported) => `import(${imported.resolvedImportPath}),`).join('');
      return { left: `(${imports}import(`, right: '))' };
    },
  };
}

export default {
  input: {
    'conv-elements': 'src/define/bundle-all.ts',
    'conv-envelope-badge': 'src/define/bundle-envelope-badge.ts',
  },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // A chunk's name is in every import of it, and a hash is incompressible: hexadecimal ones
    // cost 4 bytes of brotli each where base64 ones cost 6, on every page.
    hashCharacters: 'hex',
    // What rollup writes itself (namespace objects, the `.then()` after a dynamic import of a
    // shared chunk) in the bundles' syntax rather than ES5's: arrow functions, `const`, shorthand
    // properties. Not the 'es2015' preset: its `symbols` tags every namespace object with
    // `Symbol.toStringTag`, which made the first view 113 B larger than this.
    generatedCode: { arrowFunctions: true, constBindings: true, objectShorthand: true },
    sourcemap: true,
    manualChunks: groupChunks,
    // Each chunk once more through terser, after esbuild's minification of each module: it
    // compresses across the modules rollup joined (inlines and drops what esbuild, one module at a
    // time, cannot see is used once or never) and writes what brotli packs tighter. Measured on
    // the first view: 47,473 B brotli with esbuild alone, 46,619 B with both (two passes; a third,
    // or terser alone on esbuild's unminified output, came out larger). Only its safe transforms:
    // none of the `unsafe` or `pure_getters` ones, which assume what Lit's code may not hold.
    plugins: [terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })],
  },
  // Lit's production build is chosen because the `development` export condition is not set.
  plugins: [
    {
      name: 'chunk-groups',
      buildStart: () => {
        shell = undefined;
        firstView = undefined;
      },
    },
    importsTogether(),
    nodeResolve({ browser: true }),
    // Whitespace and comments inside html`` and css`` templates, which a JS minifier must keep
    // as they are. Only our sources: Lit's own packages ship minified.
    minifyLiterals({ include: ['src/**/*.ts'], failOnError: true }),
    esbuild({
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      tsconfig: 'tsconfig.json',
      define: { CONV_DEV_MODE: 'false' },
    }),
  ],
  // The two entries hold the shell and the client (see `groupChunks`), so they export, beside
  // their public names, the internal ones the chunks import from them (minified, one or two
  // letters). Measured against entries that only re-export from chunks behind them: the
  // badge-only page 123 B smaller and one request instead of two, the first view 171 B smaller,
  // everything an inbox page can reach 278 B smaller on the HTTP adapter and 365 B on the local
  // one (fewer import and export lists).
  preserveEntrySignatures: 'allow-extension',
};
