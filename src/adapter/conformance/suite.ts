/**
 * How scenario modules register their tests: through the runner's globals, each test with a
 * fresh world that is disposed of after it, whatever the test's outcome.
 */
import type { ConformanceFactoryOptions } from './harness.js';
import type { RunnerGlobals } from './globals.js';
import type { World, WorldKeeper } from './world.js';

export interface Suite {
  describe(name: string, body: () => void): void;
  /** A test with a fresh backend holding the fixture directory. */
  test(name: string, body: (world: World) => Promise<void>, options?: ConformanceFactoryOptions): void;
  /** A further fresh backend inside a test (disposed of with the test's own). */
  world(options?: ConformanceFactoryOptions): Promise<World>;
}

export function createSuite(runner: RunnerGlobals, keeper: WorldKeeper, testTimeoutMs: number): Suite {
  return {
    describe(name, body) {
      runner.describe(name, body);
    },
    test(name, body, options = {}) {
      runner.it(name, async function () {
        this?.timeout?.(testTimeoutMs);
        const world = await keeper.create(options);
        await body(world);
      });
    },
    world(options = {}) {
      return keeper.create(options);
    },
  };
}
