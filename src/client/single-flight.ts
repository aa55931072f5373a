/**
 * One run of an async job at a time, run again when what it read went stale meanwhile: the shape
 * of every load the client keeps current (the list, a thread, the unread totals, the outbox drain).
 * A call while a run is under way joins it; `rerun()` (or `invalidate()`) asks for one more pass
 * after the current one, because the current one may have read the state before the change.
 */

/** What a pass is told, and can say. */
export interface Pass {
  /** True for the first pass of a run, false for the passes that follow a stale one. */
  readonly first: boolean;
  /**
   * Ends the run after this pass even if it went stale (it failed: again would fail the same),
   * unless `rerun()` was called during it.
   */
  stop(): void;
}

export class SingleFlight {
  readonly #job: (pass: Pass) => Promise<void>;
  readonly #live: () => boolean;
  #running?: Promise<void>;
  #stale = false;
  /** `rerun()` was called during the pass under way. */
  #askedAgain = false;

  /**
   * `job` is one pass; `live` is asked before each further pass (false once the owner stopped).
   * A pass that rejects ends the run, and the run's promise rejects with it.
   */
  constructor(job: (pass: Pass) => Promise<void>, live: () => boolean = () => true) {
    this.#job = job;
    this.#live = live;
  }

  /** True while a run is under way. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Joins the run under way, or starts one. */
  run(): Promise<void> {
    this.#running ??= this.#fly();
    return this.#running;
  }

  /**
   * Like `run()`, but a run under way is followed by one more pass, even if the pass under way
   * fails and stops: it was asked for after that pass began (back online, say), so what made that
   * pass fail may have passed.
   */
  rerun(): Promise<void> {
    if (this.#running) this.#askedAgain = true;
    this.invalidate();
    return this.run();
  }

  /** Marks the run under way stale, so one more pass follows it; nothing when idle. */
  invalidate(): void {
    if (this.#running) this.#stale = true;
  }

  async #fly(): Promise<void> {
    let stopped = false;
    const pass = {
      first: true,
      stop: () => {
        stopped = true;
      },
    };
    try {
      do {
        this.#stale = false;
        this.#askedAgain = false;
        stopped = false;
        await this.#job(pass);
        pass.first = false;
      } while ((this.#askedAgain || (this.#stale && !stopped)) && this.#live());
    } finally {
      // In the same step as the last check: a call from now on starts a new run.
      this.#running = undefined;
      this.#stale = false;
      this.#askedAgain = false;
    }
  }
}
