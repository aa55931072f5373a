/**
 * The test runner's functions, found on `globalThis` when the suite is registered. Typed here
 * with the little the suite uses, so that src/ compiles without any runner's types and the suite
 * runs under mocha, @web/test-runner, Jest, Vitest (globals on) or anything with the same names.
 */

/** What a runner passes as `this` to a test; mocha's has `timeout`, others have nothing. */
export interface TestThis {
  timeout?(ms: number): unknown;
  /** Mocha's: marks the test skipped (a scenario of a part the backend does not serve). */
  skip?(): unknown;
}

export type TestBody = (this: TestThis | undefined) => Promise<void>;
export type HookBody = () => Promise<void> | void;

export interface RunnerGlobals {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: TestBody): unknown;
  beforeEach(body: HookBody): unknown;
  afterEach(body: HookBody): unknown;
}

const NAMES = ['describe', 'it', 'beforeEach', 'afterEach'] as const;

/** The runner's functions, or a TypeError that says which are missing and why. */
export function findRunnerGlobals(scope: object = globalThis): RunnerGlobals {
  const found = scope as Partial<Record<(typeof NAMES)[number], unknown>>;
  const missing = NAMES.filter((name) => typeof found[name] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `runConformanceSuite needs a mocha-style test runner: ${missing.join(', ')} ` +
        'not found on globalThis. Call it from a test file (with globals enabled in your runner).',
    );
  }
  return found as RunnerGlobals;
}
