import { expect } from '@open-wc/testing';
import type { RetryStrategy } from '../../src/client/backoff.js';
import { MemoryCache, type NewOutboxEntry, type OutboxEntry } from '../../src/client/cache.js';
import { OutboxScheduler } from '../../src/client/outbox-scheduler.js';
import { NotFoundError, RateLimitedError, UnavailableError } from '../../src/core/errors.js';
import type { Message } from '../../src/core/types.js';

function draft(clientId: string, conversationId = 'c1'): NewOutboxEntry {
  return {
    clientId,
    conversationId,
    body: `body of ${clientId}`,
    author: { id: 'm1', name: 'Ada' } as OutboxEntry['author'],
    createdAt: 0,
    status: 'queued',
    attempts: 0,
  };
}

function landed(entry: OutboxEntry): Message {
  return {
    id: `id-${entry.clientId}`,
    conversationId: entry.conversationId,
    clientId: entry.clientId,
    author: entry.author,
    body: entry.body,
    sentAt: 1,
  };
}

/** A scheduler over a memory queue whose `send` answers from a script, recording what happened. */
function harness(answers: Record<string, unknown[]>, retry: RetryStrategy = () => undefined) {
  const queue = new MemoryCache('scheduler-test');
  const abort = new AbortController();
  const log: string[] = [];
  let settledCount = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const settled = () => {
    settledCount++;
    for (const waiter of waiters.splice(0)) {
      if (settledCount >= waiter.count) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  const scheduler = new OutboxScheduler({
    queue: () => queue,
    lockName: () => undefined,
    send: async (entry) => {
      log.push(`send ${entry.clientId}`);
      const answer = answers[entry.clientId]?.shift();
      if (answer instanceof Error) throw answer;
      return landed(entry);
    },
    retry,
    signal: abort.signal,
    delivered: (entry, message) => {
      log.push(`delivered ${entry.clientId} as ${message.id}`);
      settled();
    },
    retrying: (entry) =>
      log.push(`retrying ${entry.clientId} after ${entry.attempts} (${entry.error?.code})`),
    failed: (entry) => {
      log.push(`failed ${entry.clientId} (${entry.error?.code})`);
      settled();
    },
  });
  return {
    queue,
    scheduler,
    log,
    abort,
    /** Resolves once `count` entries were delivered or failed in all. */
    settledAt(count: number) {
      if (settledCount >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
  };
}

describe('OutboxScheduler', () => {
  it('delivers in the order written, removing each stored copy before saying so', async () => {
    const h = harness({});
    for (const id of ['a', 'b', 'c']) await h.queue.addOutbox(draft(id, id === 'b' ? 'c2' : 'c1'));
    h.scheduler.schedule();
    await h.settledAt(3);
    expect(h.log).to.deep.equal([
      'send a',
      'delivered a as id-a',
      'send b',
      'delivered b as id-b',
      'send c',
      'delivered c as id-c',
    ]);
    expect(await h.queue.outbox()).to.deep.equal([]);
  });

  it('marks a refusal failed, keeps it stored, and goes on with the next', async () => {
    const h = harness({ a: [new NotFoundError()] });
    await h.queue.addOutbox(draft('a'));
    await h.queue.addOutbox(draft('b'));
    h.scheduler.schedule();
    await h.settledAt(2);
    expect(h.log).to.deep.equal(['send a', 'failed a (not-found)', 'send b', 'delivered b as id-b']);
    const [stored] = await h.queue.outbox();
    expect(stored).to.deep.include({ clientId: 'a', status: 'failed' });
    // Failed entries are not queued: scheduling again sends nothing.
    h.scheduler.schedule();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.log.filter((line) => line === 'send a')).to.have.length(1);
  });

  it('retries after the wait the strategy gives, the entry first, before the ones behind it', async () => {
    const waits: number[] = [];
    const h = harness({ a: [new RateLimitedError(5), new UnavailableError()] }, (error, tried) => {
      if (!(error instanceof RateLimitedError || error instanceof UnavailableError)) return undefined;
      waits.push(tried.attempts);
      return 5;
    });
    await h.queue.addOutbox(draft('a'));
    await h.queue.addOutbox(draft('b'));
    h.scheduler.schedule();
    await h.settledAt(2);
    expect(h.log).to.deep.equal([
      'send a',
      'retrying a after 1 (rate-limited)',
      'send a',
      'retrying a after 2 (unavailable)',
      'send a',
      'delivered a as id-a',
      'send b',
      'delivered b as id-b',
    ]);
    expect(waits).to.deep.equal([1, 2]);
  });

  it('cuts a wait short on wake(), and stops for good once its signal aborts', async () => {
    const h = harness({ a: [new UnavailableError()] }, () => 600_000);
    await h.queue.addOutbox(draft('a'));
    h.scheduler.schedule();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.log).to.deep.equal(['send a', 'retrying a after 1 (unavailable)']);
    h.scheduler.wake();
    await h.settledAt(1);
    expect(h.log.at(-1)).to.equal('delivered a as id-a');

    h.abort.abort();
    await h.queue.addOutbox(draft('b'));
    h.scheduler.schedule();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.log).to.not.include('send b');
  });

  it('keeps a wake that comes while a failure is being stored, and tries again at once', async () => {
    // The member comes back online after the attempt failed and before its 10-minute wait began:
    // the stored copy of the failure is still being written when `online` arrives.
    let storing: (() => void) | undefined;
    const h = harness({ a: [new UnavailableError()] }, () => 600_000);
    const put = h.queue.putOutbox.bind(h.queue);
    h.queue.putOutbox = async (entry) => {
      await new Promise<void>((resolve) => (storing = resolve));
      await put(entry);
    };
    await h.queue.addOutbox(draft('a'));
    h.scheduler.schedule();
    while (!storing) await new Promise((resolve) => setTimeout(resolve, 5));
    h.scheduler.wake();
    storing();
    h.queue.putOutbox = put;
    await h.settledAt(1);
    expect(h.log).to.deep.equal([
      'send a',
      'retrying a after 1 (unavailable)',
      'send a',
      'delivered a as id-a',
    ]);
  });

  it('runs one delivery at a time: scheduling during one does not start a second beside it', async () => {
    const h = harness({});
    await h.queue.addOutbox(draft('a'));
    h.scheduler.schedule();
    // Added, and scheduled twice, while the first delivery is under way: a second delivery
    // beside it would send `a` again.
    h.scheduler.schedule();
    await h.queue.addOutbox(draft('b'));
    h.scheduler.schedule();
    await h.settledAt(2);
    expect(h.log.filter((line) => line.startsWith('send'))).to.deep.equal(['send a', 'send b']);
  });
});
