import { expect, html, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import { ForbiddenError } from '../../../src/core/errors.js';
import '../../../src/define/conv-provider.js';
import { cacheName, dropCaches } from '../../client/helpers.js';
import { mount, text, unmountAll, type TestUnread, type TestViewer } from '../../context/elements.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';

async function refusal(client: ConversationsClient): Promise<unknown> {
  try {
    await client.refresh();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('<conv-provider>', () => {
  let backend: LocalBackend;
  const clients: ConversationsClient[] = [];
  /** Databases the attribute mode made: the local portal and the client's cache. */
  const databases: string[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    unmountAll();
    for (const client of clients.splice(0)) client.dispose();
    await dropCaches();
    await Promise.all(databases.splice(0).map((name) => deleteDB(name)));
    await backend.destroy();
  });

  it('sets up the local adapter from attributes: a JSON dataset, a database and a viewer', async () => {
    const database = uniqueDatabaseName('conv-provider');
    databases.push(database, `conv-elements-cache:${database}:p1`);
    const seed = new URL('./directory.json', import.meta.url).href;
    const provider = mount<ConvProvider>(html`
      <conv-provider viewer="p1" seed=${seed} database=${database}><test-viewer></test-viewer></conv-provider>
    `);
    const consumer = provider.querySelector<TestViewer>('test-viewer')!;
    await waitUntil(() => text(consumer) === 'Priya Patel:1000', 'the viewer from the dataset', {
      timeout: 5000,
    });
    expect(consumer.viewer.value!.managedGroups.map((group) => group.name)).to.deep.equal(['Provider group']);
    expect(provider.providedClient).to.equal(consumer.viewer.client);
    await expect(provider).to.be.accessible();

    // Another viewer on the same database: a new client, the old one disposed of.
    const first = provider.providedClient!;
    provider.viewer = 'p2';
    databases.push(`conv-elements-cache:${database}:p2`);
    await waitUntil(() => text(consumer) === 'Pedro Pascal:1000', 'the second viewer', { timeout: 5000 });
    expect(await refusal(first)).to.be.instanceOf(ForbiddenError);

    // Leaving the page disposes of the client it made.
    const second = provider.providedClient!;
    provider.remove();
    expect(await refusal(second)).to.be.instanceOf(ForbiddenError);
  });

  it('seeds the demo portal with seed="demo"', async () => {
    const database = uniqueDatabaseName('conv-provider-demo');
    databases.push(database, `conv-elements-cache:${database}:amara-okafor`);
    const provider = mount<ConvProvider>(html`
      <conv-provider viewer="amara-okafor" seed="demo" database=${database}>
        <test-viewer></test-viewer><test-unread></test-unread>
      </conv-provider>
    `);
    const viewer = provider.querySelector<TestViewer>('test-viewer')!;
    await waitUntil(() => text(viewer) === 'Amara Okafor:1000', 'the demo viewer', { timeout: 5000 });
    const unread = provider.querySelector<TestUnread>('test-unread')!;
    await waitUntil(() => unread.unread.value.total > 0, 'the demo’s unread messages', { timeout: 5000 });
  });

  it('behaves the same whether the adapter is set before or after it connects', async () => {
    const before = document.createElement('conv-provider');
    before.adapter = backend.adapterFor('m11');
    before.cacheName = cacheName();
    before.append(document.createElement('test-viewer'));
    const after = document.createElement('conv-provider');
    after.append(document.createElement('test-viewer'));
    const root = mount(html`<div></div>`);
    root.append(before, after);
    after.cacheName = cacheName();
    after.adapter = backend.adapterFor('m12');
    await waitUntil(() => text(before.firstElementChild!) === 'Donald Knuth:1000');
    await waitUntil(() => text(after.firstElementChild!) === 'Margaret Hamilton:1000');

    // A new adapter replaces the client, and the one made for the old adapter is disposed of.
    const old = after.providedClient!;
    after.cacheName = cacheName(); // one cache per viewer
    after.adapter = backend.adapterFor('m10');
    await waitUntil(() => text(after.firstElementChild!) === 'Barbara Liskov:1000');
    expect(await refusal(old)).to.be.instanceOf(ForbiddenError);
  });

  it('provides a given client as is, preferred to an adapter, and never disposes of it', async () => {
    const client = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cacheName() });
    clients.push(client);
    const provider = mount<ConvProvider>(html`
      <conv-provider .client=${client} .adapter=${backend.adapterFor('m2')}
        ><test-viewer></test-viewer
      ></conv-provider>
    `);
    const consumer = provider.querySelector<TestViewer>('test-viewer')!;
    await waitUntil(() => text(consumer) === 'Ada Lovelace:1000');
    expect(consumer.viewer.client).to.equal(client);
    provider.remove();
    expect(await refusal(client)).to.equal(undefined);
  });

  it('warns about values it cannot use instead of throwing, and provides nothing for them', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const provider = mount<ConvProvider>(html`<conv-provider><test-viewer></test-viewer></conv-provider>`);
      provider.adapter = { not: 'an adapter' } as never;
      await provider.updateComplete;
      provider.client = 'a client' as never;
      await provider.updateComplete;
      expect(provider.providedClient).to.equal(undefined);
      expect(provider.querySelector<TestViewer>('test-viewer')!.viewer.client).to.equal(undefined);
    } finally {
      console.warn = original;
    }
    expect(warnings.map((args) => String(args[0]))).to.satisfy((messages: string[]) =>
      ['`adapter` must implement', '`client` must be a ConversationsClient'].every((part) =>
        messages.some((message) => message.includes(part)),
      ),
    );
  });
  it('warns that the `dataset` attribute is now `seed`, and does not take it as a seed', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const provider = mount<ConvProvider>(html`<conv-provider dataset="demo"></conv-provider>`);
      await provider.updateComplete;
      expect(provider.seed).to.equal(undefined);
    } finally {
      console.warn = original;
    }
    expect(warnings.map((args) => String(args[0])).some((message) => message.includes('`seed`'))).to.equal(
      true,
    );
  });
});
