// Bundles the server (and the shared rules it imports from ../src/core) into one ESM file for
// Node 20. Dependencies stay external: they are this package's own, never the browser's.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildServer() {
  await build({
    entryPoints: [join(here, 'src/main.ts')],
    outfile: join(here, 'dist/main.mjs'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  return join(here, 'dist/main.mjs');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
