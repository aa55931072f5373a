import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatCount, localeOf, watchLanguage } from './locale.js';
import { stringsFor } from './strings-for.js';
import type { ConvStrings } from './strings.js';

/**
 * Gives an element its language: the `lang` of the element or its nearest ancestor (across
 * shadow roots), else the document's, else English. Re-renders the host when strings are
 * registered or a `lang` attribute changes on the document element.
 */
export class LocaleController implements ReactiveController {
  private stopWatching?: () => void;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get locale(): string {
    return localeOf(this.host);
  }

  get strings(): ConvStrings {
    return stringsFor(this.locale);
  }

  /** Formats a count for the element's locale. */
  number(value: number): string {
    return formatCount(this.locale, value);
  }

  hostConnected(): void {
    this.stopWatching = watchLanguage(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }
}
