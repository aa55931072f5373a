// A static check for `npm test`: every route the server answers is documented in
// docs/openapi.yaml with the same method, and the document names no route the server lacks.
// Test-only routes (/admin/v1/test/...) are left out on purpose.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

const source = readFileSync(new URL('../src/app.ts', import.meta.url), 'utf8');
const spec = yaml.load(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));

// Routes are declared as `'METHOD',\n /^\/path$/,` pairs in app.ts.
const served = new Set();
for (const [, method, pattern] of source.matchAll(/'(GET|POST|PUT|PATCH|DELETE)',\s*\/\^(.*?)\$\/,/g)) {
  const path = pattern
    .replace(/\\\//g, '/')
    .replace(/\(members\|groups\)/g, '{kind}')
    .replace(/\(t_\[a-z0-9_\]\{1,40\}\)/g, '{space}')
    .replace(/\(\[\^\/\]\+\)/g, '{param}');
  if (path.startsWith('/admin/v1/test/')) continue;
  served.add(`${method} ${path}`);
}

const documented = new Set();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    if (item[method])
      documented.add(`${method.toUpperCase()} ${path.replace(/\{(?!kind\})[^}]+\}/g, '{param}')}`);
  }
}

const missing = [...served].filter((route) => !documented.has(route));
const extra = [...documented].filter((route) => !served.has(route));
if (served.size === 0) {
  console.error('Found no routes in server/src/app.ts: the check itself is broken.');
  process.exit(1);
}
if (missing.length || extra.length) {
  if (missing.length) console.error(`Served but not in docs/openapi.yaml:\n  ${missing.join('\n  ')}`);
  if (extra.length) console.error(`In docs/openapi.yaml but not served:\n  ${extra.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs/openapi.yaml documents all ${served.size} routes of the server.`);
