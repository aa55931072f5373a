/**
 * The rows of the conversation list: plain while the list is short, virtualized once it is long.
 *
 * Most members' inboxes show one page (30 rows by default), which the browser draws in a frame;
 * the virtualizer (6.3 kB brotli of the first view) is worth its bytes only for longer lists. So the
 * rows render as they are until the list holds `VIRTUALIZE_FROM` of them; from then on the list is
 * virtualized by `virtual-rows.ts`, imported as soon as the member loads a second page (so that it
 * is usually there when the list crosses the line). At the switch the row the member was reading
 * stays where it was on screen, and the focused row keeps focus.
 *
 * Either way the host hears which rows are on screen (`rangeChanged`, as the virtualizer reports
 * it), so that nearing the end loads the next page. Each row must carry `data-index`.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type * as VirtualRowsModule from './virtual-rows.js';

/** From this many rows on, the list is virtualized: more than one default page of 30. */
export const VIRTUALIZE_FROM = 40;

/** The rows on screen, first and last index (inclusive), as the virtualizer's `rangeChanged`. */
export interface RowRange {
  readonly first: number;
  readonly last: number;
}

export interface ListRowsOptions<T> {
  /** The scrolling element the rows are rendered into. */
  readonly scroller: () => HTMLElement | null | undefined;
  readonly key: (item: T) => string;
  /** The rows on screen changed (plain rows only: the virtualizer fires `rangeChanged` itself). */
  readonly rangeChanged: (range: RowRange) => void;
}

type VirtualRows = typeof VirtualRowsModule;

export class ListRowsController<T> implements ReactiveController {
  /** The virtualizer's module once imported, and once in use. */
  #module?: VirtualRows;
  #virtual?: VirtualRows;
  #loading?: Promise<void>;
  /** How many rows the list first showed: growing past them means the member is paging. */
  #firstPage?: number;
  /** The rows last rendered, in the order the scroller shows them. */
  #items: readonly T[] = [];
  /** Where the member was when the rows were last drawn plain, to restore once virtualized. */
  #place?: VirtualRowsModule.Place;
  /** True for the one render that empties the scroller before the virtualizer starts in it. */
  #clearing = false;
  #scroller?: HTMLElement;
  #rangeQueued = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode },
    private readonly options: ListRowsOptions<T>,
  ) {
    host.addController(this);
  }

  /** True once the rows are virtualized (the list has been long at least once). */
  get virtualized(): boolean {
    return this.#virtual !== undefined;
  }

  /** The rows, to render inside the scroller. */
  render(items: readonly T[], renderItem: (item: T, index: number) => TemplateResult): unknown {
    if (!this.#virtual) {
      if (items.length > 0) this.#firstPage ??= items.length;
      if (items.length > (this.#firstPage ?? Infinity)) this.#loadVirtualizer();
      if (items.length >= VIRTUALIZE_FROM) {
        if (this.#module) {
          // The plain rows are still on screen (this render has not been committed): note the
          // member's place among them, restored once the virtualizer has drawn its rows.
          const scroller = this.options.scroller();
          const active = (this.host.renderRoot as Document | ShadowRoot).activeElement;
          this.#place = scroller
            ? this.#module.placeIn(scroller, this.#items.map(this.options.key), active)
            : undefined;
          this.#virtual = this.#module;
          // The virtualizer leaves what it finds in its container until its first layout, and
          // measures it as its own: it starts in an empty one, on the next (microtask) update.
          this.#clearing = true;
          this.#items = items;
          return nothing;
        } else {
          this.#loadVirtualizer();
        }
      }
    }
    this.#items = items;
    if (this.#virtual) return this.#virtual.virtualRows(items, this.options.key, renderItem);
    return repeat(items, this.options.key, renderItem);
  }

  /** Scrolls the row at `index` into view, drawing it first if the virtualizer has not. */
  scrollIntoView(index: number): void {
    const scroller = this.options.scroller();
    if (!scroller) return;
    const options: ScrollIntoViewOptions = { block: 'nearest' };
    if (this.#virtual) this.#virtual.virtualizerOf(scroller)?.element(index)?.scrollIntoView(options);
    else this.#row(scroller, index)?.scrollIntoView(options);
  }

  hostUpdated(): void {
    const scroller = this.options.scroller() ?? undefined;
    if (scroller !== this.#scroller) {
      // The scroller is redrawn when the list empties (a status shows instead) and fills again.
      this.#scroller?.removeEventListener('scroll', this.#onScroll);
      scroller?.addEventListener('scroll', this.#onScroll, { passive: true });
      this.#scroller = scroller;
    }
    if (!this.#virtual) this.#queueRange();
    if (this.#clearing) {
      this.#clearing = false;
      void this.host.updateComplete.then(() => this.host.requestUpdate());
      return;
    }
    const place = this.#place;
    this.#place = undefined;
    if (place && scroller && this.#virtual) {
      void this.#virtual.restorePlace(scroller, place, (key) =>
        this.#items.findIndex((item) => this.options.key(item) === key),
      );
    }
  }

  hostDisconnected(): void {
    this.#scroller?.removeEventListener('scroll', this.#onScroll);
    this.#scroller = undefined;
  }

  readonly #onScroll = (): void => {
    if (!this.#virtual) this.#queueRange();
  };

  #row(scroller: HTMLElement, index: number): HTMLElement | null {
    return scroller.querySelector<HTMLElement>(`:scope > [data-index="${index}"]`);
  }

  /** Tells the host which plain rows are on screen, once per frame however often it scrolled. */
  #queueRange(): void {
    if (this.#rangeQueued) return;
    this.#rangeQueued = true;
    requestAnimationFrame(() => {
      this.#rangeQueued = false;
      const scroller = this.#scroller;
      if (this.#virtual || !scroller?.isConnected) return;
      const view = scroller.getBoundingClientRect();
      const rows = [...scroller.children];
      let first = -1;
      let last = -1;
      rows.forEach((row, index) => {
        const box = row.getBoundingClientRect();
        if (box.bottom <= view.top || box.top >= view.bottom) return;
        if (first < 0) first = index;
        last = index;
      });
      if (first >= 0) this.options.rangeChanged({ first, last });
    });
  }

  #loadVirtualizer(): void {
    if (this.#loading) return;
    this.#loading = import('./virtual-rows.js').then(
      (module) => {
        this.#module = module;
        if (this.#items.length >= VIRTUALIZE_FROM) this.host.requestUpdate();
      },
      // Not loaded (offline, say): the plain rows stay, and the next render tries again.
      () => void (this.#loading = undefined),
    );
  }
}
