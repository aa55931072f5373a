/**
 * Delivers the jobs of one space's queue (`queue/jobs.ts`) through the handler registered for
 * their kind: one at a time, oldest first (emails leave in the order their sends committed), with
 * retries and exponential backoff, giving up after `maxAttempts`. Woken by NOTIFY when a job
 * commits (from any process), and polling besides, for retries and for jobs whose worker died.
 * Delivery is at least once: a process killed after delivering and before recording it delivers
 * again after its lease, with the same key, which the receiver can recognise.
 */
import type { Database } from '../db.js';
import { claimJobs, completeJob, failJob, parkJob, releaseJobs, type Job } from './jobs.js';

/** Resolves when delivered (the job is done); `'park'` when it cannot be for now (`parkJob`). */
export type JobHandler = (job: Job) => Promise<void | 'park'>;

export interface WorkerOptions {
  readonly pollMs?: number;
  /** How long a taken job is this worker's; past it another may take it. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly batch?: number;
}

export class Worker {
  private readonly handlers: ReadonlyMap<string, JobHandler>;
  private readonly options: Required<WorkerOptions>;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private poll: NodeJS.Timeout | undefined;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Database,
    handlers: Readonly<Record<string, JobHandler>>,
    options: WorkerOptions = {},
  ) {
    this.handlers = new Map(Object.entries(handlers));
    this.options = {
      pollMs: 5_000,
      leaseMs: 60_000,
      maxAttempts: 8,
      baseDelayMs: 1_000,
      maxDelayMs: 600_000,
      batch: 20,
      ...options,
    };
  }

  /** Starts delivering (nothing to do without handlers). */
  start(): this {
    if (this.handlers.size === 0 || !this.stopped) return this;
    this.stopped = false;
    this.poll = setInterval(() => this.wake(), this.options.pollMs);
    this.poll.unref();
    this.wake();
    return this;
  }

  /** Looks for due jobs now (a job committed); calls during a round fold into one more round. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Stops taking jobs and waits for the one being delivered. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const jobs = await claimJobs(
          this.db,
          [...this.handlers.keys()],
          this.options.batch,
          this.options.leaseMs,
        );
        if (jobs.length === 0) return;
        for (const [index, job] of jobs.entries()) {
          if (this.stopped) {
            await releaseJobs(
              this.db,
              jobs.slice(index).map((left) => left.id),
            );
            return;
          }
          await this.deliver(job);
        }
        if (jobs.length < this.options.batch) return;
      }
    } catch (error) {
      // The database is unreachable or the space is gone: the next poll tries again.
      if (!this.stopped) console.error('Delivery queue:', error instanceof Error ? error.message : error);
    }
  }

  private async deliver(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for ${job.kind}.`);
      if ((await handler(job)) === 'park') {
        await parkJob(this.db, job.id);
        return;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= this.options.maxAttempts;
      const delay = giveUp ? null : this.backoff(job.attempts);
      console.error(
        `Delivery of ${job.kind} job ${job.id} failed (attempt ${job.attempts}${giveUp ? ', giving up' : ''}): ${reason}`,
      );
      await failJob(this.db, job.id, reason, delay);
      if (delay !== null) this.retryIn(delay);
      return;
    }
    await completeJob(this.db, job.id);
  }

  /** Exponential, with jitter so that jobs failed together do not retry together. */
  private backoff(attempts: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempts - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private retryIn(delayMs: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.wake();
    }, delayMs + 10);
    timer.unref();
    this.retries.add(timer);
  }
}
