/**
 * Figures for the elements, run in a real Chromium by `scripts/bench.mjs`: each beside a naive
 * reference measured in the same page, the same way.
 *
 * - the conversation list, time to pixels, with 100 and with 10,000 conversations, beside a
 *   plain-DOM list of 10,000 rows, and beside a bare Lit + virtualizer list of the same first
 *   page from the same adapter (bench/bare-list.ts), run in turns, with the ratio;
 * - JS heap and DOM nodes with 10,000 conversations (the runner collects garbage and reads the
 *   renderer's counters through the DevTools protocol), beside the plain-DOM list;
 * - a thread of 100,000 stored messages, time to pixels, beside a raw `IDBIndex` read of the
 *   latest 50 rendered as plain `<li>`s;
 * - a send: Enter pressed (a real key event from the runner) to the pending message on screen,
 *   in frames and milliseconds, beside a plain textarea that appends an `<li>` on Enter.
 *
 * "To pixels" is the time from inserting the element until the frame after its rows exist: the
 * rows are seen by a MutationObserver on the element's shadow root, then one animation frame and
 * one task later the frame holding them has been painted. That can count one frame too many when
 * the rows arrive during a frame's own layout (the virtualizer renders from a ResizeObserver), so
 * it is an upper bound, applied alike to the element and its reference.
 *
 * Every run makes a new client over a new local adapter, as a page load does (the client's cache
 * database persists between runs, as it would between visits). A run starts only once every
 * request the previous run's adapter was asked has completed (`settle`): a disposed client cannot
 * take back a request IndexedDB is serving, and the next run would wait behind it and count it
 * as its own, which no page load pays.
 */
import { deleteDB, openDB } from 'idb';
import { createLocalAdapter } from '../src/adapters/local/index.js';
import type { LocalSchema } from '../src/adapters/local/schema.js';
import type { ConversationsAdapter } from '../src/adapter/adapter.js';
import { ConversationsClient } from '../src/client/conversations-client.js';
import '../src/define/conv-provider.js';
import '../src/define/conv-conversation-list.js';
import '../src/define/conv-thread.js';
import { BIG_CONVERSATION, VIEWER, seed } from './seed.js';
import { defineBareList, type BenchBareList } from './bare-list.js';

const RUNS = 7;
const WARM_UP = 2;
const BIG_MESSAGES = 100_000;

type Unit = 'ms' | 'MB' | 'nodes' | 'frames' | 'ratio';

export interface Figure {
  readonly unit: Unit;
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The goal, met when the median is at most this. */
  readonly goal?: number;
  /** The name of the figure this one is measured against. */
  readonly reference?: string;
}

export interface BenchResult {
  readonly environment: {
    readonly userAgent: string;
    readonly crossOriginIsolated: boolean;
    readonly hardwareConcurrency: number;
  };
  readonly setup: Record<string, number>;
  readonly figures: Record<string, Figure>;
}

declare global {
  interface Window {
    benchResult?: BenchResult;
    benchError?: string;
    /** From the runner: collects garbage, then the renderer's JS heap (bytes) and live DOM nodes. */
    benchMetrics?: () => Promise<{ heap: number; nodes: number }>;
    /** From the runner: a real key press through the browser's input pipeline. */
    benchPress?: (key: string) => Promise<void>;
  }
}

function summarise(unit: Unit, values: readonly number[], extra: Partial<Figure> = {}): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    unit,
    runs: sorted.length,
    median: round(median),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
    ...extra,
  };
}

/** Resolves after the next frame has been painted: a task queued from an animation frame callback. */
function afterPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(undefined);
    }),
  );
}

/** Resolves once `ready()` holds, checked on every change under `root`. */
function whenReady(root: Node, ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('Timed out waiting for the content.'));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** A box of a portal's inbox column, so virtualized lists render what a member would see. */
function stage(): HTMLElement {
  const box = document.createElement('div');
  box.style.cssText = 'width: 420px; height: 640px; overflow: auto; contain: strict;';
  document.body.append(box);
  return box;
}

/** The requests of the runs' adapters still on their way. */
const inFlight = new Set<Promise<unknown>>();

/** A new local adapter whose requests `settle` waits for. */
function trackedAdapter(database: string): ConversationsAdapter {
  const adapter = createLocalAdapter({ name: database, viewer: VIEWER });
  return new Proxy(adapter, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          const settled = result.then(
            () => undefined,
            () => undefined,
          );
          inFlight.add(settled);
          void settled.then(() => inFlight.delete(settled));
        }
        return result;
      };
    },
  });
}

/**
 * Resolves once every request of the previous runs' adapters has completed, and a frame later.
 * A request its client aborted on disposal has rejected already while IndexedDB still serves
 * it: a raw read of the same stores, which IndexedDB serves after it, waits for that too.
 */
async function settle(database: string): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  const db = await openDB<LocalSchema>(database);
  const tx = db.transaction(['conversations', 'reads', 'meta']);
  await Promise.all([tx.objectStore('meta').get('directory'), tx.done]);
  db.close();
  await afterPaint();
}

function newClient(database: string): ConversationsClient {
  return new ConversationsClient(trackedAdapter(database), {
    viewerId: VIEWER,
    cacheName: `${database}-cache`,
    closeAdapterOnDispose: true,
  });
}

interface Mounted {
  readonly box: HTMLElement;
  readonly client?: ConversationsClient;
  /** When the rows exist, and when the frame holding them was painted (ms since insertion). */
  readonly readyMs: number;
  readonly paintedMs: number;
}

type Timing = Pick<Mounted, 'readyMs' | 'paintedMs'>;

function unmount(mounted: Mounted): void {
  mounted.box.remove();
  mounted.client?.dispose();
}

async function mountElement(
  database: string,
  tag: 'conv-conversation-list' | 'conv-thread',
  rowSelector: string,
) {
  const box = stage();
  const client = newClient(database);
  const start = performance.now();
  const provider = document.createElement('conv-provider');
  provider.client = client;
  const element = document.createElement(tag);
  if (tag === 'conv-thread') element.setAttribute('conversation', BIG_CONVERSATION);
  provider.append(element);
  box.append(provider);
  const root = element.shadowRoot!;
  await whenReady(root, () => root.querySelector(rowSelector)?.textContent?.trim() !== undefined);
  const readyMs = performance.now() - start;
  const paintedMs = (await afterPaint()) - start;
  return { box, client, readyMs, paintedMs, element };
}

/** The bare Lit + virtualizer list over a new local adapter, as the element gets a new client. */
async function mountBareList(database: string): Promise<Mounted & { close(): void }> {
  defineBareList();
  const box = stage();
  const adapter = trackedAdapter(database);
  const start = performance.now();
  const list = document.createElement('bench-bare-list') as BenchBareList;
  list.adapter = adapter;
  box.append(list);
  const root = list.shadowRoot!;
  await whenReady(root, () => {
    const virtualizer = root.querySelector('lit-virtualizer');
    return virtualizer?.querySelector('[role="option"]')?.textContent?.trim() !== undefined;
  });
  const readyMs = performance.now() - start;
  const paintedMs = (await afterPaint()) - start;
  return { box, readyMs, paintedMs, close: () => adapter.close?.() };
}

/**
 * The element and the bare list in turns, run by run (which goes first alternates), so a burst
 * of load on the machine falls on both alike. Returns both timings and the per-run ratios.
 */
async function pairedListRuns(database: string) {
  const element: Timing[] = [];
  const bare: Timing[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const one = async () => {
      const mounted = await mountElement(database, 'conv-conversation-list', '[role="option"]');
      unmount(mounted);
      await settle(database);
      return mounted.paintedMs;
    };
    const other = async () => {
      const mounted = await mountBareList(database);
      mounted.box.remove();
      mounted.close();
      await settle(database);
      return mounted.paintedMs;
    };
    let elementMs: number;
    let bareMs: number;
    if (i % 2) {
      bareMs = await other();
      elementMs = await one();
    } else {
      elementMs = await one();
      bareMs = await other();
    }
    if (i < WARM_UP) continue;
    element.push({ readyMs: elementMs, paintedMs: elementMs });
    bare.push({ readyMs: bareMs, paintedMs: bareMs });
    ratios.push(elementMs / bareMs);
  }
  return { element, bare, ratios };
}

function plainRow(i: number): HTMLElement {
  const row = document.createElement('div');
  row.style.cssText =
    'display: grid; grid-template-columns: 2.5rem 1fr auto; gap: 0.25rem 0.5rem; padding: 0.5rem;';
  const avatar = document.createElement('span');
  avatar.textContent = 'P';
  const name = document.createElement('span');
  name.textContent = `Person ${i % 200}, Other person ${Math.floor(i / 200)}`;
  const preview = document.createElement('span');
  preview.textContent = `Message 1 of c${i}: a line of ordinary length, as people write them.`;
  const time = document.createElement('time');
  time.textContent = `${i % 60} min`;
  row.append(avatar, name, preview, time);
  return row;
}

/** The naive list: every row in the DOM. */
async function mountPlainList(rows: number): Promise<Mounted> {
  const box = stage();
  const start = performance.now();
  const list = document.createElement('div');
  list.setAttribute('role', 'list');
  for (let i = 0; i < rows; i++) list.append(plainRow(i));
  box.append(list);
  const readyMs = performance.now() - start;
  const paintedMs = (await afterPaint()) - start;
  return { box, readyMs, paintedMs };
}

/** The floor for a thread: the latest 50 rows straight from the index, as plain list items. */
async function mountPlainThread(database: string): Promise<Mounted> {
  const box = stage();
  const start = performance.now();
  const db = await openDB<LocalSchema>(database);
  const range = IDBKeyRange.bound([BIG_CONVERSATION, BIG_MESSAGES - 49], [BIG_CONVERSATION, BIG_MESSAGES]);
  const rows = await db.transaction('messages').store.index('bySeq').getAll(range);
  db.close();
  const list = document.createElement('ol');
  for (const row of rows) {
    const item = document.createElement('li');
    item.textContent = row.body;
    list.append(item);
  }
  box.append(list);
  const readyMs = performance.now() - start;
  const paintedMs = (await afterPaint()) - start;
  return { box, readyMs, paintedMs };
}

async function repeatRuns(database: string, mount: () => Promise<Mounted>): Promise<Timing[]> {
  const results: Timing[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const { box, client, readyMs, paintedMs } = await mount();
    unmount({ box, client, readyMs, paintedMs });
    // Let the disposed client's requests complete and its databases close before the next run.
    await settle(database);
    if (i >= WARM_UP) results.push({ readyMs, paintedMs });
  }
  return results;
}

async function metrics(): Promise<{ heap: number; nodes: number }> {
  if (!window.benchMetrics) throw new Error('Run this page through scripts/bench.mjs (no metrics hook).');
  return window.benchMetrics();
}

/**
 * Heap (MB) and DOM nodes that a mounted view adds to the page: measured while it is mounted and
 * again once it is removed (and its client disposed of), each after garbage collection.
 */
async function footprint(mount: () => Promise<Mounted>): Promise<{ heap: number[]; nodes: number[] }> {
  const heap: number[] = [];
  const nodes: number[] = [];
  for (let i = 0; i < 1 + Math.min(RUNS, 5); i++) {
    let mounted: Mounted | undefined = await mount();
    // The client keeps loading in the background (unread totals, live updates): let it settle.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = await metrics();
    unmount(mounted);
    mounted = undefined;
    await afterPaint();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await metrics();
    if (i === 0) continue;
    heap.push((during.heap - after.heap) / 1e6);
    nodes.push(during.nodes - after.nodes);
  }
  return { heap, nodes };
}

interface KeyTiming {
  readonly ms: number;
  readonly frames: number;
}

/**
 * Presses Enter in `field` (a real key event from the runner) and times it until `shown()` holds:
 * milliseconds from the event to the frame that painted it, and how many frames began between
 * the key and the change (0: painted in the very next frame).
 */
async function timeKey(field: HTMLElement, root: Node, shown: () => boolean): Promise<KeyTiming> {
  field.focus();
  let keyAt = 0;
  let frames = 0;
  let counting = true;
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    keyAt = event.timeStamp;
    const tick = () => {
      if (!counting) return;
      frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  addEventListener('keydown', onKey, { capture: true });
  const seen = whenReady(root, shown, 10_000).then(() => frames);
  await window.benchPress!('Enter');
  const framesBefore = await seen;
  counting = false;
  const painted = await afterPaint();
  removeEventListener('keydown', onKey, { capture: true });
  return { ms: painted - keyAt, frames: framesBefore };
}

async function sendTimings(database: string): Promise<{ element: KeyTiming[]; plain: KeyTiming[] }> {
  const element: KeyTiming[] = [];
  const plain: KeyTiming[] = [];
  const box = stage();
  const client = newClient(database);
  const provider = document.createElement('conv-provider');
  provider.client = client;
  const thread = document.createElement('conv-thread');
  thread.setAttribute('conversation', 'c1');
  provider.append(thread);
  box.append(provider);
  const root = thread.shadowRoot!;
  await whenReady(root, () => root.querySelector('li[part~="message"]') !== null);
  const field = root.querySelector<HTMLTextAreaElement>('form[part="composer"] textarea')!;

  const reference = stage();
  const plainField = document.createElement('textarea');
  const plainList = document.createElement('ol');
  plainField.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const item = document.createElement('li');
    item.textContent = plainField.value;
    plainList.append(item);
    plainField.value = '';
  });
  reference.append(plainList, plainField);

  try {
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const body = `Bench message ${i}`;
      field.value = body;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await thread.updateComplete;
      const hasBody = () =>
        [...root.querySelectorAll('li[part~="message-own"]')].some((li) => li.textContent?.includes(body));
      const timing = await timeKey(field, root, hasBody);
      plainField.value = body;
      const plainTiming = await timeKey(
        plainField,
        plainList,
        () => plainList.lastElementChild?.textContent === body,
      );
      // The next run starts once this message has reached the backend.
      await whenReady(root, () => !root.textContent?.includes('Sending'), 10_000).catch(() => undefined);
      if (i < WARM_UP) continue;
      element.push(timing);
      plain.push(plainTiming);
    }
  } finally {
    box.remove();
    reference.remove();
    client.dispose();
  }
  return { element, plain };
}

async function run(): Promise<BenchResult> {
  const stamp = Date.now().toString(36);
  const big = `conv-bench-ui-big-${stamp}`;
  const small = `conv-bench-ui-small-${stamp}`;
  const seedStart = performance.now();
  await seed(big, { conversations: 10_000, bigMessages: BIG_MESSAGES });
  await seed(small, { conversations: 100, bigMessages: 20 });
  const seedMs = Math.round(performance.now() - seedStart);
  console.log(`seeded in ${seedMs} ms`);

  const figures: Record<string, Figure> = {};
  try {
    const option = '[role="option"]';
    const list100 = await repeatRuns(small, () => mountElement(small, 'conv-conversation-list', option));
    const list10k = await repeatRuns(big, () => mountElement(big, 'conv-conversation-list', option));
    const plain10k = await repeatRuns(big, () => mountPlainList(10_000));
    const LIST_PLAIN = 'plain DOM list, 10,000 rows: to pixels';
    const LIST_100 = 'conversation list, 100 conversations: to pixels';
    const LIST_10K = 'conversation list, 10,000 conversations: to pixels';
    figures[LIST_100] = summarise(
      'ms',
      list100.map((m) => m.paintedMs),
      { goal: 60, reference: LIST_PLAIN },
    );
    figures[LIST_10K] = summarise(
      'ms',
      list10k.map((m) => m.paintedMs),
      { goal: 60, reference: LIST_PLAIN },
    );
    figures['conversation list, ratio 10,000 / 100 (medians)'] = {
      unit: 'ratio',
      runs: RUNS,
      median: Math.round((figures[LIST_10K].median / figures[LIST_100].median) * 100) / 100,
      min: Math.round((figures[LIST_10K].min / figures[LIST_100].max) * 100) / 100,
      max: Math.round((figures[LIST_10K].max / figures[LIST_100].min) * 100) / 100,
      goal: 1.5,
    };
    figures[LIST_PLAIN] = summarise(
      'ms',
      plain10k.map((m) => m.paintedMs),
    );

    const paired = await pairedListRuns(big);
    const BARE = 'bare Lit + virtualizer list, same first page, same adapter: to pixels';
    figures['conversation list, 10,000 conversations, in turns with the bare list: to pixels'] = summarise(
      'ms',
      paired.element.map((m) => m.paintedMs),
      { reference: BARE },
    );
    figures[BARE] = summarise(
      'ms',
      paired.bare.map((m) => m.paintedMs),
    );
    const ratio = summarise('ratio', paired.ratios);
    figures['conversation list ÷ bare Lit + virtualizer list (per-run ratios)'] = {
      ...ratio,
      median: Math.round(ratio.median * 100) / 100,
      min: Math.round(ratio.min * 100) / 100,
      max: Math.round(ratio.max * 100) / 100,
      goal: 1.3,
      reference: BARE,
    };

    const listFootprint = await footprint(() => mountElement(big, 'conv-conversation-list', option));
    const plainFootprint = await footprint(() => mountPlainList(10_000));
    figures['plain DOM list, 10,000 rows: JS heap'] = summarise('MB', plainFootprint.heap);
    figures['plain DOM list, 10,000 rows: DOM nodes'] = summarise('nodes', plainFootprint.nodes);
    figures['conversation list, 10,000 conversations: JS heap'] = summarise('MB', listFootprint.heap, {
      goal: 10,
      reference: 'plain DOM list, 10,000 rows: JS heap',
    });
    figures['conversation list, 10,000 conversations: DOM nodes'] = summarise('nodes', listFootprint.nodes, {
      reference: 'plain DOM list, 10,000 rows: DOM nodes',
    });

    const message = 'li[part~="message"]';
    const thread = await repeatRuns(big, () => mountElement(big, 'conv-thread', message));
    const plainThread = await repeatRuns(big, () => mountPlainThread(big));
    const THREAD_PLAIN = 'raw IDBIndex read of the latest 50 + plain <li>s: to pixels';
    figures['thread of 100,000 stored messages: to pixels'] = summarise(
      'ms',
      thread.map((m) => m.paintedMs),
      { reference: THREAD_PLAIN },
    );
    figures[THREAD_PLAIN] = summarise(
      'ms',
      plainThread.map((m) => m.paintedMs),
    );

    const send = await sendTimings(small);
    const SEND_PLAIN = 'plain textarea appending an <li> on Enter';
    figures['send: Enter to pending message painted'] = summarise(
      'ms',
      send.element.map((t) => t.ms),
      { reference: `${SEND_PLAIN} (ms)` },
    );
    figures['send: frames begun before the pending message existed'] = summarise(
      'frames',
      send.element.map((t) => t.frames),
      { goal: 0, reference: `${SEND_PLAIN} (frames)` },
    );
    figures[`${SEND_PLAIN} (ms)`] = summarise(
      'ms',
      send.plain.map((t) => t.ms),
    );
    figures[`${SEND_PLAIN} (frames)`] = summarise(
      'frames',
      send.plain.map((t) => t.frames),
    );
  } finally {
    await Promise.all([big, small].flatMap((name) => [deleteDB(name), deleteDB(`${name}-cache`)]));
  }
  return {
    environment: {
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency,
    },
    setup: { seedMs, conversations: 10_000, messagesInBigThread: BIG_MESSAGES },
    figures,
  };
}

run().then(
  (result) => {
    window.benchResult = result;
  },
  (error: unknown) => {
    window.benchError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  },
);
