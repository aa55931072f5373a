// What the shipped JSX types must refuse (tsc fails if any of these compiles).
import type { ConvProvider } from 'conv-elements';

export const refused = (
  <>
    {/* @ts-expect-error not an attribute of the envelope */}
    <conv-envelope-badge total="3" />
    {/* @ts-expect-error the handler gets the envelope's event, which has no detail */}
    <conv-envelope-badge onconv-open-inbox={(event: CustomEvent<{ id: number }>) => event.detail.id} />
    {/* @ts-expect-error an adapter is an object */}
    <conv-provider adapter="local" />
    {/* @ts-expect-error the provider's attribute is seed, not the built-in dataset */}
    <conv-provider dataset="demo" />
  </>
);

export const accepted = (provider: ConvProvider) => (
  <conv-provider viewer="amara-okafor" seed="demo" adapter={provider.adapter}>
    <conv-inbox conversation="c1" onconv-conversation-select={(event) => event.detail.conversationId} />
  </conv-provider>
);
