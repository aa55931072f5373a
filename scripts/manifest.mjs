// Generates the custom elements manifest from the sources' JSDoc, in a stable order.
// The analyzer walks the sources asynchronously and lists modules in whatever order it met them,
// so two runs over the same sources can differ; modules are sorted by path before writing.
// `node scripts/manifest.mjs` writes ./custom-elements.json (`npm run analyze`);
// `generateManifest(dir)` writes dir/custom-elements.json and returns its text (the freshness check).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export function generateManifest(outdir = '.') {
  mkdirSync(outdir, { recursive: true });
  execFileSync(
    join('node_modules', '.bin', 'custom-elements-manifest'),
    ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir, '--quiet'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const file = join(outdir, 'custom-elements.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(file, text);
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generateManifest('.');
  console.log('Wrote custom-elements.json.');
}
