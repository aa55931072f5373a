// `npm test`: the full check. Every step runs even when an earlier one fails, so one run shows
// everything that is wrong; the last line is `N passed, N failed`, counting every browser test
// and every static check, so a run that tested nothing cannot look green.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { run } from './run.mjs';
import { findBrowser } from './browser.mjs';

const COUNTS_FILE = '.wtr-output/counts.json';

const checks = [
  ['ESLint', 'eslint', ['.', '--max-warnings', '0']],
  ['Prettier', 'prettier', ['--check', '.', '--log-level', 'warn']],
  ['TypeScript', 'tsc', ['--noEmit', '-p', '.']],
  ['TypeScript (server)', 'tsc', ['--noEmit', '-p', 'server']],
  // CONTRIBUTING's "may import" table, and no circular import (.dependency-cruiser.mjs).
  [
    'Layers (dependency-cruiser)',
    'depcruise',
    ['src', 'server', '--config', '.dependency-cruiser.mjs', '--ignore-known'],
  ],
  ['OpenAPI document matches the server', 'node', ['server/testing/check-openapi.mjs']],
  ['lit-analyzer', 'lit-analyzer', ['src', '--strict', '--quiet']],
  ['Custom elements manifest', 'node', ['scripts/check-manifest.mjs']],
  // test/demo/cms.test.ts loads demo/cms.html from the built bundle alone.
  ['Build (dist, for the script-tag page test)', 'node', ['scripts/build.mjs']],
  // After the build: every entry of the package imports in Node, with no DOM (server rendering).
  ['Every entry imports in Node', 'node', ['scripts/check-node-import.mjs']],
  // Prints every size figure against its budget; fails only on an enforced one (scripts/size.mjs).
  ['Size budgets', 'node', ['scripts/size.mjs', '--check']],
];

const failedChecks = [];
let passedChecks = 0;
for (const [name, command, args] of checks) {
  console.log(`\n▶ ${name}`);
  const code = await run(command, args);
  if (code === 0) passedChecks++;
  else failedChecks.push(name);
}

console.log('\n▶ Browser tests (@web/test-runner, Chromium)');
let counts = { passed: 0, failed: 0, skipped: 0 };
try {
  process.env.CHROME_PATH = findBrowser();
  rmSync(COUNTS_FILE, { force: true });
  const code = await run('wtr', ['--config', 'web-test-runner.config.mjs']);
  if (existsSync(COUNTS_FILE)) counts = JSON.parse(readFileSync(COUNTS_FILE, 'utf8'));
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  if (counts.passed + counts.failed === 0) {
    console.error('The browser test run executed no test.');
    counts.failed = 1;
  }
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  counts.failed++;
}

console.log('');
if (failedChecks.length) console.log(`Failed checks: ${failedChecks.join(', ')}`);
console.log(`Browser tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
console.log(`Static checks: ${passedChecks} passed, ${failedChecks.length} failed`);
const passed = counts.passed + passedChecks;
const failed = counts.failed + failedChecks.length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
