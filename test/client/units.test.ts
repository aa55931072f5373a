import { expect } from '@open-wc/testing';
import { retryDelay } from '../../src/client/backoff.js';
import { WritableStore } from '../../src/client/store.js';

describe('retryDelay', () => {
  const unavailable = { code: 'unavailable' as const };

  it('doubles from the base wait, with at most 20 % jitter either way, up to the ceiling', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(unavailable, n, options, () => 0.5))).to.deep.equal([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelay(unavailable, 1, options, () => 0)).to.equal(80);
    expect(retryDelay(unavailable, 1, options, () => 0.9999)).to.be.within(119, 120);
    expect(retryDelay(unavailable, 50, options, () => 0.9999)).to.equal(1000);
  });

  it('uses the server’s retryAfterMs as given, even above the ceiling', () => {
    expect(retryDelay({ code: 'rate-limited', retryAfterMs: 5000 }, 1, { maxDelayMs: 1000 })).to.equal(5000);
    expect(retryDelay({ code: 'unavailable', retryAfterMs: 0 }, 3)).to.equal(0);
  });
});

describe('WritableStore', () => {
  it('calls listeners on change only, starts its work on the first subscription, and unsubscribes', () => {
    let starts = 0;
    const store = new WritableStore(1, () => starts++);
    expect(starts).to.equal(0);
    const seen: number[] = [];
    const stop = store.subscribe((value) => seen.push(value));
    store.subscribe(() => undefined);
    expect(starts).to.equal(1);
    store.set(1);
    store.set(2);
    store.update((value) => value + 1);
    stop();
    store.set(4);
    expect(seen).to.deep.equal([2, 3]);
    expect(store.value).to.equal(4);
  });

  it('keeps notifying the others when one listener throws', () => {
    const store = new WritableStore('a');
    const seen: string[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      store.subscribe(() => {
        throw new Error('broken element');
      });
      store.subscribe((value) => seen.push(value));
      store.set('b');
    } finally {
      console.error = originalError;
    }
    expect(seen).to.deep.equal(['b']);
  });
});
