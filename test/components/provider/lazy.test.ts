import { expect, html, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import '../../../src/define/conv-provider.js';
import { mount, unmountAll } from '../../context/elements.js';

// This file imports nothing of the local adapter, so whether the page loaded it shows. (The
// provider itself carries only the adapter's small unread reader, `unread-source.ts`.)
function localAdapterLoaded(): boolean {
  return performance
    .getEntriesByType('resource')
    .some((entry) => entry.name.includes('/src/adapters/local/adapter.'));
}

describe('<conv-provider> loading the local adapter', () => {
  afterEach(() => unmountAll());

  it('loads it only for the attribute mode, not for a page that passes its own adapter', async () => {
    const database = `conv-provider-lazy-${Date.now()}`;
    const provider = mount<ConvProvider>(
      html`<conv-provider database=${database}><test-viewer></test-viewer></conv-provider>`,
    );
    // An adapter of the page's own (the HTTP one, never contacted: nothing subscribes).
    provider.adapter = new HttpAdapter({ baseUrl: 'https://portal.invalid/api/', token: 'unused' });
    provider.viewer = 'm1';
    await provider.updateComplete;
    // The client's own module loads once an element asks for a client: wait for it.
    await waitUntil(() => provider.providedClient !== undefined, 'a client over the given adapter', {
      timeout: 5000,
    });
    expect(localAdapterLoaded()).to.equal(false);

    provider.adapter = undefined;
    await waitUntil(() => localAdapterLoaded(), 'the local adapter module being requested', {
      timeout: 5000,
    });
    await waitUntil(() => provider.providedClient?.adapter.constructor.name === 'LocalAdapter', undefined, {
      timeout: 5000,
    });
    provider.remove();
    await Promise.all([deleteDB(database), deleteDB(`conv-elements-cache:${database}:m1`)]);
  });
});
