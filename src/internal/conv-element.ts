import { LitElement } from 'lit';
import { warn } from './dev-mode.js';

/**
 * What every conv-elements element shares. Mostly: registration that tolerates being loaded
 * twice, which an embeddable widget often is (a theme and a plugin both include the script).
 */
export class ConvElement extends LitElement {
  /**
   * Registers the class under `tag` unless that tag is taken. A second registration of the same
   * tag warns instead of throwing, so one broken script cannot take the page's other elements down.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag);
    if (existing === undefined) {
      registry.define(tag, this);
    } else if (existing !== this) {
      warn(`<${tag}> is already defined by another copy of the library; keeping the first.`);
    }
  }
}
