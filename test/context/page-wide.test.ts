import { expect, html, waitUntil } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import { ConvProvider } from '../../src/components/provider/provider.js';
import { connect, disconnect } from '../../src/context/connect.js';
import '../../src/define/conv-provider.js';
import { cacheName, dropCaches } from '../client/helpers.js';
import { clientFor as clientOver, disposeClients } from '../helpers/clients.js';
import { freshBackend } from '../helpers/local-backend.js';
import { text, type TestUnread, type TestViewer, mount, unmountAll } from './elements.js';

/** A provider class registered only when a test says so, to show late providers still reach. */
class LateProvider extends ConvProvider {}

describe('page-wide provision', () => {
  let backend: LocalBackend;
  const clientFor = (member: string) => clientOver(backend, member);

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    unmountAll();
    disconnect();
    await disposeClients();
    // The cache of the client `connect()` made in one test.
    await dropCaches();
    await backend.destroy();
  });

  it('with `global`, elements outside the provider find its client; a closer provider still wins', async () => {
    const page = mount(html`
      <div>
        <header><test-viewer id="badge"></test-viewer></header>
        <main>
          <conv-provider global .client=${clientFor('m1')}
            ><test-viewer id="inside"></test-viewer
          ></conv-provider>
        </main>
        <aside>
          <conv-provider .client=${clientFor('m2')}><test-viewer id="closer"></test-viewer></conv-provider>
        </aside>
      </div>
    `);
    const badge = page.querySelector<TestViewer>('#badge')!;
    await waitUntil(() => text(badge) === 'Ada Lovelace:1000', 'the header finding the global client');
    await waitUntil(() => text(page.querySelector('#inside')!) === 'Ada Lovelace:1000');
    await waitUntil(() => text(page.querySelector('#closer')!) === 'Grace Hopper:1000');

    // Switched off, or removed, the provider stops supplying the rest of the page.
    const provider = page.querySelector<ConvProvider>('conv-provider[global]')!;
    provider.global = false;
    await waitUntil(() => badge.viewer.client === undefined, 'the header losing the client');
    expect(text(badge)).to.equal(':1000');
    provider.global = true;
    await waitUntil(() => badge.viewer.client !== undefined);
    provider.remove();
    await waitUntil(() => badge.viewer.client === undefined);
  });

  it('connect() supplies every element on the page, also those that upgraded before it', async () => {
    // This element asks for a client before anything on the page can supply one.
    const early = mount<TestUnread>(html`<test-unread></test-unread>`);
    expect(early.unread.client).to.equal(undefined);
    await backend
      .adapterFor('m2')
      .startConversation({ recipients: [{ kind: 'member', id: 'm1' }], body: 'Hi', clientId: 'page-conn1' });

    const client = connect(backend.adapterFor('m1'), { cacheName: cacheName() });
    expect(client).to.be.instanceOf(ConversationsClient);
    await waitUntil(() => text(early) === '1', 'the early element receiving the client');
    const late = mount<TestUnread>(html`<test-unread></test-unread>`);
    await waitUntil(() => text(late) === '1');
    expect(late.unread.client).to.equal(client);

    // A client passed as is is provided as is; the one connect() made is disposed of.
    const mine = clientFor('m2');
    expect(connect(mine)).to.equal(mine);
    await waitUntil(() => early.unread.client === mine);
    let refused: unknown;
    await client.refresh().catch((error: unknown) => (refused = error));
    expect(refused).to.be.an('error');

    disconnect();
    await waitUntil(() => early.unread.client === undefined);
  });

  it('a provider defined after its consumers upgraded still reaches them', async () => {
    const wrapper = mount(html` <late-conv-provider><test-viewer></test-viewer></late-conv-provider> `);
    const consumer = wrapper.querySelector<TestViewer>('test-viewer')!;
    await consumer.updateComplete;
    expect(consumer.viewer.client).to.equal(undefined);
    (wrapper as LateProvider).client = clientFor('m3');
    LateProvider.define('late-conv-provider');
    await waitUntil(() => text(consumer) === 'Alan Turing:1000', 'the consumer receiving the late client');
  });
});
