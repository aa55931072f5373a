/**
 * The script-tag embed: demo/cms.html loads only the built bundle (dist/conv-elements.js) and
 * configures its tags by attributes. `npm test` builds the bundle first; run `npm run build`
 * before running this file alone. Each test page has a browser context of its own, so the page's
 * fixed database name is fresh here; it is deleted afterwards all the same.
 */
import { expect, waitUntil } from '@open-wc/testing';

const PAGE = '/demo/cms.html';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function shadow(root: Element | null | undefined, selector: string): HTMLElement | null {
  return root?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

describe('demo/cms.html, the script-tag embed', () => {
  let frame: HTMLIFrameElement;

  afterEach(async () => {
    frame?.remove();
    const databases = await indexedDB.databases();
    await Promise.all(
      databases
        .map((database) => database.name ?? '')
        .filter((name) => name.includes('conv-elements-cms'))
        .map(deleteDatabase),
    );
  });

  async function openPage(width = 1200): Promise<Document> {
    const bundle = await fetch('/dist/conv-elements.js', { method: 'HEAD' });
    expect(bundle.ok, 'dist/conv-elements.js is missing: run `npm run build` first').to.equal(true);
    frame = document.createElement('iframe');
    frame.style.inlineSize = `${width}px`;
    frame.style.blockSize = '900px';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = PAGE;
    document.body.append(frame);
    await loaded;
    return frame.contentDocument!;
  }

  it('loads nothing but the built bundle and its chunks', async () => {
    const page = await openPage();
    // The test server injects its own web-socket script into every HTML page it serves.
    const ours = (path: string) => !path.startsWith('/__web-dev-server');
    const scripts = [...page.querySelectorAll('script')]
      .map((script) => script.getAttribute('src') ?? 'inline')
      .filter(ours);
    expect(scripts).to.deep.equal(['../dist/conv-elements.js']);
    const badge = page.querySelector('conv-envelope-badge');
    await waitUntil(() => shadow(badge, '[part="base"]'), 'the badge never rendered from the bundle');
    const loaded = frame
      .contentWindow!.performance.getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => ours(path) && (path.endsWith('.js') || path.endsWith('.ts')));
    expect(loaded.length).to.be.greaterThan(0);
    for (const path of loaded) expect(path, path).to.match(/^\/dist\//);
    // Every tag on the page is defined by the bundle, those it does not place are not downloaded.
    const registry = frame.contentWindow!.customElements;
    for (const tag of ['conv-provider', 'conv-envelope-badge', 'conv-inbox', 'conv-notifier']) {
      await waitUntil(() => registry.get(tag), `${tag} was never defined`, { timeout: 5000 });
    }
    for (const tag of ['conv-contact-button', 'conv-notification-settings', 'conv-compose']) {
      expect(registry.get(tag), tag).to.equal(undefined);
    }
  });

  it('fits a 390 px phone: the envelope in view, nothing to scroll sideways', async () => {
    const page = await openPage(390);
    const badge = page.querySelector('conv-envelope-badge')!;
    await waitUntil(() => shadow(badge, '[part="base"]'), 'the badge never rendered from the bundle');
    const box = badge.getBoundingClientRect();
    expect(box.right, 'the envelope ends inside the screen').to.be.at.most(page.documentElement.clientWidth);
    expect(page.documentElement.scrollWidth).to.equal(page.documentElement.clientWidth);
  });

  it('shares the envelope with the badge-only bundle on a page that loads both', async () => {
    // A theme whose header loads the badge-only bundle on every page, and whose inbox page loads
    // the full one as well: one envelope definition, one provider, which the inbox's client serves.
    frame = document.createElement('iframe');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = `<!doctype html><html lang="en"><head>
      <script type="module" src="/dist/conv-envelope-badge.js"></script>
      <script type="module" src="/dist/conv-elements.js"></script></head><body>
      <conv-provider viewer="amara-okafor" seed="demo" database="conv-elements-cms-both" global></conv-provider>
      <header><conv-envelope-badge show-count></conv-envelope-badge></header>
      <main><conv-inbox></conv-inbox></main></body></html>`;
    document.body.append(frame);
    await loaded;
    const page = frame.contentDocument!;
    const badge = page.querySelector('conv-envelope-badge')!;
    const name = () => shadow(badge, '[part="base"]')?.getAttribute('aria-label') ?? '';
    await waitUntil(() => /^Conversations, \d+ unread$/.test(name()), 'the envelope never counted', {
      timeout: 10_000,
    });
    const list = () => shadow(page.querySelector('conv-inbox'), 'conv-conversation-list');
    await waitUntil(() => list()?.shadowRoot?.querySelector('[part~="row"]'), 'no conversation listed', {
      timeout: 10_000,
    });
    const bundles = frame
      .contentWindow!.performance.getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => /^\/dist\/conv-[a-z-]+\.js$/.test(path));
    expect(bundles.sort()).to.deep.equal(['/dist/conv-elements.js', '/dist/conv-envelope-badge.js']);
  });

  it('shows the unread envelope in the header, opens a conversation and sends a reply', async () => {
    const page = await openPage();
    const badge = page.querySelector('conv-envelope-badge')!;
    const name = () => shadow(badge, '[part="base"]')?.getAttribute('aria-label') ?? '';
    await waitUntil(() => /^Conversations, \d+ unread$/.test(name()), 'the envelope never turned gold', {
      timeout: 10_000,
    });
    const unreadBefore = Number(/\d+/.exec(name())![0]);
    expect(shadow(badge, '[part="base"]')!.classList.contains('unread')).to.equal(true);
    expect(shadow(badge, '[part="base"]')!.getAttribute('href')).to.equal('#inbox');

    const inbox = page.querySelector('conv-inbox')!;
    const list = () => shadow(inbox, 'conv-conversation-list');
    await waitUntil(() => list()?.shadowRoot?.querySelector('[part~="row"]'), 'no conversation listed', {
      timeout: 10_000,
    });
    const row = list()!.shadowRoot!.querySelector<HTMLElement>('[part~="row"]')!;
    row.click();
    await waitUntil(() => inbox.getAttribute('conversation'), 'clicking a row opened nothing');

    const thread = () => shadow(inbox, 'conv-thread');
    await waitUntil(() => shadow(thread(), '[part="input"]'), 'the thread has no reply box', {
      timeout: 10_000,
    });
    // Opening the conversation reads it: the envelope's count goes down.
    await waitUntil(
      () => Number(/\d+/.exec(name())?.[0] ?? 0) < unreadBefore,
      `the unread count stayed at ${unreadBefore}`,
      { timeout: 10_000 },
    );

    const input = shadow(thread(), '[part="input"]') as HTMLTextAreaElement;
    const reply = `Thanks, I will read it tonight (${Date.now()}).`;
    input.value = reply;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    shadow(thread(), '[part="send"]')!.click();
    await waitUntil(
      () =>
        [...(thread()?.shadowRoot?.querySelectorAll('[part="body"]') ?? [])].some(
          (body) => body.textContent === reply,
        ),
      'the reply never appeared in the thread',
      { timeout: 10_000 },
    );
  });
});
