/**
 * The base of the two elements a page may load without Lit: `<conv-provider>` and
 * `<conv-envelope-badge>`, which a header on every page of a portal loads on their own, in a few
 * kilobytes. Lit's own `ReactiveElement` would be the natural base, but it does not fit that
 * budget (it makes the badge-only page about 8.3 kB brotli against 7 kB; see CONTRIBUTING).
 *
 * So this keeps, in a few hundred bytes, what Lit gives the others where it matters to a page
 * author and a maintainer: properties declared once in `static properties` (accessor, attribute
 * and update), reactive controllers' connection and disconnection (so `@lit/context`'s
 * `ContextProvider` and `ContextConsumer` work as they do on a Lit element), styles adopted into the shadow root (no
 * inline `<style>`, so a strict Content Security Policy holds), updates batched to one per
 * microtask, `updateComplete`, and the same tolerant `define`.
 *
 * Safe to import where there is no DOM (a server rendering the page): the class only extends
 * `HTMLElement` when there is one.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { adoptStyles, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import { defineElement } from './define-element.js';

export interface PropertyOptions {
  /** The attribute that sets the property (default: its name lower-cased), or `false` for none. */
  readonly attribute?: string | false;
  /** `Boolean`: true while the attribute is present. Otherwise the attribute's text. */
  readonly type?: BooleanConstructor | StringConstructor;
}

/** Nothing to extend on a server; there, the class is only ever imported, never constructed. */
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export abstract class PlainElement extends Base implements ReactiveControllerHost {
  /** The element's shadow styles, adopted once per instance. */
  static styles: CSSResultOrNative[] = [];

  /**
   * The element's properties, as Lit declares them: each gets an accessor that asks for an update
   * when its value changes, and (unless `attribute: false`) the attribute that sets it. Declare
   * their types beside it with `declare name: Type;` (or a field with its default value).
   */
  static properties: Readonly<Record<string, PropertyOptions>> = {};

  /** Read once, by `customElements.define`: the moment to make the accessors too. */
  static get observedAttributes(): string[] {
    const attributes: string[] = [];
    for (const [name, options] of Object.entries(this.properties)) {
      if (options.attribute !== false) attributes.push(options.attribute ?? name.toLowerCase());
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        enumerable: true,
        get(this: PlainElement) {
          return this.#values.get(name);
        },
        set(this: PlainElement, value: unknown) {
          if (Object.is(this.#values.get(name), value)) return;
          this.#values.set(name, value);
          this.requestUpdate();
        },
      });
    }
    return attributes;
  }

  /** Registers the class under `tag` unless that tag is taken (then it warns). */
  static define(tag: string, registry?: CustomElementRegistry): void {
    defineElement(tag, this as unknown as CustomElementConstructor, registry);
  }

  readonly renderRoot: ShadowRoot;
  readonly #values = new Map<string, unknown>();
  readonly #controllers = new Set<ReactiveController>();
  #pending?: Promise<boolean>;
  /** Properties a page set before the element was defined, given to the setters on connection. */
  #early?: Map<string, unknown>;

  constructor() {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    adoptStyles(this.renderRoot, (this.constructor as typeof PlainElement).styles);
    this.#takeEarlyProperties();
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  connectedCallback(): void {
    // After the subclass's constructor, so that its setters have their fields (as Lit does).
    const early = this.#early;
    this.#early = undefined;
    for (const [name, value] of early ?? []) (this as Record<string, unknown>)[name] = value;
    for (const controller of this.#controllers) controller.hostConnected?.();
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    for (const [name, options] of Object.entries((this.constructor as typeof PlainElement).properties)) {
      if ((options.attribute ?? name.toLowerCase()) !== attribute) continue;
      (this as Record<string, unknown>)[name] =
        options.type === Boolean ? value !== null : (value ?? undefined);
    }
  }

  /**
   * A page may set `element.client = …` before the script that defines the element has run; the
   * value then sits on the instance and would hide the class's accessor. Taken off here.
   */
  #takeEarlyProperties(): void {
    const declared = (this.constructor as typeof PlainElement).properties;
    for (const name of Object.keys(this)) {
      if (!Object.hasOwn(declared, name)) continue;
      (this.#early ??= new Map()).set(name, (this as Record<string, unknown>)[name]);
      delete (this as Record<string, unknown>)[name];
    }
  }

  /** Resolves once the update asked for so far has been made. */
  get updateComplete(): Promise<boolean> {
    return this.#pending ?? Promise.resolve(true);
  }

  /** Asks for one `update()` at the end of the current task, however often it is called. */
  requestUpdate(): void {
    this.#pending ??= Promise.resolve().then(() => {
      this.#pending = undefined;
      this.update();
      return true;
    });
  }

  /** Brings the element up to date with its properties. */
  protected abstract update(): void;
}
