/**
 * The virtualized rows of a long conversation list, in a module of their own: the list imports it
 * only once it holds enough rows to need it (see `list-rows.ts`), so the first view of an inbox,
 * which shows one page, never downloads `@lit-labs/virtualizer`.
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
