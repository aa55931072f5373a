import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, findBrowser } from './scripts/browser.mjs';
import { countReporter } from './scripts/count-reporter.mjs';
import { modelEnvPlugin } from './scripts/wtr-model-env.mjs';
import { networkFaultsPlugin } from './scripts/wtr-network-faults.mjs';
import { convServerPlugin } from './server/testing/wtr-plugin.mjs';

export const COUNTS_FILE = '.wtr-output/counts.json';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    // Reference-server processes for the HTTP adapter's tests (test/adapters/http).
    convServerPlugin(),
    // CONV_MODEL_* for the model-based tests (test/pinned/no-loss.model.test.ts).
    modelEnvPlugin(),
    // `fail-next-fetch`: a page's next fetch of a file fails (test/adapters/http/calls-on-use.test.ts).
    networkFaultsPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findBrowser(), headless: true, args: CHROMIUM_ARGS },
      // One browser context (its own window) per page: pages sharing a window are background
      // tabs, hidden, and get no animation frames, IntersectionObserver or ResizeObserver
      // callbacks, so with concurrency 2 every page but one would stall.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  concurrency: 2,
  // Lit's dev-mode notice is expected in tests; anything else a page logs is worth seeing.
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // A file may take 10 minutes: the conformance suite on PostgreSQL runs every scenario of every
  // capability, and took over 5 on a busy two-core machine. Longer with CONV_MODEL_RUNS: the
  // model-based tests then run that many times.
  testsFinishTimeout: Math.max(600_000, Number(process.env.CONV_MODEL_RUNS ?? 0) * 150),
  testFramework: { config: { timeout: 20_000, ui: 'bdd' } },
  reporters: [
    process.env.CI ? summaryReporter({ flatten: false }) : defaultReporter(),
    countReporter({ outputFile: COUNTS_FILE }),
  ],
};
