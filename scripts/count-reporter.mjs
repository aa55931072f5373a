// A @web/test-runner reporter that counts every test of every browser session and writes the
// totals to a file, so the test command can end with one plain `N passed, N failed` line.
// A test file that fails to load counts as one failure: a broken import must not pass as "0 tests".
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function countSuite(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) countSuite(child, totals);
}

export function countReporter({ outputFile }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, files: sessions.length };
      for (const session of sessions) {
        const before = totals.passed + totals.failed + totals.skipped;
        countSuite(session.testResults, totals);
        const counted = totals.passed + totals.failed + totals.skipped - before;
        const brokenFile = (session.errors?.length ?? 0) > 0 || (!session.passed && counted === 0);
        if (brokenFile) totals.failed++;
      }
      mkdirSync(dirname(outputFile), { recursive: true });
      writeFileSync(outputFile, JSON.stringify(totals));
    },
  };
}
