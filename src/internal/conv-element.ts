import { LitElement } from 'lit';
import { defineElement } from './define-element.js';

/**
 * What every conv-elements Lit element shares. Mostly: registration that tolerates being loaded
 * twice (see `defineElement`).
 */
export class ConvElement extends LitElement {
  /** Registers the class under `tag` unless that tag is taken (then it warns). */
  static define(tag: string, registry?: CustomElementRegistry): void {
    defineElement(tag, this, registry);
  }
}
