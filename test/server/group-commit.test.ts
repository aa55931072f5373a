/**
 * The server's group commit (`server/src/batch.ts`) on its own, with steps that record what they
 * are given: items arriving while a batch is written are prepared meanwhile and go together in
 * the next write (or, without overlap, prepared once it ends), a write waits for a preparation
 * under way, every item gets its own answer in order, and a failed batch or preparation is
 * redone item by item so that one bad item fails only itself.
 */
import { expect } from '@open-wc/testing';
import { GroupCommit } from '../../server/src/batch.js';

/** A promise with its resolve, to hold a step until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('GroupCommit', () => {
  it('writes a lone item at once, and those arriving during a write together in the next', async () => {
    const prepared: number[][] = [];
    const written: number[][] = [];
    const writeGates: ReturnType<typeof gate>[] = [];
    const commit = new GroupCommit<number, string, string>({
      prepare: async (items) => {
        prepared.push(items);
        return items.map((item) => `p${item}`);
      },
      write: async (batch) => {
        written.push(batch.map(({ item }) => item));
        const held = gate();
        writeGates.push(held);
        await held.promise;
        return batch.map(({ item, prepared: p }) => `${p}:w${item}`);
      },
      alone: async () => {
        throw new Error('not expected');
      },
    });
    const first = commit.submit(1);
    await turn();
    expect(written).to.deep.equal([[1]]);
    // Three more while the first is being written: prepared meanwhile, not written yet.
    const rest = [commit.submit(2), commit.submit(3), commit.submit(4)];
    await turn();
    expect(written).to.deep.equal([[1]]);
    expect(prepared.flat()).to.deep.equal([1, 2, 3, 4]);
    writeGates[0].open();
    expect(await first).to.equal('p1:w1');
    await turn();
    expect(written).to.deep.equal([[1], [2, 3, 4]]);
    writeGates[1].open();
    expect(await Promise.all(rest)).to.deep.equal(['p2:w2', 'p3:w3', 'p4:w4']);
    expect(commit.figures).to.deep.equal({ runs: 2, items: 4 });
  });

  it('lets a write wait for a preparation under way, and take its items too', async () => {
    const written: number[][] = [];
    const prepareGates = new Map<number, ReturnType<typeof gate>>();
    const writeGates: ReturnType<typeof gate>[] = [];
    const commit = new GroupCommit<number, number, number>({
      prepare: async (items) => {
        if (items[0] !== 1) {
          const held = gate();
          prepareGates.set(items[0], held);
          await held.promise;
        }
        return items;
      },
      write: async (batch) => {
        written.push(batch.map(({ item }) => item));
        const held = gate();
        writeGates.push(held);
        await held.promise;
        return batch.map(({ item }) => item * 10);
      },
      alone: async () => {
        throw new Error('not expected');
      },
    });
    const answers = [commit.submit(1)];
    await turn();
    expect(written).to.deep.equal([[1]]);
    answers.push(commit.submit(2));
    await turn();
    prepareGates.get(2)!.open();
    await turn();
    // 2 is prepared; 3 arrives and is being prepared when the first write ends.
    answers.push(commit.submit(3));
    await turn();
    writeGates[0].open();
    await turn();
    expect(written, 'the write waits for the preparation of 3').to.deep.equal([[1]]);
    prepareGates.get(3)!.open();
    await turn();
    expect(written).to.deep.equal([[1], [2, 3]]);
    writeGates[1].open();
    expect(await Promise.all(answers)).to.deep.equal([10, 20, 30]);
  });

  it('without overlap, prepares the items arriving during a write only once it ends, together', async () => {
    const prepared: number[][] = [];
    const written: number[][] = [];
    const writeGates: ReturnType<typeof gate>[] = [];
    const commit = new GroupCommit<number, number, number>(
      {
        prepare: async (items) => {
          prepared.push(items);
          return items;
        },
        write: async (batch) => {
          written.push(batch.map(({ item }) => item));
          const held = gate();
          writeGates.push(held);
          await held.promise;
          return batch.map(({ item }) => item);
        },
        alone: async () => {
          throw new Error('not expected');
        },
      },
      64,
      () => {},
      false,
    );
    const answers = [commit.submit(1)];
    await turn();
    answers.push(commit.submit(2), commit.submit(3));
    await turn();
    expect(prepared).to.deep.equal([[1]]);
    writeGates[0].open();
    await turn();
    expect(prepared).to.deep.equal([[1], [2, 3]]);
    expect(written).to.deep.equal([[1], [2, 3]]);
    writeGates[1].open();
    expect(await Promise.all(answers)).to.deep.equal([1, 2, 3]);
  });

  it('redoes the items of a failed batch one by one, each failing only itself', async () => {
    const failures: unknown[] = [];
    const alone: number[] = [];
    const commit = new GroupCommit<number, number, number>(
      {
        prepare: async (items) => items,
        write: async (batch) => {
          if (batch.length > 1) throw Object.assign(new Error('deadlock'), { code: '40P01' });
          return batch.map(({ item }) => item);
        },
        alone: async (item) => {
          alone.push(item);
          if (item === 3) throw new Error('item 3 is bad');
          return item * 100;
        },
      },
      64,
      (error) => failures.push(error),
    );
    const held = commit.submit(1);
    const batch = [commit.submit(2), commit.submit(3), commit.submit(4)];
    expect(await held).to.equal(1);
    const answers = await Promise.allSettled(batch);
    expect(answers.map((answer) => answer.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[0] as PromiseFulfilledResult<number>).value).to.equal(200);
    expect((answers[2] as PromiseFulfilledResult<number>).value).to.equal(400);
    expect(alone.sort()).to.deep.equal([2, 3, 4]);
    expect(failures.length).to.equal(1);
  });

  it('redoes the items of a failed preparation one by one', async () => {
    let prepares = 0;
    const commit = new GroupCommit<number, number, number>({
      prepare: async (items) => {
        prepares++;
        throw new Error(`database gone for ${items.length}`);
      },
      write: async () => {
        throw new Error('not expected');
      },
      alone: async (item) => item + 1,
    });
    expect(await Promise.all([commit.submit(1), commit.submit(2)])).to.deep.equal([2, 3]);
    expect(prepares).to.be.greaterThan(0);
  });
});
