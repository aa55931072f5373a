/**
 * Figures for the local adapter, run in a real Chromium by `npm run bench -- local-adapter` (scripts/bench.mjs).
 *
 * Setup (not measured): one viewer with 10,000 conversations (some through the groups they belong
 * to, so the inbox merge is exercised), one of which holds 100,000 messages. Rows are written
 * straight into the stores in large transactions, in the adapter's own row format.
 *
 * Measured: the latest 50 messages through the adapter, beside a raw `IDBIndex.getAll` of the
 * same key range (the floor any IndexedDB design pays), and the first page of 50 conversations
 * out of 10,000; and, for information, the next page and the unread summary of that viewer.
 */
import { openDB } from 'idb';
import { LocalBackend } from '../src/adapters/local/index.js';
import type { LocalSchema } from '../src/adapters/local/schema.js';
import { BIG_CONVERSATION, GROUPS, VIEWER, seed } from './seed.js';

const MESSAGES_IN_BIG_CONVERSATION = 100_000;
const CONVERSATIONS = 10_000;
const RUNS = 25;
const WARM_UP = 3;
const PARTIES = [`m:${VIEWER}`, ...GROUPS.map((id) => `g:${id}`)];

interface Figure {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly goalMs?: number;
}

/** A ratio of two figures measured in turns, in the shape scripts/bench.mjs prints as is. */
interface Ratio {
  readonly unit: 'ratio';
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly goal: number;
  readonly reference: string;
}

export interface BenchResult {
  readonly environment: {
    readonly userAgent: string;
    readonly crossOriginIsolated: boolean;
    readonly hardwareConcurrency: number;
  };
  readonly setup: { readonly messages: number; readonly conversations: number; readonly seedMs: number };
  readonly figures: Record<string, Figure | Ratio>;
}

declare global {
  interface Window {
    benchResult?: BenchResult;
    benchError?: string;
  }
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measure(work: () => Promise<unknown>, goalMs?: number): Promise<Figure> {
  for (let i = 0; i < WARM_UP; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return summarise(times, goalMs);
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

function summarise(times: number[], goalMs?: number): Figure {
  times.sort((a, b) => a - b);
  return {
    runs: times.length,
    medianMs: round(median(times)),
    minMs: round(times[0]!),
    maxMs: round(times.at(-1)!),
    ...(goalMs === undefined ? {} : { goalMs }),
  };
}

/**
 * The adapter and its floor in turns, run by run, so a burst of load on the machine falls on both
 * alike; the ratio is the median of the per-run ratios (each run's pair is measured back to back).
 */
async function measureBesideFloor(
  adapter: () => Promise<unknown>,
  floor: () => Promise<unknown>,
  goalMs: number,
): Promise<{ adapter: Figure; floor: Figure; ratio: Ratio }> {
  for (let i = 0; i < WARM_UP; i++) {
    await adapter();
    await floor();
  }
  const times = { adapter: [] as number[], floor: [] as number[] };
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Which goes first alternates, so neither always finds the other's warm pages.
    const order = i % 2 ? (['floor', 'adapter'] as const) : (['adapter', 'floor'] as const);
    const run: Record<string, number> = {};
    for (const which of order) {
      const start = performance.now();
      await (which === 'adapter' ? adapter() : floor());
      run[which] = performance.now() - start;
      times[which].push(run[which]);
    }
    ratios.push(run.adapter! / run.floor!);
  }
  const adapterFigure = summarise(times.adapter, goalMs);
  const floorFigure = summarise(times.floor);
  ratios.sort((a, b) => a - b);
  return {
    adapter: adapterFigure,
    floor: floorFigure,
    ratio: {
      unit: 'ratio',
      runs: RUNS,
      median: Math.round(median(ratios) * 100) / 100,
      min: Math.round(ratios[0]! * 100) / 100,
      max: Math.round(ratios.at(-1)! * 100) / 100,
      goal: 1.5,
      reference: `adapter ${adapterFigure.medianMs} ms, raw floor ${floorFigure.medianMs} ms (medians, measured in turns)`,
    },
  };
}

async function run(): Promise<BenchResult> {
  const name = `conv-bench-${Date.now()}`;
  const seedStart = performance.now();
  await seed(name, { conversations: CONVERSATIONS, bigMessages: MESSAGES_IN_BIG_CONVERSATION });
  const big = BIG_CONVERSATION;
  const seedMs = Math.round(performance.now() - seedStart);
  console.log(`seeded in ${seedMs} ms`);

  const backend = new LocalBackend({ name });
  const adapter = backend.adapterFor(VIEWER);
  const raw = await openDB<LocalSchema>(name);
  try {
    const latest = await adapter.listMessages(big);
    if (
      latest.items.length !== 50 ||
      latest.items.at(-1)?.body.includes(`Message ${MESSAGES_IN_BIG_CONVERSATION} `) !== true
    ) {
      throw new Error('The latest page is not the latest 50 messages.');
    }
    const first = await adapter.listConversations();
    if (first.items.length !== 50 || first.items[0]!.id !== `c${CONVERSATIONS - 1}` || !first.next) {
      throw new Error('The first page of conversations is not the newest 50.');
    }
    const summary = await adapter.getUnreadSummary();
    console.log(`unread summary: ${JSON.stringify(summary)}`);

    const range = IDBKeyRange.bound(
      [big, MESSAGES_IN_BIG_CONVERSATION - 49],
      [big, MESSAGES_IN_BIG_CONVERSATION],
    );
    const messages = await measureBesideFloor(
      () => adapter.listMessages(big),
      async () => {
        const rows = await raw.transaction('messages').store.index('bySeq').getAll(range);
        if (rows.length !== 50) throw new Error('raw range is wrong');
      },
      5,
    );
    const conversations = await measureBesideFloor(
      () => adapter.listConversations(),
      async () => {
        const index = raw.transaction('conversations').store.index('inbox');
        await Promise.all(
          PARTIES.map((party) => index.getAll(IDBKeyRange.bound([party, -Infinity], [party, Infinity]), 50)),
        );
      },
      10,
    );
    const figures: Record<string, Figure | Ratio> = {
      'latest 50 messages of 100,000 (adapter.listMessages)': messages.adapter,
      'latest 50 messages of 100,000 (raw IDBIndex.getAll, same range)': messages.floor,
      'latest 50 messages: adapter ÷ raw floor': messages.ratio,
      'first page of 50 conversations of 10,000 (adapter.listConversations)': conversations.adapter,
      'first page, raw floor: IDBIndex.getAll of the 50 newest inbox rows of each of the viewer’s 3 parties':
        conversations.floor,
      'first page of conversations: adapter ÷ raw floor': conversations.ratio,
      // Where the adapter's time goes beyond the floor: each further IndexedDB step it takes, alone
      // (raw reads of the same rows, in a transaction of their own), for information.
      'first page, step before the floor: viewer row + memberships (raw, 2 requests)': await measure(
        async () => {
          const tx = raw.transaction(['members', 'memberships']);
          await Promise.all([
            tx.objectStore('members').get(VIEWER),
            tx.objectStore('memberships').index('byMember').getAll(VIEWER),
          ]);
        },
      ),
      'first page, step after the floor: the viewer’s read marks of the 50 rows (raw, 50 gets)':
        await measure(async () => {
          const reads = raw.transaction('reads').store;
          await Promise.all(first.items.map((item) => reads.get([VIEWER, item.id])));
        }),
      'latest 50 messages, step before the floor: the conversation row (raw get)': await measure(async () => {
        await raw.transaction('conversations').store.get(big);
      }),
      'second page of 50 conversations of 10,000': await measure(() =>
        adapter.listConversations({ after: first.next }),
      ),
      'unread summary of a viewer with 10,000 conversations (adapter.getUnreadSummary)': await measure(() =>
        adapter.getUnreadSummary(),
      ),
    };
    return {
      environment: {
        userAgent: navigator.userAgent,
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
        hardwareConcurrency: navigator.hardwareConcurrency,
      },
      setup: {
        messages: MESSAGES_IN_BIG_CONVERSATION + CONVERSATIONS - 1,
        conversations: CONVERSATIONS,
        seedMs,
      },
      figures,
    };
  } finally {
    raw.close();
    await backend.destroy();
  }
}

run().then(
  (result) => {
    window.benchResult = result;
  },
  (error: unknown) => {
    window.benchError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  },
);
