/** @jsxImportSource solid-js */
// The shipped JSX types in Solid (`conv-elements/types/solid`, tsconfig.json), with Solid's
// `prop:` and `on:` prefixes.
import type { ConversationsAdapter } from 'conv-elements';

export const page = (adapter: ConversationsAdapter) => (
  <conv-provider prop:adapter={adapter}>
    <conv-envelope-badge href="/messages" on:conv-open-inbox={(event) => event.preventDefault()} />
    {/* @ts-expect-error an adapter is an object */}
    <conv-provider prop:adapter="local" />
  </conv-provider>
);
