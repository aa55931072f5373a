/** @jsxImportSource preact */
// The shipped JSX types in Preact (`conv-elements/types/preact`, tsconfig.json).
export const page = (
  <conv-provider viewer="amara-okafor" seed="demo">
    <conv-envelope-badge show-count onconv-open-inbox={(event) => event.preventDefault()} />
    <conv-envelope-badge href="/messages" unread={3} />
    {/* @ts-expect-error not an attribute of the envelope */}
    <conv-envelope-badge total="3" />
  </conv-provider>
);
