// Fails when custom-elements.json is not what the analyzer makes from the sources now:
// the manifest is generated (`npm run analyze`), never edited by hand.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { generateManifest } from './manifest.mjs';

const outdir = '.wtr-output/manifest-check';
try {
  const fresh = generateManifest(outdir);
  const committed = existsSync('custom-elements.json') ? readFileSync('custom-elements.json', 'utf8') : '';
  if (fresh !== committed) {
    console.error('custom-elements.json is out of date: run `npm run analyze` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('custom-elements.json is up to date.');
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
