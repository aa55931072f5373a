/**
 * The conformance suite: proves that an adapter keeps the rules of the contract (S1–S6, S9, S10,
 * pagination, unread state, events, idempotency, reports, export (S21), and the rulebook's
 * refusal of every malformed request: `MALFORMED_INPUTS`), through the contract alone.
 *
 * ```ts
 * import { runConformanceSuite } from 'conv-elements/adapter/conformance.js';
 * runConformanceSuite('my adapter', async (options) => createMyTestBackend(options));
 * ```
 * Call it at the top level of a test file run by any mocha-style runner (mocha,
 * @web/test-runner, Jest, Vitest with globals). Each test asks the factory for a fresh backend,
 * loads its own small directory into it, and disposes of it afterwards.
 */
import { findRunnerGlobals, type RunnerGlobals } from './globals.js';
import type { ConformanceFactory } from './harness.js';
import { createSuite } from './suite.js';
import { WorldKeeper } from './world.js';
import { acceptanceScenarios } from './scenarios/acceptance.js';
import { directoryScenarios } from './scenarios/directory.js';
import { eventScenarios } from './scenarios/events.js';
import { groupReaderScenarios } from './scenarios/group-readers.js';
import { managersOnlyRequestScenarios } from './scenarios/managers-only-requests.js';
import { idempotencyScenarios } from './scenarios/idempotency.js';
import { limitScenarios } from './scenarios/limits.js';
import { malformedInputScenarios } from './scenarios/malformed-input.js';
import { moderationScenarios } from './scenarios/moderation.js';
import { messageChangeScenarios } from './scenarios/message-changes.js';
import { reactionScenarios } from './scenarios/reactions.js';
import { paginationScenarios } from './scenarios/pagination.js';
import { participationScenarios } from './scenarios/participation.js';
import { reportScenarios } from './scenarios/reports.js';
import { searchScenarios } from './scenarios/search.js';
import { settingsScenarios } from './scenarios/settings.js';
import { unreadScenarios } from './scenarios/unread.js';
import { markUnreadScenarios } from './scenarios/mark-unread.js';
import { muteLeaveScenarios } from './scenarios/mute-leave.js';
import { receiptScenarios } from './scenarios/receipts.js';
import { typingScenarios } from './scenarios/typing.js';
import { exportScenarios } from './scenarios/export.js';

export type { ConformanceBackend, ConformanceFactory, ConformanceFactoryOptions } from './harness.js';
export {
  assert,
  assertConvError,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIds,
  assertIndistinguishable,
  assertNotFound,
  assertRejects,
  assertSameIdSet,
  assertValidation,
  ConformanceAssertionError,
  deepEqual,
  fail,
  show,
} from './assert.js';
export { EventRecorder, describeEvent, type EventPredicate } from './recorder.js';
export { DIRECTORY as CONFORMANCE_DIRECTORY, ghostId } from './fixture.js';
export {
  CAPABILITY_OF,
  MALFORMED_HOST_INPUTS,
  type MalformedHostInputRow,
  MALFORMED_INPUTS,
  type AdapterRequest,
  type MalformedInputContext,
  type MalformedInputRow,
} from './malformed-inputs.js';
export { findRunnerGlobals, type RunnerGlobals } from './globals.js';

export interface ConformanceOptions {
  /** How long to wait for an expected event before failing: a liveness bound. Default 3000 ms. */
  readonly eventTimeoutMs?: number;
  /** The per-test timeout, for runners whose tests accept one (mocha's `this.timeout`). Default 30000 ms. */
  readonly testTimeoutMs?: number;
  /**
   * The runner's `describe`, `it`, `beforeEach` and `afterEach`, for runners that export them
   * instead of setting globals (`node:test`). Default: those found on `globalThis`.
   */
  readonly runner?: RunnerGlobals;
}

/** Registers the whole suite, under one `describe` named after the adapter. */
export function runConformanceSuite(
  name: string,
  factory: ConformanceFactory,
  options: ConformanceOptions = {},
): void {
  const runner = options.runner ?? findRunnerGlobals();
  const keeper = new WorldKeeper(factory, options.eventTimeoutMs ?? 3000);
  const suite = createSuite(runner, keeper, options.testTimeoutMs ?? 30_000);
  runner.describe(`${name}: adapter conformance`, () => {
    // Worlds are disposed of in afterEach, not in a finally: a runner that times a test out
    // still runs its hooks, while a finally would wait on the hung test.
    runner.beforeEach(() => keeper.disposeAll());
    runner.afterEach(() => keeper.disposeAll());
    participationScenarios(suite);
    directoryScenarios(suite);
    limitScenarios(suite);
    settingsScenarios(suite);
    paginationScenarios(suite);
    unreadScenarios(suite);
    eventScenarios(suite);
    idempotencyScenarios(suite);
    reportScenarios(suite);
    searchScenarios(suite);
    malformedInputScenarios(suite);
    acceptanceScenarios(suite);
    moderationScenarios(suite);
    groupReaderScenarios(suite);
    managersOnlyRequestScenarios(suite);
    messageChangeScenarios(suite);
    reactionScenarios(suite);
    receiptScenarios(suite);
    typingScenarios(suite);
    muteLeaveScenarios(suite);
    markUnreadScenarios(suite);
    exportScenarios(suite);
  });
}
