// The script-include bundles: self-contained ES modules with Lit inlined, minified, for
// `<script type="module" src=".../dist/conv-elements.js">`. Lazily loaded parts (the local
// adapter, the demo directory) become chunks beside them, fetched only when a page needs them.
// The npm build (dist/esm) is plain `tsc` output with dependencies left as imports.
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

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
