/**
 * The demo portal pages as a designer uses them, each in a frame: switching "viewing as", and the
 * side-by-side page where one member's envelope turns gold as the other writes. Writes go
 * through a second `LocalBackend` on the demo's database, as another tab of the portal would.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { LocalBackend } from '../../src/adapters/local/index.js';
import { createClientId } from '../../src/core/ids.js';

const DATABASE = 'conv-elements-demo';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

async function openFrame(src: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.inlineSize = '1400px';
  frame.style.blockSize = '1600px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = src;
  document.body.append(frame);
  await loaded;
  return frame.contentDocument!;
}

function badgeName(badge: Element): string {
  return badge.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label') ?? '';
}

function unread(badge: Element): number {
  return Number(/(\d+) unread/.exec(badgeName(badge))?.[1] ?? 0);
}

describe('demo portal pages', () => {
  let other: LocalBackend | undefined;

  afterEach(async () => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
    other?.close();
    other = undefined;
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(DATABASE));
    await Promise.all(names.map(deleteDatabase));
  });

  it('switches the viewer: the envelope, the inbox and the profile follow', async () => {
    const page = await openFrame('/demo/');
    const badge = page.querySelector('conv-envelope-badge')!;
    await waitUntil(() => unread(badge) > 0, 'the demo viewer has no unread envelope', { timeout: 15_000 });
    const select = page.querySelector<HTMLSelectElement>('#viewer')!;
    expect(select.selectedOptions[0]!.textContent).to.include('manages Translators');
    select.value = 'emma-johansson';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => badgeName(badge) === 'Conversations', 'the envelope did not follow the viewer', {
      timeout: 10_000,
    });
    expect(page.querySelector('#profile-person')!.textContent).to.not.equal('Emma Johansson');
  });

  it('side by side: the envelope turns gold as the other member writes', async () => {
    const page = await openFrame('/demo/side-by-side.html?left=emma-johansson&right=anais-lefevre');
    const [left] = [...page.querySelectorAll('conv-envelope-badge')];
    await waitUntil(() => badgeName(left!) === 'Conversations', 'the left envelope never rendered', {
      timeout: 15_000,
    });
    expect(left!.shadowRoot!.querySelector('[part="base"]')!.classList.contains('unread')).to.equal(false);

    other = new LocalBackend({ name: DATABASE });
    // The page seeds the demo portal; this waits for that (seeding twice adds nothing).
    await other.seedDemo();
    await other.adapterFor('anais-lefevre').startConversation({
      recipients: [{ kind: 'member', id: 'emma-johansson' }],
      body: 'Hej Emma! Are you coming on Saturday?',
      clientId: createClientId(),
    });
    await waitUntil(() => unread(left!) === 1, 'the envelope did not turn gold', { timeout: 10_000 });
    expect(left!.shadowRoot!.querySelector('[part="base"]')!.classList.contains('unread')).to.equal(true);
  });
});
