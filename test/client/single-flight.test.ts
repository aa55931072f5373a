import { expect } from '@open-wc/testing';
import { SingleFlight, type Pass } from '../../src/client/single-flight.js';

/** A job whose passes wait until released, recording what each pass was told. */
function gatedJob() {
  const passes: boolean[] = [];
  const gates: (() => void)[] = [];
  let failNext: Error | undefined;
  let stopNext = false;
  const job = (pass: Pass) => {
    passes.push(pass.first);
    return new Promise<void>((resolve, reject) => {
      gates.push(() => {
        if (stopNext) {
          stopNext = false;
          pass.stop();
        }
        if (failNext) {
          const error = failNext;
          failNext = undefined;
          reject(error);
        } else {
          resolve();
        }
      });
    });
  };
  return {
    job,
    passes,
    /** Lets the pass under way finish, then waits for the flight to take the next step. */
    async release(): Promise<void> {
      gates.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    failNext(error: Error) {
      failNext = error;
    },
    stopNext() {
      stopNext = true;
    },
  };
}

describe('SingleFlight', () => {
  it('runs one pass at a time: a call while it runs joins it', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    expect(flight.busy).to.equal(false);
    const a = flight.run();
    const b = flight.run();
    expect(a).to.equal(b);
    expect(flight.busy).to.equal(true);
    await gated.release();
    await a;
    expect(gated.passes).to.deep.equal([true]);
    expect(flight.busy).to.equal(false);
  });

  it('runs once more after a pass that went stale, however many times it was marked', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    const run = flight.run();
    flight.invalidate();
    const again = flight.rerun();
    flight.invalidate();
    expect(again).to.equal(run);
    await gated.release();
    expect(gated.passes).to.deep.equal([true, false]);
    await gated.release();
    await run;
    expect(gated.passes).to.deep.equal([true, false]);
  });

  it('marks nothing when idle: the next run is a first pass, and only one', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    flight.invalidate();
    const run = flight.rerun();
    await gated.release();
    await run;
    expect(gated.passes).to.deep.equal([true]);
  });

  it('starts a fresh run for a call after the last pass, even one marked stale at the end', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    const first = flight.run();
    await gated.release();
    await first;
    const second = flight.run();
    expect(second).to.not.equal(first);
    await gated.release();
    await second;
    expect(gated.passes).to.deep.equal([true, true]);
  });

  it('ends the run after a pass that stops it, even if it went stale', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    const run = flight.run();
    flight.invalidate();
    gated.stopNext();
    await gated.release();
    await run;
    expect(gated.passes).to.deep.equal([true]);
    expect(flight.busy).to.equal(false);
  });

  it('runs once more after a pass that stops, when rerun() was called during it (back online)', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    const run = flight.run();
    // The pass under way will fail and stop (it went out while offline); meanwhile the network
    // came back and asked for the list again: that request must not be lost.
    const again = flight.rerun();
    expect(again).to.equal(run);
    gated.stopNext();
    await gated.release();
    expect(gated.passes).to.deep.equal([true, false]);
    await gated.release();
    await run;
    expect(gated.passes).to.deep.equal([true, false]);
    expect(flight.busy).to.equal(false);
  });

  it('ends the run with the rejection of a pass, and the next call starts again', async () => {
    const gated = gatedJob();
    const flight = new SingleFlight(gated.job);
    const run = flight.run();
    flight.invalidate();
    gated.failNext(new Error('offline'));
    let caught: unknown;
    const settled = run.catch((error: unknown) => (caught = error));
    await gated.release();
    await settled;
    expect((caught as Error).message).to.equal('offline');
    expect(gated.passes).to.deep.equal([true]);
    const next = flight.run();
    await gated.release();
    await next;
    expect(gated.passes).to.deep.equal([true, true]);
  });

  it('stops running again once its owner is no longer live', async () => {
    const gated = gatedJob();
    let live = true;
    const flight = new SingleFlight(gated.job, () => live);
    const run = flight.run();
    flight.invalidate();
    live = false;
    await gated.release();
    await run;
    expect(gated.passes).to.deep.equal([true]);
  });
});
