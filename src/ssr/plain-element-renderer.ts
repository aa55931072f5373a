/**
 * Renders the elements built on `PlainElement` (which `@lit-labs/ssr` would otherwise leave as
 * bare tags) to declarative shadow DOM: their styles and the markup the element makes in the
 * browser. The element is never constructed here (its constructor needs a DOM): its markup is
 * made from its attributes (a property binding, `.unread=${3}`, is not rendered: use the
 * attribute). In the browser, the element adopts the shadow root (`attachShadow`
 * empties a declarative one) and renders into it.
 *
 * Server-only: no browser bundle imports this module.
 */
import { ElementRenderer } from '@lit-labs/ssr/lib/element-renderer.js';
import { escapeHtml } from '@lit-labs/ssr/lib/util/escape-html.js';
import type { CSSResult } from '@lit/reactive-element/css-tag.js';
import { ConvEnvelopeBadge } from '../components/envelope-badge/envelope-badge.js';
import type { PlainElement } from '../internal/plain-element.js';
import { envelopeShadow } from './envelope-shadow.js';

/** The elements this renderer renders, by class: their shadow markup from their attributes. */
const shadows = new Map<unknown, (attributes: ReadonlyMap<string, string>) => string>([
  [ConvEnvelopeBadge, envelopeShadow],
]);

/**
 * Pass it to `render()` beside Lit's own:
 * `render(template, { elementRenderers: [LitElementRenderer, PlainElementRenderer] })`.
 */
export class PlainElementRenderer extends ElementRenderer {
  static override matchesClass(ceClass: typeof HTMLElement): boolean {
    return shadows.has(ceClass);
  }

  readonly #attributes = new Map<string, string>();

  override setAttribute(name: string, value: string): void {
    this.#attributes.set(name.toLowerCase(), value);
  }

  override renderAttributes(): string[] {
    return [...this.#attributes].map(([name, value]) =>
      value === '' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`,
    );
  }

  override renderShadow(): string[] {
    const elementClass = customElements.get(this.tagName) as unknown as typeof PlainElement;
    const styles = elementClass.styles.map((style) => (style as CSSResult).cssText).join('');
    return [`<style>${styles}</style>`, shadows.get(elementClass)!(this.#attributes)];
  }
}
