/**
 * `conv-elements/ssr`: for a server rendering pages with `@lit-labs/ssr` (Next.js, Nuxt, Astro).
 * The Lit elements render with Lit's own renderer; `PlainElementRenderer` renders the others
 * (the envelope badge) to declarative shadow DOM. Never imported by a browser bundle.
 */
export { PlainElementRenderer } from './plain-element-renderer.js';
