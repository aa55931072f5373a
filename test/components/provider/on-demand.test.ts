import { ContextEvent } from '@lit/context';
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import { ConvProvider } from '../../../src/components/provider/provider.js';
import type { UnreadTotalsHolder } from '../../../src/client/unread-totals.js';
import { connect, disconnect } from '../../../src/context/connect.js';
import { unreadContext } from '../../../src/context/unread-context.js';
import { createClientId } from '../../../src/core/ids.js';
import '../../../src/define/conv-envelope-badge.js';
import '../../../src/define/conv-provider.js';
import { cacheName, databaseExists, dropCaches } from '../../client/helpers.js';
import { mount, text, unmountAll, type TestViewer } from '../../context/elements.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';

/** Classes registered only when a test says so, to show an upgrade keeps what was set before. */
class LateProvider extends ConvProvider {}
class LateBadge extends ConvEnvelopeBadge {}

function base(badge: Element): HTMLElement | null {
  return badge.shadowRoot?.querySelector<HTMLElement>('[part="base"]') ?? null;
}

function nameOf(badge: Element): string | null | undefined {
  return base(badge)?.getAttribute('aria-label');
}

function isGold(badge: Element): boolean {
  const icon = badge.shadowRoot?.querySelector('[part="icon"] .body');
  return (
    base(badge)?.classList.contains('unread') === true &&
    icon !== null &&
    icon !== undefined &&
    getComputedStyle(icon).fill === 'rgb(184, 134, 11)'
  );
}

function writeTo(backend: LocalBackend, from: string, to: string, body = 'Hello there') {
  return backend.adapterFor(from).startConversation({
    recipients: [{ kind: 'member', id: to }],
    body,
    clientId: createClientId(),
  });
}

async function named(badge: Element, name: string, timeout = 5000): Promise<void> {
  try {
    await waitUntil(() => nameOf(badge) === name, undefined, { timeout });
  } catch {
    throw new Error(`The badge was never named "${name}"; it is named "${nameOf(badge)}".`);
  }
}

/** What `provider` answers a request for the unread totals with, now. */
function unreadProvidedTo(provider: Element): UnreadTotalsHolder | undefined {
  let answer: UnreadTotalsHolder | undefined;
  const asker = document.createElement('span');
  provider.append(asker);
  asker.dispatchEvent(new ContextEvent(unreadContext, asker, (value) => (answer = value)));
  asker.remove();
  return answer;
}

/** Every name the badge has had from now on (read it when done: the observer reports late). */
function nameHistory(badge: Element): () => (string | null)[] {
  const seen: (string | null)[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) if (record.attributeName === 'aria-label') seen.push(record.oldValue);
  });
  observer.observe(badge.shadowRoot!, {
    subtree: true,
    attributes: true,
    attributeOldValue: true,
    attributeFilter: ['aria-label'],
  });
  return () => {
    for (const record of observer.takeRecords())
      if (record.attributeName === 'aria-label') seen.push(record.oldValue);
    return [...seen, nameOf(badge) ?? null];
  };
}

describe('<conv-provider> makes only what its elements ask for', () => {
  let backend: LocalBackend;
  /** Databases the attribute mode made: a portal and the clients' caches. */
  const databases: string[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    unmountAll();
    disconnect();
    await dropCaches();
    await Promise.all(databases.splice(0).map((name) => deleteDB(name)));
    await backend.destroy();
  });

  /** A provider on `backend`'s database by attributes, for m1, holding only a badge. */
  function badgeOnly(): { provider: ConvProvider; badge: ConvEnvelopeBadge } {
    databases.push(`conv-elements-cache:${backend.name}:m1`);
    const provider = mount<ConvProvider>(
      html`<conv-provider viewer="m1" database=${backend.name}
        ><conv-envelope-badge></conv-envelope-badge
      ></conv-provider>`,
    );
    return { provider, badge: provider.querySelector('conv-envelope-badge')! };
  }

  it('with attributes and only a badge: the badge turns gold and follows, and no client is made', async () => {
    await writeTo(backend, 'm2', 'm1');
    const { provider, badge } = badgeOnly();

    await named(badge, 'Conversations, 1 unread');
    expect(isGold(badge), 'the envelope is gold').to.equal(true);
    await writeTo(backend, 'm3', 'm1');
    await named(badge, 'Conversations, 2 unread');

    expect(provider.providedClient === undefined, 'a client was made').to.equal(true);
    // A client would have opened its cache.
    expect(await databaseExists(`conv-elements-cache:${backend.name}:m1`)).to.equal(false);
    await expect(badge).to.be.accessible();
  });

  it('makes the client once an element asks for it, which then serves the badge', async () => {
    const { conversation } = await writeTo(backend, 'm2', 'm1');
    const { provider, badge } = badgeOnly();
    await named(badge, 'Conversations, 1 unread');
    expect(provider.providedClient === undefined, 'a client was made').to.equal(true);

    const viewer = document.createElement('test-viewer') as TestViewer;
    provider.append(viewer);
    await waitUntil(() => provider.providedClient !== undefined, 'the client being made', { timeout: 5000 });
    await waitUntil(() => text(viewer) === 'Ada Lovelace:1000', 'the viewer from the client', {
      timeout: 5000,
    });
    const client = provider.providedClient!;
    expect(viewer.viewer.client === client, 'the viewer has the provided client').to.equal(true);
    await named(badge, 'Conversations, 1 unread');
    expect(isGold(badge)).to.equal(true);

    await client.markRead(conversation.id);
    await named(badge, 'Conversations');
    expect(isGold(badge)).to.equal(false);
    // Still live, now through the client.
    await writeTo(backend, 'm3', 'm1');
    await named(badge, 'Conversations, 1 unread');
  });

  it('stays gold while the client takes over from the totals', async () => {
    await writeTo(backend, 'm2', 'm1');
    const { provider, badge } = badgeOnly();
    await named(badge, 'Conversations, 1 unread');
    const names = nameHistory(badge);

    provider.append(document.createElement('test-viewer'));
    await waitUntil(() => provider.providedClient !== undefined, 'the client being made', { timeout: 5000 });
    // The client reads the totals itself: wait for that, then for the badge to show it.
    await waitUntil(() => provider.providedClient!.unread.value.total === 1, 'the client’s totals', {
      timeout: 5000,
    });
    await badge.updateComplete;
    const seen = names();
    expect(seen, `the badge was named ${seen.join(' → ')}`).to.not.include('Conversations');
  });

  it('hands the totals it made for the badge to the client, which feeds those: one store throughout', async () => {
    await writeTo(backend, 'm2', 'm1');
    const { provider, badge } = badgeOnly();
    await named(badge, 'Conversations, 1 unread');
    const before = unreadProvidedTo(provider);
    expect(before, 'the totals alone').to.not.equal(undefined);

    provider.append(document.createElement('test-viewer'));
    await waitUntil(() => provider.providedClient !== undefined, 'the client being made', { timeout: 5000 });
    const client = provider.providedClient!;
    expect(client.unreadTotals.unread === before!.unread, 'the client took the same totals').to.equal(true);
    expect(unreadProvidedTo(provider)!.unread === before!.unread, 'the badge still follows them').to.equal(
      true,
    );
  });

  it('first visit (a database that does not exist yet, seed="demo"): falls back to the client, which seeds', async () => {
    const database = uniqueDatabaseName('conv-on-demand-first');
    databases.push(database, `conv-elements-cache:${database}:amara-okafor`);
    expect(await databaseExists(database)).to.equal(false);
    const provider = mount<ConvProvider>(
      html`<conv-provider viewer="amara-okafor" seed="demo" database=${database}
        ><conv-envelope-badge></conv-envelope-badge
      ></conv-provider>`,
    );
    const badge = provider.querySelector('conv-envelope-badge')!;

    await waitUntil(
      () => /^Conversations, \d+ unread$/.test(nameOf(badge) ?? ''),
      'the demo’s unread messages',
      {
        timeout: 10_000,
      },
    );
    expect(isGold(badge)).to.equal(true);
    expect(provider.providedClient, 'the client that seeded the portal').to.not.equal(undefined);
    expect(await databaseExists(database)).to.equal(true);
  });

  for (const order of ['after', 'before'] as const) {
    it(`\`global\`, with only a badge outside it, ${order} the provider: the badge gets the totals, and no client is made`, async () => {
      await writeTo(backend, 'm2', 'm1');
      databases.push(`conv-elements-cache:${backend.name}:m1`);
      const provider = html`<conv-provider global viewer="m1" database=${backend.name}></conv-provider>`;
      const header = html`<header><conv-envelope-badge></conv-envelope-badge></header>`;
      // "before": a portal's header comes first, so the badge asks before any provider is there.
      const page = mount(
        order === 'before'
          ? html`<div>
              ${header}
              <main>${provider}</main>
            </div>`
          : html`<div>
              <main>${provider}</main>
              ${header}
            </div>`,
      );
      const badge = page.querySelector('conv-envelope-badge')!;
      const element = page.querySelector('conv-provider')!;

      await named(badge, 'Conversations, 1 unread');
      expect(isGold(badge)).to.equal(true);
      expect(element.providedClient === undefined, 'a client was made').to.equal(true);

      // The provider leaving the page takes the totals with it.
      element.remove();
      await named(badge, 'Conversations');
    });
  }

  it('connect() still supplies a badge', async () => {
    const badge = mount<ConvEnvelopeBadge>(html`<conv-envelope-badge></conv-envelope-badge>`);
    await writeTo(backend, 'm2', 'm1');
    connect(backend.adapterFor('m1'), { cacheName: cacheName() });
    await named(badge, 'Conversations, 1 unread');
    expect(isGold(badge)).to.equal(true);
    disconnect();
    await named(badge, 'Conversations');
  });

  it('keeps a property set on a <conv-provider> before the element was defined', async () => {
    await writeTo(backend, 'm2', 'm1');
    const provider = mount<LateProvider>(
      html`<late-on-demand-provider><conv-envelope-badge></conv-envelope-badge></late-on-demand-provider>`,
    );
    const badge = provider.querySelector('conv-envelope-badge')!;
    const adapter = backend.adapterFor('m1');
    provider.adapter = adapter;
    await named(badge, 'Conversations');

    LateProvider.define('late-on-demand-provider');
    expect(provider).to.be.instanceOf(ConvProvider);
    expect(provider.adapter === adapter, 'the adapter set before the upgrade').to.equal(true);
    await named(badge, 'Conversations, 1 unread');
    expect(provider.providedClient === undefined, 'a client was made').to.equal(true);
  });

  it('keeps a badge’s `href` set before the element was defined', async () => {
    await writeTo(backend, 'm2', 'm1');
    const provider = mount<ConvProvider>(
      html`<conv-provider .adapter=${backend.adapterFor('m1')}
        ><late-envelope-badge></late-envelope-badge
      ></conv-provider>`,
    );
    const badge = provider.querySelector('late-envelope-badge') as LateBadge;
    badge.href = '#conversations';

    LateBadge.define('late-envelope-badge');
    expect(badge).to.be.instanceOf(ConvEnvelopeBadge);
    expect(badge.href).to.equal('#conversations');
    await named(badge, 'Conversations, 1 unread');
    expect(base(badge)!.localName).to.equal('a');
    expect(base(badge)!.getAttribute('href')).to.equal('#conversations');
  });

  it('turns from a button into a link when `href` is set later, and back, keeping its name', async () => {
    await writeTo(backend, 'm2', 'm1');
    const provider = mount<ConvProvider>(
      html`<conv-provider .adapter=${backend.adapterFor('m1')}
        ><conv-envelope-badge></conv-envelope-badge
      ></conv-provider>`,
    );
    const badge = provider.querySelector('conv-envelope-badge')!;
    await named(badge, 'Conversations, 1 unread');
    expect(base(badge)!.localName).to.equal('button');

    badge.href = '#conversations';
    await badge.updateComplete;
    expect(base(badge)!.localName).to.equal('a');
    expect(base(badge)!.getAttribute('href')).to.equal('#conversations');
    expect(nameOf(badge)).to.equal('Conversations, 1 unread');
    expect(isGold(badge)).to.equal(true);
    expect(badge.shadowRoot!.querySelectorAll('[part="base"]')).to.have.length(1);
    await expect(badge).to.be.accessible();

    // The new link opens the inbox as the button did (cancelled here: the page stays).
    badge.addEventListener('conv-open-inbox', (event) => event.preventDefault(), { once: true });
    const opened = oneEvent(badge, 'conv-open-inbox');
    base(badge)!.click();
    await opened;

    badge.href = undefined;
    await badge.updateComplete;
    expect(base(badge)!.localName).to.equal('button');
    expect(nameOf(badge)).to.equal('Conversations, 1 unread');
  });
});

describe('a page with only <conv-provider> and <conv-envelope-badge>', () => {
  let backend: LocalBackend;
  let frame: HTMLIFrameElement | undefined;

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    frame?.remove();
    frame = undefined;
    await backend.destroy();
  });

  it('shows the unread totals without loading the client, the local adapter or Lit', async () => {
    await writeTo(backend, 'm2', 'm1');
    frame = document.createElement('iframe');
    const params = new URLSearchParams({ db: backend.name, viewer: 'm1' });
    frame.src = new URL(`./fixtures/badge-only.html?${params}`, import.meta.url).href;
    const loaded = oneEvent(frame, 'load');
    document.body.append(frame);
    await loaded;

    const page = frame.contentWindow!;
    const badge = page.document.querySelector('conv-envelope-badge')!;
    await named(badge, 'Conversations, 1 unread');
    expect(base(badge)!.classList.contains('unread')).to.equal(true);
    // Another tab (this page) writes: the badge-only page hears it.
    await writeTo(backend, 'm3', 'm1');
    await named(badge, 'Conversations, 2 unread');

    const provider = page.document.querySelector('conv-provider') as ConvProvider;
    expect(provider.providedClient === undefined, 'a client was made').to.equal(true);
    const paths = page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    // The list is the page's modules: the unread reader is among them.
    expect(paths.some((path) => path.includes('/src/adapters/local/unread-source.'))).to.equal(true);
    const forbidden = [
      '/src/client/conversations-client.',
      '/src/adapters/local/adapter.',
      '/node_modules/idb/',
      '/node_modules/lit/',
      '/node_modules/lit-html/',
      '/node_modules/lit-element/',
    ];
    expect(paths.filter((path) => forbidden.some((part) => path.includes(part)))).to.deep.equal([]);
  });
});
