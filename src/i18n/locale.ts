import { STRINGS_CHANGED_EVENT } from './registry.js';

/**
 * An element's language: the `lang` of the element or its nearest ancestor (across shadow
 * roots), else the document's, else English.
 */
export function localeOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    // The attribute, not `instanceof HTMLElement`: a server (@lit-labs/ssr) has no such global.
    const lang = (node as Partial<Element>).getAttribute?.('lang');
    if (lang) return lang;
    node =
      node.parentNode ?? (typeof ShadowRoot !== 'undefined' && node instanceof ShadowRoot ? node.host : null);
  }
  // A server rendering the element (@lit-labs/ssr) has no document, nor shadow roots.
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** A count formatted for a locale. */
export function formatCount(locale: string, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Calls `onChange` when what an element reads in may have changed: strings registered, or the
 * document's `lang` or `dir` set. Returns the function that stops watching.
 */
export function watchLanguage(onChange: () => void): () => void {
  addEventListener(STRINGS_CHANGED_EVENT, onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
  return () => {
    removeEventListener(STRINGS_CHANGED_EVENT, onChange);
    observer.disconnect();
  };
}
