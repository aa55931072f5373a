/**
 * How scenario modules register their tests: through the runner's globals, each test with a
 * fresh world that is disposed of after it, whatever the test's outcome.
 */
import { hasCapability } from '../capabilities.js';
import type { ConformanceBackend, ConformanceFactoryOptions, ScenarioNeed } from './harness.js';
import type { RunnerGlobals } from './globals.js';
import type { World, WorldKeeper } from './world.js';

export interface Suite {
  describe(name: string, body: () => void): void;
  /** A test with a fresh backend holding the fixture directory. */
  test(
    name: string,
    body: (world: World) => Promise<void>,
    options?: ConformanceFactoryOptions & { readonly needs?: ScenarioNeed },
  ): void;
  /** A further fresh backend inside a test (disposed of with the test's own). */
  world(options?: ConformanceFactoryOptions): Promise<World>;
}

export function createSuite(runner: RunnerGlobals, keeper: WorldKeeper, testTimeoutMs: number): Suite {
  return {
    describe(name, body) {
      runner.describe(name, body);
    },
    test(name, body, { needs, ...options } = {}) {
      runner.it(name, async function () {
        this?.timeout?.(testTimeoutMs);
        const world = await keeper.create(options);
        if (needs && !(await serves(world, needs))) {
          // An optional part this backend does not serve: skipped, never counted as kept.
          this?.skip?.();
          return;
        }
        await body(world);
      });
    },
    world(options = {}) {
      return keeper.create(options);
    },
  };
}

async function serves(world: World, need: ScenarioNeed): Promise<boolean> {
  const backend: ConformanceBackend = world.backend;
  if (need === 'moderation') {
    return Boolean(backend.blockMember && backend.unblockMember && backend.deleteMember);
  }
  return Boolean(backend.setGroupReaders) && hasCapability(await world.as('ana'), 'group-readers');
}
