import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { STRINGS_CHANGED_EVENT, stringsFor } from './registry.js';
import type { ConvStrings } from './strings.js';

/**
 * Gives an element its language: the `lang` of the element or its nearest ancestor (across
 * shadow roots), else the document's, else English. Re-renders the host when strings are
 * registered or a `lang` attribute changes on the document element.
 */
export class LocaleController implements ReactiveController {
  private observer?: MutationObserver;
  private readonly onStringsChanged = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get locale(): string {
    let node: Node | null = this.host;
    while (node) {
      if (node instanceof HTMLElement && node.lang) return node.lang;
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return document.documentElement.lang || 'en';
  }

  get strings(): ConvStrings {
    return stringsFor(this.locale);
  }

  /** Formats a count for the element's locale. */
  number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value);
  }

  hostConnected(): void {
    globalThis.addEventListener(STRINGS_CHANGED_EVENT, this.onStringsChanged);
    this.observer = new MutationObserver(this.onStringsChanged);
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
  }

  hostDisconnected(): void {
    globalThis.removeEventListener(STRINGS_CHANGED_EVENT, this.onStringsChanged);
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
