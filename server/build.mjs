// Bundles the server (and the shared rules it imports from ../src/core) into one ESM file for
// Node 20. Dependencies stay external: they are this package's own, never the browser's.
// docs/openapi.yaml is bundled as data: the route schemas are the document's.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const here = dirname(fileURLToPath(import.meta.url));

const yamlAsData = {
  name: 'yaml-as-data',
  setup(builder) {
    builder.onLoad({ filter: /\.yaml$/ }, async (args) => ({
      contents: JSON.stringify(yaml.load(await readFile(args.path, 'utf8'))),
      loader: 'json',
    }));
  },
};

async function bundle(entry, out) {
  await build({
    entryPoints: [join(here, entry)],
    outfile: join(here, out),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [yamlAsData],
  });
  return join(here, out);
}

/** The production server, `dist/main.mjs`. */
export function buildServer() {
  return bundle('src/main.ts', 'dist/main.mjs');
}

/** The test servers' entry: the same server plus test spaces and faults (server/testing). */
export function buildTestServer() {
  return bundle('testing/main.ts', 'dist/test-main.mjs');
}

/** The HTTP app alone, for checks that list its routes (testing/check-openapi.mjs). */
export function buildRouteTable() {
  return bundle('testing/route-table.ts', 'dist/route-table.mjs');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
