import { warn } from './dev-mode.js';

/**
 * Registers `element` under `tag` unless that tag is taken. A second registration of the same tag
 * warns instead of throwing, so one broken script cannot take the page's other elements down: an
 * embeddable widget is often loaded twice (a theme and a plugin both include the script).
 * Where there is no registry (a server importing the package), there is nothing to register.
 */
export function defineElement(
  tag: string,
  element: CustomElementConstructor,
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): void {
  if (!registry) return;
  const existing = registry.get(tag);
  if (existing === undefined) {
    registry.define(tag, element);
  } else if (existing !== element) {
    warn(`<${tag}> is already defined by another copy of the library; keeping the first.`);
  }
}
