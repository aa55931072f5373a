// The script-include bundles: self-contained ES modules with Lit inlined, minified, for
// `<script type="module" src=".../dist/conv-elements.js">`. Lazily loaded parts (the local
// adapter, the demo directory) become chunks beside them, fetched only when a page needs them.
// The npm build (dist/esm) is plain `tsc` output with dependencies left as imports.
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
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

let shell;
/**
 * `conv-elements.js` defines most elements when a page first places them, one dynamic import
 * each. Left alone, rollup would split what those elements share into a dozen small chunks, and
 * small files compress badly and cost a request each. So the chunks follow what loads together:
 * - the shell: the provider and the envelope, all of `conv-envelope-badge.js` (no Lit);
 * - the client, with the core rules and `idb` (every element but the envelope needs it);
 * - Lit and what every Lit element uses (base class, controllers, strings, events);
 * - the inbox with its list, thread and the virtualizer, which load together.
 * Each other element, the local adapter and the demo data are chunks of their own.
 */
function groupChunks(id, { getModuleInfo }) {
  shell ??= staticClosure(
    fileURLToPath(new URL('src/define/bundle-envelope-badge.ts', import.meta.url)),
    getModuleInfo,
  );
  if (shell.has(id)) return 'envelope-badge';
  if (
    /\/src\/(?:define\/conv-(?:inbox|thread|conversation-list)\.ts|components\/(?:inbox|thread|conversation-list)\/)|\/@lit-labs\/virtualizer\//.test(
      id,
    )
  )
    return 'inbox';
  if (/\/src\/(?:client|core)\/|\/src\/context\/connect\.ts$|\/node_modules\/idb\//.test(id)) return 'client';
  if (
    /\/node_modules\/(?:lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context)\/|\/src\/(?:internal|context|i18n|events)\//.test(
      id,
    )
  )
    return 'elements';
  return undefined;
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
    sourcemap: true,
    manualChunks: groupChunks,
  },
  // Lit's production build is chosen because the `development` export condition is not set.
  plugins: [
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
  preserveEntrySignatures: 'strict',
};
