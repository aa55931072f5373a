// `npm test`: the full check. Every step runs even when an earlier one fails, so one run shows
// everything that is wrong; the last line is `N passed, N failed`, counting every browser test
// and every static check, so a run that tested nothing cannot look green.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { run } from './run.mjs';
import { findBrowser } from './browser.mjs';

const COUNTS_FILE = '.wtr-output/counts.json';

const checks = [
  ['ESLint', 'eslint', ['.', '--max-warnings', '0']],
  ['Prettier', 'prettier', ['--check', '.', '--log-level', 'warn']],
  ['TypeScript', 'tsc', ['--noEmit', '-p', '.']],
  ['TypeScript (server)', 'tsc', ['--noEmit', '-p', 'server']],
  // CONTRIBUTING's "may import" table, and no circular import (.dependency-cruiser.mjs).
  ['Layers (dependency-cruiser)', 'depcruise', ['src', 'server', '--config', '.dependency-cruiser.mjs']],
  ['OpenAPI document matches the server', 'node', ['server/testing/check-openapi.mjs']],
  ['lit-analyzer', 'lit-analyzer', ['src', '--strict', '--quiet']],
  ['Custom elements manifest', 'node', ['scripts/check-manifest.mjs']],
  // The README's element reference is written from the manifest (`npm run docs`): it must match.
  ['README element reference', 'node', ['scripts/readme-reference.mjs', '--check']],
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

/** Runs a counted step and returns its `{ passed, failed }`; a step that ran nothing has failed. */
async function countedStep(name, command, args, countsOf) {
  console.log(`\n▶ ${name}`);
  try {
    const { code, counts } = await countsOf(command, args);
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    if (counts.passed + counts.failed === 0) {
      console.error(`${name}: no test ran.`);
      counts.failed = 1;
    }
    return counts;
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    return { passed: 0, failed: 1 };
  }
}

/** node --test, its TAP summary (`# pass N`, `# fail N`) read from its output as it is shown. */
function nodeTests(command, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [command, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => {
      const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
      resolve({ code: code ?? 1, counts: { passed: count('pass'), failed: count('fail') } });
    });
  });
}

/** A script that writes its `{ passed, failed }` to the file named by its last argument. */
async function countingScript(command, args) {
  const file = args.at(-1);
  rmSync(file, { force: true });
  const code = await run(command, args);
  const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 0 };
  return { code, counts };
}

// After the build: the package as published (SSR, the tarball's contents), then the framework
// pages, which install the packed tarball beside React, Vue, Svelte and Angular.
const nodeCounts = await countedStep(
  'Node tests (server rendering, the packed files, the migrations)',
  '--test',
  ['--test-reporter=tap', 'test/ssr/', 'test/package/', 'test/server/'],
  nodeTests,
);
const frameworkCounts = await countedStep(
  'Framework pages (React 19, Vue 3, Svelte 5, Angular; Chromium)',
  'node',
  ['test/frameworks/run.mjs', '.wtr-output/frameworks-counts.json'],
  countingScript,
);

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
console.log(`Node tests: ${nodeCounts.passed} passed, ${nodeCounts.failed} failed`);
console.log(`Framework pages: ${frameworkCounts.passed} passed, ${frameworkCounts.failed} failed`);
const passed = counts.passed + passedChecks + nodeCounts.passed + frameworkCounts.passed;
const failed = counts.failed + failedChecks.length + nodeCounts.failed + frameworkCounts.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
