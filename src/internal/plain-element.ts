/**
 * The base of the two elements a page may load without Lit: `<conv-provider>` and
 * `<conv-envelope-badge>`, which a header on every page of a portal loads on their own, in a few
 * kilobytes (Lit alone would be most of that budget). It keeps what Lit gives the others where it
 * matters to a page author: styles adopted into the shadow root (no inline `<style>`, so a strict
 * Content Security Policy holds), updates batched to one per microtask, `updateComplete`, and the
 * same tolerant `define`.
 */
import { adoptStyles, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import { defineElement } from './define-element.js';

/** Whether `name` has a setter on `prototype` or a prototype below PlainElement's. */
function hasSetter(prototype: object | null, name: string): boolean {
  while (prototype && prototype !== PlainElement.prototype) {
    if (Object.getOwnPropertyDescriptor(prototype, name)?.set) return true;
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  return false;
}

export abstract class PlainElement extends HTMLElement {
  /** The element's shadow styles, adopted once per instance. */
  static styles: CSSResultOrNative[] = [];

  /** Registers the class under `tag` unless that tag is taken (then it warns). */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this as unknown as CustomElementConstructor, registry);
  }

  protected readonly renderRoot: ShadowRoot;
  private pending?: Promise<boolean>;
  /** Properties a page set before the element was defined, given to the setters on connection. */
  private early?: Map<string, unknown>;

  constructor() {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    adoptStyles(this.renderRoot, (this.constructor as typeof PlainElement).styles);
    this.takeEarlyProperties();
  }

  connectedCallback(): void {
    // After the subclass's constructor, so that its setters have their fields (as Lit does).
    const early = this.early;
    this.early = undefined;
    for (const [name, value] of early ?? []) (this as Record<string, unknown>)[name] = value;
  }

  /**
   * A page may set `element.client = …` before the script that defines the element has run; the
   * value then sits on the instance and would hide the class's setter. Taken off here.
   */
  private takeEarlyProperties(): void {
    for (const name of Object.keys(this)) {
      if (!hasSetter(this.constructor.prototype as object, name)) continue;
      (this.early ??= new Map()).set(name, (this as Record<string, unknown>)[name]);
      delete (this as Record<string, unknown>)[name];
    }
  }

  /** Resolves once the update asked for so far has been made. */
  get updateComplete(): Promise<boolean> {
    return this.pending ?? Promise.resolve(true);
  }

  /** Asks for one `update()` at the end of the current task, however often it is called. */
  requestUpdate(): void {
    this.pending ??= Promise.resolve().then(() => {
      this.pending = undefined;
      this.update();
      return true;
    });
  }

  /** Brings the element up to date with its properties. */
  protected abstract update(): void;
}
