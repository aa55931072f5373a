/**
 * Prometheus metrics (`GET /metrics`): requests by route and status, their latency, open event
 * streams, group commits of sends (how many, how many sends they carried, which were written
 * again one by one and why), the delivery queue's depth and oldest job where the store reports
 * them, and on PGlite the server's own table maintenance. One
 * registry per server, so several servers in one process (tests) do not mix their figures.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MaintenanceFigures } from '../maintenance.js';

/** Queue figures, read at scrape time. */
export interface QueueFigures {
  readonly depth: number;
  /** Age in seconds of the oldest job waiting, 0 when none waits. */
  readonly oldestAgeSeconds: number;
  /** Jobs given up on, kept for an operator. */
  readonly failed: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'conv_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'conv_http_request_duration_seconds',
    help: 'Time from a request to its answer, by method and route (event streams excluded).',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    openStreams: () => number,
    queue?: () => Promise<QueueFigures>,
    sendBatchFallbacks?: () => Record<string, number>,
    sendBatches?: () => { readonly runs: number; readonly items: number },
    /** On PGlite: the server's own vacuum and analyze (`maintenance.ts`). */
    maintenance?: () => MaintenanceFigures,
  ) {
    collectDefaultMetrics({ register: this.registry });
    if (sendBatchFallbacks) {
      new Counter({
        name: 'conv_send_batch_fallbacks_total',
        help: 'Batches of sends that failed as a whole and were written again send by send, by reason.',
        labelNames: ['reason'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [reason, count] of Object.entries(sendBatchFallbacks())) this.inc({ reason }, count);
        },
      });
    }
    if (sendBatches) {
      new Counter({
        name: 'conv_send_batches_total',
        help: 'Group commits of sends started (a lone send is a batch of one).',
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(sendBatches().runs);
        },
      });
      new Counter({
        name: 'conv_send_batched_sends_total',
        help: 'Sends those group commits carried: over conv_send_batches_total, the mean batch.',
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(sendBatches().items);
        },
      });
    }
    if (maintenance) {
      new Counter({
        name: 'conv_table_maintenance_total',
        help: 'On PGlite, which has no autovacuum: passes over the tables, and tables vacuumed or analyzed.',
        labelNames: ['action'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          const { passes, vacuumed, analyzed } = maintenance();
          this.inc({ action: 'pass' }, passes);
          this.inc({ action: 'vacuum' }, vacuumed);
          this.inc({ action: 'analyze' }, analyzed);
        },
      });
    }
    new Gauge({
      name: 'conv_event_streams_open',
      help: 'Event streams open on this process.',
      registers: [this.registry],
      collect() {
        this.set(openStreams());
      },
    });
    if (queue) {
      let figures: Promise<QueueFigures> | undefined;
      // Both gauges are filled from one read per scrape.
      const read = () => (figures ??= queue().finally(() => setTimeout(() => (figures = undefined), 0)));
      new Gauge({
        name: 'conv_delivery_queue_depth',
        help: 'Notifications waiting to be delivered.',
        registers: [this.registry],
        async collect() {
          this.set((await read()).depth);
        },
      });
      new Gauge({
        name: 'conv_delivery_queue_oldest_seconds',
        help: 'Age of the oldest notification waiting to be delivered.',
        registers: [this.registry],
        async collect() {
          this.set((await read()).oldestAgeSeconds);
        },
      });
      new Gauge({
        name: 'conv_delivery_queue_failed',
        help: 'Notifications whose delivery attempts are used up.',
        registers: [this.registry],
        async collect() {
          this.set((await read()).failed);
        },
      });
    }
  }

  /** `route` is the route's pattern (`/v1/conversations/:conversationId`), never the URL with its ids. */
  /**
   * Each route's counter and histogram, kept by method, route and status: prom-client finds a
   * labelled series by a key it builds from the label object, which on every request cost about
   * as much as the rest of this hook.
   */
  private readonly series = new Map<
    string,
    { count: { inc(): void }; time: { observe(seconds: number): void } }
  >();

  observe(method: string, route: string, status: number, seconds: number | undefined): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        count: this.requests.labels(method, route, String(status)),
        time: this.latency.labels(method, route),
      };
      this.series.set(key, series);
    }
    series.count.inc();
    if (seconds !== undefined) series.time.observe(seconds);
  }
}
