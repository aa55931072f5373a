// The script-include bundles built once more with the HTTP adapter as a further entry
// (`conv-http-adapter.js`), into bench-results/http-build/: what a portal on the reference
// server loads. Same rollup config, same chunk table; it is not part of the shipped dist/
// because an entry that shares the graph makes rollup keep, in the shared chunks, the exports
// only the adapter uses (the envelope's chunk would grow by about 280 B brotli, past the
// badge-only budget), so the pages that measure it use this build instead.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HTTP_BUILD = 'bench-results/http-build';

/**
 * The adapter's entry. Its signature may grow: the chunk it loads on first use
 * (`calls-on-use.ts`) imports what they share from it, as a portal's bundler would arrange, rather
 * than from one more chunk the first view would fetch beside a facade of the entry.
 */
const httpAdapterEntry = {
  name: 'http-adapter-entry',
  buildStart() {
    this.emitFile({
      type: 'chunk',
      id: 'src/adapters/http/index.ts',
      fileName: 'conv-http-adapter.js',
      preserveSignature: 'allow-extension',
    });
  },
};

export async function buildWithHttpAdapter() {
  const { default: config } = await import(new URL('rollup.config.mjs', `file://${ROOT}`).href);
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await rm(HTTP_BUILD, { recursive: true, force: true });
    const bundle = await rollup({
      ...config,
      plugins: [...config.plugins, httpAdapterEntry],
      onwarn: () => undefined,
    });
    await bundle.write({ ...config.output, dir: HTTP_BUILD, sourcemap: true });
    await bundle.close();
  } finally {
    process.chdir(cwd);
  }
  return HTTP_BUILD;
}
