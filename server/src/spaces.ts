/** A space: one set of data with its limits. Production serves one; test servers make more. */
import type { Space, Spaces } from './http/context.js';
import type { Mailer } from './mailer.js';
import type { JobHandler } from './queue/worker.js';
import { Worker } from './queue/worker.js';
import type { Store } from './store.js';
import { webhookHandler, type WebhookOptions } from './webhooks/deliver.js';

/** What delivers a space's queued jobs: email (when a mailer is configured) and webhooks. */
export interface Deliveries {
  readonly mailer?: Mailer;
  readonly webhooks: WebhookOptions;
  /** How long a taken delivery is its worker's (`CONV_JOB_LEASE_MS`). */
  readonly jobLeaseMs: number;
}

/** A store and the worker that delivers its queued notifications (started here). */
export function makeSpace(store: Store, deliveries: Deliveries): Space {
  const handlers: Record<string, JobHandler> = { webhook: webhookHandler(store.db, deliveries.webhooks) };
  if (deliveries.mailer) {
    handlers.email = deliveries.mailer.handler(store.db, store.space);
    handlers.digest = deliveries.mailer.digestHandler(store.db, store.space);
  }
  return { store, worker: new Worker(store.db, handlers, { leaseMs: deliveries.jobLeaseMs }).start() };
}

/** The production case: the one space, named ''. */
export function singleSpace(space: Space): Spaces {
  return {
    find: async (name) => (name === '' ? space : undefined),
    all: () => [space],
  };
}

/** The delivery queue's figures over every space, for the metrics. */
export async function queueFiguresOf(spaces: Spaces) {
  const figures = await Promise.all([...spaces.all()].map(({ store }) => store.queueFigures()));
  return {
    depth: figures.reduce((sum, figure) => sum + figure.depth, 0),
    oldestAgeSeconds: Math.max(0, ...figures.map((figure) => figure.oldestAgeMs / 1000)),
    failed: figures.reduce((sum, figure) => sum + figure.failed, 0),
  };
}

/** Group commits of sends and the sends they carried, over every space (for the metrics). */
export function sendBatchesOf(spaces: Spaces): { runs: number; items: number } {
  let runs = 0;
  let items = 0;
  for (const { store } of spaces.all()) {
    runs += store.sendBatches.runs;
    items += store.sendBatches.items;
  }
  return { runs, items };
}

/** Batches of sends written again one by one, by reason, over every space (for the metrics). */
export function sendBatchFallbacksOf(spaces: Spaces): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { store } of spaces.all()) {
    for (const [reason, count] of Object.entries(store.sendBatchFallbacks)) {
      totals[reason] = (totals[reason] ?? 0) + count;
    }
  }
  return totals;
}
