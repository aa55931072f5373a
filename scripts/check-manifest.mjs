// Fails when custom-elements.json is not what the analyzer makes from the sources now (the
// manifest is generated, `npm run analyze`, never edited by hand), when it does not validate
// against the Custom Elements Manifest schema, or when it says something untrue of the package:
// an element without a tag, an internal event, a path to a source file that is not published,
// a tag that no module registers.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { generateManifest } from './manifest.mjs';

const require = createRequire(import.meta.url);

/** Reasons the manifest misdescribes the package; empty when it is right. */
export function manifestProblems(manifest) {
  const problems = [];
  const schema = require('custom-elements-manifest/schema.json');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (!validate(manifest)) {
    for (const error of validate.errors)
      problems.push(`schema: ${error.instancePath || '/'} ${error.message}`);
  }
  const defined = new Set();
  for (const module of manifest.modules ?? []) {
    if (!/^dist\/esm\/.+\.js$/.test(module.path))
      problems.push(`${module.path}: not a published module path`);
    for (const entry of module.exports ?? []) {
      if (!/^dist\/esm\/.+\.js$/.test(entry.declaration?.module ?? '')) {
        problems.push(`${module.path}: export ${entry.name} points at ${entry.declaration?.module}`);
      }
      if (entry.kind === 'custom-element-definition') defined.add(entry.name);
    }
  }
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement) continue;
      if (!declaration.tagName) {
        problems.push(`${declaration.name}: listed as an element but has no tag`);
        continue;
      }
      if (!defined.has(declaration.tagName)) {
        problems.push(`<${declaration.tagName}>: no module declares its custom-element-definition`);
      }
      for (const event of declaration.events ?? []) {
        if (!/^conv-[a-z-]+$/.test(event.name))
          problems.push(`<${declaration.tagName}>: internal event ${event.name}`);
        if (!event.type?.text || !event.description) {
          problems.push(`<${declaration.tagName}>: event ${event.name} lacks its type or description`);
        }
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = '.wtr-output/manifest-check';
  try {
    const fresh = generateManifest(outdir);
    const committed = existsSync('custom-elements.json') ? readFileSync('custom-elements.json', 'utf8') : '';
    if (fresh !== committed) {
      console.error('custom-elements.json is out of date: run `npm run analyze` and commit the result.');
      process.exitCode = 1;
    }
    const problems = manifestProblems(JSON.parse(fresh));
    for (const problem of problems) console.error(`custom-elements.json: ${problem}`);
    if (problems.length) process.exitCode = 1;
    if (!process.exitCode) console.log('custom-elements.json is up to date and valid.');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
