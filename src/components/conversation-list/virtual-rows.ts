/**
 * The virtualized rows of a long conversation list, in a module of their own: the list imports it
 * only once it holds enough rows to need it (see `list-rows.ts`), so the first view of an inbox,
 * which shows one page, never downloads `@lit-labs/virtualizer`. With it comes what the switch
 * from plain rows needs: noting the member's place, and putting it back once virtualized.
 *
 * Rows are found by their `data-index`, which the list's rows carry.
 */
import type { TemplateResult } from 'lit';
import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';

/** The part of the virtualizer the list uses (the package does not export its class type). */
export interface VirtualizerHandle {
  element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined;
}

/**
 * The virtualizer's own default layout, named here so that it comes with this module: left to
 * the virtualizer, it is fetched by a dynamic import after the list first renders, one more round
 * trip before any row can paint.
 */
const LAYOUT = flow();

/** The rows, virtualized, with `scroller` the element they are rendered into (it scrolls). */
export function virtualRows<T>(
  items: readonly T[],
  key: (item: T) => unknown,
  renderItem: (item: T, index: number) => TemplateResult,
): unknown {
  return virtualize({
    // The virtualizer only reads the array; the store's items are never mutated.
    items: items as T[],
    scroller: true,
    layout: LAYOUT,
    keyFunction: key,
    renderItem,
  });
}

/** The virtualizer rendering into `scroller`, once it has rendered. */
export function virtualizerOf(scroller: HTMLElement): VirtualizerHandle | undefined {
  return (scroller as HTMLElement & { [virtualizerRef]?: VirtualizerHandle })[virtualizerRef];
}

/** Where the member was in the list, by row key, so that it survives the rows being redrawn. */
export interface Place {
  readonly anchor: string;
  /** The anchor row's distance from the top of the scroller, in pixels (negative: partly above). */
  readonly offset: number;
  readonly focused?: string;
}

/** Frames to wait for the virtualizer to draw a row it was asked to show. */
const FRAMES = 30;
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

const rowAt = (scroller: HTMLElement, index: number) =>
  scroller.querySelector<HTMLElement>(`:scope > [data-index="${index}"]`);

/**
 * The member's place among the plain rows `scroller` shows (its `i`-th row is `keys[i]`): the
 * first row not scrolled out above, how far from the top, and the row holding focus.
 */
export function placeIn(
  scroller: HTMLElement,
  keys: readonly string[],
  active: Element | null,
): Place | undefined {
  const top = scroller.getBoundingClientRect().top;
  const rows = [...scroller.children];
  const anchorIndex = rows.findIndex((row) => row.getBoundingClientRect().bottom > top);
  const anchor = keys[anchorIndex];
  if (anchor === undefined) return undefined;
  const focused = active ? keys[rows.indexOf(active)] : undefined;
  return {
    anchor,
    offset: rows[anchorIndex]!.getBoundingClientRect().top - top,
    ...(focused !== undefined ? { focused } : {}),
  };
}

/** Once the rows are virtualized: the member's place and focus back where they were. */
export async function restorePlace(
  scroller: HTMLElement,
  place: Place,
  indexOf: (key: string) => number,
): Promise<void> {
  const index = indexOf(place.anchor);
  if (index < 0) return;
  virtualizerOf(scroller)?.element(index)?.scrollIntoView({ block: 'start' });
  // The virtualizer draws the row pinned to the top, over a frame or two: once it is drawn, put
  // it back where it was (that scroll also unpins it), until it stays there.
  let steady = 0;
  for (let frame = 0; frame < FRAMES && steady < 3; frame++) {
    await nextFrame();
    const row = rowAt(scroller, index);
    if (!row) continue;
    const drift = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - place.offset;
    if (Math.abs(drift) < 0.5) {
      steady++;
    } else {
      steady = 0;
      scroller.scrollTop += drift;
    }
  }
  const focused = place.focused === undefined ? -1 : indexOf(place.focused);
  for (let frame = 0; frame < FRAMES && focused >= 0; frame++) {
    const row = rowAt(scroller, focused);
    if (row) {
      row.focus({ preventScroll: true });
      return;
    }
    await nextFrame();
  }
}
