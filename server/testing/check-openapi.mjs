// A check for `npm test`: the production app serves exactly the routes docs/openapi.yaml lists,
// with the same methods. The route table comes from the app itself (its route modules,
// registered without a database), so there is no pattern-matching of source code to go stale.
// Test servers' extra routes (/admin/v1/test/...) are not part of the production app.
import { buildRouteTable } from '../build.mjs';

const { servedRoutes, documentedRoutes } = await import(await buildRouteTable());
const served = new Set(await servedRoutes());
const documented = new Set(documentedRoutes());

const missing = [...served].filter((route) => !documented.has(route));
const extra = [...documented].filter((route) => !served.has(route));
if (served.size === 0) {
  console.error('The app registered no routes: the check itself is broken.');
  process.exit(1);
}
if ([...served].some((route) => route.includes('/admin/v1/test/'))) {
  console.error('The production app serves test-only routes (/admin/v1/test/...).');
  process.exit(1);
}
if (missing.length || extra.length) {
  if (missing.length) console.error(`Served but not in docs/openapi.yaml:\n  ${missing.join('\n  ')}`);
  if (extra.length) console.error(`In docs/openapi.yaml but not served:\n  ${extra.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs/openapi.yaml documents all ${served.size} routes of the server.`);
