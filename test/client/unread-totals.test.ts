import { expect } from '@open-wc/testing';
import type { RequestOptions } from '../../src/adapter/adapter.js';
import { unreadSourceOf, type UnreadSource } from '../../src/adapter/unread-source.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { openLocalUnreadSource } from '../../src/adapters/local/unread-source.js';
import { UnreadTotals } from '../../src/client/unread-totals.js';
import { UnavailableError } from '../../src/core/errors.js';
import { createClientId } from '../../src/core/ids.js';
import type { UnreadSummary } from '../../src/core/types.js';
import { freshBackend } from '../helpers/local-backend.js';
import { until, within } from './helpers.js';

function writeTo(backend: LocalBackend, from: string, to: string, body = 'Hello there') {
  return backend.adapterFor(from).startConversation({
    recipients: [{ kind: 'member', id: to }],
    body,
    clientId: createClientId(),
  });
}

/**
 * A real source behind a switch, at its very edge: it counts what `UnreadTotals` asks of it, and
 * while `failing` its reads fail as a network would, without reaching the source.
 */
class EdgeSource implements UnreadSource {
  failing = false;
  /** Reads answered or refused so far. */
  settled = 0;
  /** Times the source said the totals may have changed. */
  changes = 0;
  watching = 0;
  closed = false;
  private gate?: { held: () => void; open: Promise<void> };
  private readonly waiters = new Set<{ done: () => boolean; resolve: () => void }>();

  constructor(readonly inner: UnreadSource) {}

  async getUnreadSummary(options?: RequestOptions): Promise<UnreadSummary> {
    try {
      if (this.failing) throw new UnavailableError('The test network is down.');
      const summary = await this.inner.getUnreadSummary(options);
      const gate = this.gate;
      if (gate) {
        gate.held();
        await gate.open;
      }
      return summary;
    } finally {
      this.settled++;
      this.wake();
    }
  }

  /**
   * Holds the answer of the next read, taken from the source, until `release()`: `held` resolves
   * once a read has its answer and waits.
   */
  holdAnswers(): { held: Promise<void>; release: () => void } {
    let release!: () => void;
    let held!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    const heldPromise = new Promise<void>((resolve) => (held = resolve));
    this.gate = { held, open };
    return {
      held: heldPromise,
      release: () => {
        this.gate = undefined;
        release();
      },
    };
  }

  /** Resolves once `count` reads have settled, and `UnreadTotals` has had their answers. */
  async settledAt(count: number): Promise<void> {
    await this.until(() => this.settled >= count);
    // `UnreadTotals` takes an answer a few microtasks after the source gave it; a task is later.
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }

  /** Resolves once the source has reported `count` possible changes. */
  changedAt(count: number): Promise<void> {
    return this.until(() => this.changes >= count);
  }

  watch(onChange: () => void) {
    this.watching++;
    const stop = this.inner.watch(() => {
      this.changes++;
      onChange();
      this.wake();
    });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.watching--;
      stop();
    };
  }

  close(): void {
    this.closed = true;
    this.inner.close?.();
  }

  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ done, resolve }));
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (!waiter.done()) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
  }
}

const KINDS: { name: string; open(backend: LocalBackend, member: string): Promise<UnreadSource> }[] = [
  {
    name: 'openLocalUnreadSource',
    async open(backend, member) {
      const source = await openLocalUnreadSource(backend.name, member);
      if (!source) throw new Error(`no unread source over ${backend.name}`);
      return source;
    },
  },
  {
    name: 'unreadSourceOf(adapter)',
    open: async (backend, member) => unreadSourceOf(backend.adapterFor(member)),
  },
];

for (const kind of KINDS) {
  describe(`UnreadTotals over ${kind.name}`, () => {
    let backend: LocalBackend;
    const made: UnreadTotals[] = [];

    beforeEach(async () => {
      backend = await freshBackend();
    });

    afterEach(async () => {
      for (const totals of made.splice(0)) totals.dispose();
      await backend.destroy();
    });

    async function totalsFor(member: string): Promise<{ totals: UnreadTotals; edge: EdgeSource }> {
      const edge = new EdgeSource(await kind.open(backend, member));
      const totals = new UnreadTotals(edge);
      made.push(totals);
      return { totals, edge };
    }

    /** Every value the store hands its subscribers, from now on. */
    function record(totals: UnreadTotals): UnreadSummary[] {
      const seen: UnreadSummary[] = [];
      totals.unread.subscribe((value) => seen.push(value));
      return seen;
    }

    it('reads nothing until someone subscribes', async () => {
      await writeTo(backend, 'm2', 'm1');
      const { totals, edge } = await totalsFor('m1');
      expect(totals.unread.value).to.deep.equal({ total: 0, conversations: 0 });
      expect(edge.watching).to.equal(0);
      expect(edge.settled).to.equal(0);

      record(totals);
      expect(edge.watching).to.equal(1);
      await within(
        3000,
        until(totals.unread, (value) => value.total === 1),
      );
      expect(totals.unread.value).to.deep.equal({ total: 1, conversations: 1 });
    });

    it('goes 0 → 1 when a message arrives, and back to 0 when it is read', async () => {
      const { totals, edge } = await totalsFor('m1');
      const seen = record(totals);
      await edge.settledAt(1);

      const { conversation, message } = await writeTo(backend, 'm2', 'm1');
      await within(
        3000,
        until(totals.unread, (value) => value.total === 1),
        'the totals going to 1',
      );
      await backend.adapterFor('m1').markRead(conversation.id, message.id);
      await within(
        3000,
        until(totals.unread, (value) => value.total === 0),
        'the totals going back to 0',
      );

      expect(seen).to.deep.equal([
        // The first answer is told though nothing is unread: "not known yet" is not "none".
        { total: 0, conversations: 0 },
        { total: 1, conversations: 1 },
        { total: 0, conversations: 0 },
      ]);
    });

    it('does not call subscribers when a change leaves the totals as they were', async () => {
      const { totals, edge } = await totalsFor('m1');
      const seen = record(totals);
      await edge.settledAt(1);
      expect(seen, 'the first answer alone').to.deep.equal([{ total: 0, conversations: 0 }]);
      seen.length = 0;
      const before = totals.unread.value;

      // The member's own message: the totals are read again, and come out the same.
      await writeTo(backend, 'm1', 'm2', 'Mine, not unread');
      await within(3000, edge.settledAt(2), 'the totals being read again');
      expect(seen).to.deep.equal([]);
      expect(totals.unread.value).to.equal(before);

      await writeTo(backend, 'm2', 'm1');
      await within(
        3000,
        until(totals.unread, (value) => value.total === 1),
      );
      expect(seen).to.deep.equal([{ total: 1, conversations: 1 }]);
    });

    it('ends with the right totals after many changes at once', async () => {
      const { totals, edge } = await totalsFor('m1');
      record(totals);
      await edge.settledAt(1);
      const first = await writeTo(backend, 'm2', 'm1', 'first');

      await Promise.all([
        ...[1, 2, 3, 4].map((n) =>
          backend.adapterFor('m2').sendMessage({
            conversationId: first.conversation.id,
            body: `more ${n}`,
            clientId: createClientId(),
          }),
        ),
        writeTo(backend, 'm3', 'm1', 'from m3'),
        writeTo(backend, 'm5', 'm1', 'from m5'),
        backend.adapterFor('m4').startConversation({
          recipients: [{ kind: 'group', id: 'g1' }],
          body: 'to the group m1 manages',
          clientId: createClientId(),
        }),
        backend.adapterFor('m1').markRead(first.conversation.id, first.message.id),
      ]);
      const expected = await backend.adapterFor('m1').getUnreadSummary();
      // Read up to the first message, whenever the read lands: the four after it stay unread.
      expect(expected).to.deep.equal({ total: 7, conversations: 4 });

      await within(
        5000,
        until(
          totals.unread,
          (value) => value.total === expected.total && value.conversations === expected.conversations,
        ),
        `the totals settling at ${JSON.stringify(expected)}`,
      );
    });

    it('reads again for a change that came while a read was under way', async () => {
      const { totals, edge } = await totalsFor('m1');
      record(totals);
      await edge.settledAt(1);

      // The read for the first message has its answer (one unread) and waits ...
      const gate = edge.holdAnswers();
      await writeTo(backend, 'm2', 'm1', 'first');
      await within(3000, gate.held, 'a read holding its answer');
      // ... when the second message is announced: that read cannot know of it.
      const changes = edge.changes;
      await writeTo(backend, 'm3', 'm1', 'second');
      await within(3000, edge.changedAt(changes + 1), 'the second message being announced');
      gate.release();

      await within(
        3000,
        until(totals.unread, (value) => value.total === 2),
        'the totals reaching 2',
      );
      expect(totals.unread.value).to.deep.equal({ total: 2, conversations: 2 });
    });

    it('does not take the answer of a read that was under way when it was disposed', async () => {
      const { totals, edge } = await totalsFor('m1');
      record(totals);
      await edge.settledAt(1);

      const gate = edge.holdAnswers();
      const settled = edge.settled;
      await writeTo(backend, 'm2', 'm1');
      await within(3000, gate.held, 'a read holding its answer');
      totals.dispose();
      gate.release();
      await within(3000, edge.settledAt(settled + 1), 'the held read settling');

      expect(totals.unread.value).to.deep.equal({ total: 0, conversations: 0 });
    });

    it('keeps its last value while reads fail, and reads again when the browser is back online', async () => {
      const { totals, edge } = await totalsFor('m1');
      record(totals);
      await writeTo(backend, 'm2', 'm1');
      await within(
        3000,
        until(totals.unread, (value) => value.total === 1),
      );
      const settled = edge.settled;

      edge.failing = true;
      await writeTo(backend, 'm3', 'm1');
      await within(3000, edge.settledAt(settled + 1), 'the failed read');
      expect(totals.unread.value).to.deep.equal({ total: 1, conversations: 1 });

      edge.failing = false;
      dispatchEvent(new Event('online'));
      await within(
        3000,
        until(totals.unread, (value) => value.total === 2),
        'the read after going online',
      );
      expect(totals.unread.value).to.deep.equal({ total: 2, conversations: 2 });
    });

    it('reads again a little later when a read fails, with no change or return online to read on', async () => {
      await writeTo(backend, 'm2', 'm1');
      const { totals, edge } = await totalsFor('m1');
      edge.failing = true;
      record(totals);
      await within(3000, edge.settledAt(1), 'the failed first read');
      expect(totals.unread.value).to.deep.equal({ total: 0, conversations: 0 });

      // The fault passes; nothing changes and the browser never went offline.
      edge.failing = false;
      await within(
        4000,
        until(totals.unread, (value) => value.total === 1),
        'the read a second after the failed one',
      );
      expect(totals.unread.value).to.deep.equal({ total: 1, conversations: 1 });
      expect(edge.changes).to.equal(0);
    });

    it('dispose() closes the source and stops following it: later writes leave the value', async () => {
      const { totals, edge } = await totalsFor('m1');
      record(totals);
      await writeTo(backend, 'm2', 'm1');
      await within(
        3000,
        until(totals.unread, (value) => value.total === 1),
      );

      totals.dispose();
      expect(edge.closed).to.equal(true);
      expect(edge.watching).to.equal(0);
      const settled = edge.settled;

      // A second store over a source of its own shows the write happened and was announced.
      const { totals: twin } = await totalsFor('m1');
      record(twin);
      await within(
        3000,
        until(twin.unread, (value) => value.total === 1),
      );
      await writeTo(backend, 'm3', 'm1');
      await within(
        3000,
        until(twin.unread, (value) => value.total === 2),
      );

      expect(totals.unread.value).to.deep.equal({ total: 1, conversations: 1 });
      expect(edge.settled).to.equal(settled);
    });
  });
}
