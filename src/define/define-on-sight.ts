/**
 * Defines elements the first time a page places them, so that a page pays only for the elements
 * it shows: a profile page with a contact button does not download the inbox, and an inbox page
 * does not download the notification settings.
 *
 * The document is watched (what is in it now, and what is added later, by the parser or by
 * script). Shadow roots are not: a page that puts these tags inside a shadow root of its own
 * passes the root to the returned `discover` (our own elements import what they render).
 */
export type ElementLoaders = Readonly<Record<string, () => Promise<unknown>>>;

/** Finds waiting tags in `root` (and `root` itself) and loads them. */
export type Discover = (root: Document | DocumentFragment | Element) => void;

export function defineOnSight(loaders: ElementLoaders): Discover {
  const waiting = new Map(Object.entries(loaders));
  let observer: MutationObserver | undefined;

  function load(tag: string): void {
    const loader = waiting.get(tag);
    if (!loader) return;
    waiting.delete(tag);
    if (waiting.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
    if (customElements.get(tag)) return;
    loader().catch((error: unknown) => {
      // Offline, or a deploy replaced the chunk: tried again when the tag is next placed, or for
      // the tags already on the page, when the browser is back online.
      waiting.set(tag, loader);
      watch();
      addEventListener('online', () => discover(document), { once: true });
      reportError(error);
    });
  }

  const discover: Discover = (root) => {
    if (root instanceof Element) load(root.localName);
    // Only elements not defined yet can be ours to load; one query instead of one per tag.
    for (const element of root.querySelectorAll(':not(:defined)')) load(element.localName);
  };

  function watch(): void {
    if (observer || typeof MutationObserver === 'undefined') return;
    observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof Element) discover(node);
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }

  if (typeof document !== 'undefined') {
    discover(document);
    if (waiting.size > 0) watch();
  }
  return discover;
}
