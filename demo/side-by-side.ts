/**
 * Two members side by side: one `<conv-provider>` per member, each making its own client over an
 * adapter of the same demo backend. Their envelopes, lists and threads update live as the other
 * writes, through the backend's events, as they would in two browsers.
 */
import '../src/define/bundle-all.js';
import type { ConvProvider } from '../src/components/provider/provider.js';
import type { ConvInbox } from '../src/components/inbox/inbox.js';
import { DEMO_VIEWER_ID } from '../src/adapters/local/index.js';
import { backend, demoMembers, fillMemberSelect } from './shared.js';
import { mountThemePanel } from './theme.js';

mountThemePanel(document.querySelector<HTMLElement>('#theme')!);
const members = await demoMembers();
const params = new URLSearchParams(location.search);

function setUp(side: 'left' | 'right', fallback: string) {
  const provider = document.querySelector<ConvProvider>(`#${side}`)!;
  const select = document.querySelector<HTMLSelectElement>(`#${side}-viewer`)!;
  const chosen = params.get(side) ?? fallback;
  fillMemberSelect(select, members, members.some((m) => m.id === chosen) ? chosen : fallback);
  const show = () => {
    const previous = provider.adapter;
    provider.querySelector<ConvInbox>('conv-inbox')!.conversation = undefined;
    provider.adapter = backend.adapterFor(select.value);
    // The provider disposes of the client it made, not of an adapter it was given.
    void provider.updateComplete.then(() => previous?.close?.());
  };
  select.addEventListener('change', show);
  show();
}

setUp('left', DEMO_VIEWER_ID);
setUp('right', 'layla-hosseini');
