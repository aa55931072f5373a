import * as React from 'react';
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';

/** What every conv-elements class has: a constructor, and the tolerant `define` of its base. */
interface ElementClass<I extends HTMLElement> {
  new (): I;
  define(tag: string): void;
}

type EventNames = Record<string, EventName | string>;

/**
 * A React component for one element (`@lit/react`: properties set as properties, events as
 * camelCase props), which registers its tag the first time it renders. Registering on render
 * rather than on import keeps `conv-elements/react` free of side effects, so a bundler drops
 * the wrappers (and elements) a page does not use; on a server there is no registry to use.
 */
export function wrap<I extends HTMLElement, E extends EventNames>(
  tagName: string,
  elementClass: ElementClass<I>,
  events: E,
): ReactWebComponent<I, E> {
  const displayName = tagName
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  const Inner = createComponent({ react: React, tagName, elementClass, events, displayName });
  // Props pass through untouched, so the wrapper has Inner's type.
  const Registering = React.forwardRef<I, Record<string, unknown>>((props, ref) => {
    if (typeof customElements !== 'undefined' && !customElements.get(tagName)) elementClass.define(tagName);
    return React.createElement(Inner as React.ElementType, { ...props, ref });
  });
  Registering.displayName = displayName;
  return Registering as unknown as ReactWebComponent<I, E>;
}
