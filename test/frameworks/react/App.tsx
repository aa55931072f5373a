// React 19 takes the tags as they are: attributes, properties (`adapter`) and `onconv-*` events,
// typed by `conv-elements/types/react` (tsconfig.json). The wrappers of `conv-elements/react`
// are for React 18 and camelCase event props.
import { useMemo, useState } from 'react';
import type { ConvOpenInboxEvent } from 'conv-elements';
import { createLocalAdapter } from 'conv-elements/adapters/local.js';
import { ConvEnvelopeBadge } from 'conv-elements/react';
import 'conv-elements/define/conv-provider.js';
import 'conv-elements/define/conv-envelope-badge.js';
import 'conv-elements/define/conv-inbox.js';
import 'conv-elements/define/conv-contact-button.js';

export function App() {
  const [opened, setOpened] = useState(0);
  const adapter = useMemo(
    () => createLocalAdapter({ name: 'fw-react-property', viewer: 'amara-okafor', seed: 'demo' }),
    [],
  );
  const onOpenInbox = (event: ConvOpenInboxEvent) => {
    event.preventDefault(); // the app routes to its inbox itself: the link is not followed
    setOpened((count) => count + 1);
  };
  return (
    <>
      <conv-provider viewer="amara-okafor" seed="demo" database="fw-react-attributes">
        <conv-envelope-badge
          id="by-attributes"
          href="#elsewhere"
          show-count
          onconv-open-inbox={onOpenInbox}
        />
        <ConvEnvelopeBadge id="wrapped" href="#elsewhere" onConvOpenInbox={onOpenInbox} />
        <conv-contact-button member="noa-levi" name="Noa Levi" />
        <conv-inbox />
      </conv-provider>
      <conv-provider adapter={adapter}>
        <conv-envelope-badge id="by-property" />
      </conv-provider>
      <output id="opened">{opened}</output>
    </>
  );
}
