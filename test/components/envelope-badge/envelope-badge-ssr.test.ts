// A badge rendered on a server (conv-elements/ssr) upgrades in the browser: it adopts the
// declarative shadow root, makes the very markup the server wrote, shows the server's count
// until its source answers, and then follows the source alone.
import { expect } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import { NO_UNREAD, unreadContext } from '../../../src/context/unread-context.js';
import { WritableStore } from '../../../src/client/store.js';
import type { UnreadSummary } from '../../../src/core/types.js';
import { envelopeShadow } from '../../../src/ssr/envelope-shadow.js';

/** A tag of its own per test, defined only after the server's HTML is in the page. */
let defined = 0;

describe('<conv-envelope-badge> rendered on a server', () => {
  let host: HTMLElement;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });

  afterEach(() => host.remove());

  async function serverBadge(attributes: Record<string, string>, totals: WritableStore<UnreadSummary>) {
    new ContextProvider(host, { context: unreadContext, initialValue: { unread: totals } });
    const tag = `conv-envelope-badge-ssr-${++defined}`;
    const written = Object.entries(attributes)
      .map(([name, value]) => ` ${name}="${value}"`)
      .join('');
    const shadow = envelopeShadow(new Map(Object.entries(attributes)));
    host.setHTMLUnsafe(
      `<${tag}${written}><template shadowrootmode="open"><style>:host{display:inline-block}</style>${shadow}</template></${tag}>`,
    );
    const element = host.firstElementChild!;
    const root = element.shadowRoot!;
    const serverMarkup = root.innerHTML.replace(/<style>.*?<\/style>/, '');
    customElements.define(tag, class extends ConvEnvelopeBadge {});
    const badge = element as ConvEnvelopeBadge;
    await badge.updateComplete;
    return { badge, root, serverMarkup };
  }

  const nameOf = (badge: ConvEnvelopeBadge) =>
    badge.shadowRoot!.querySelector('[part="base"]')!.getAttribute('aria-label');

  it('adopts the declarative shadow root and makes the markup the server wrote', async () => {
    const totals = new WritableStore<UnreadSummary>(NO_UNREAD);
    const { badge, root, serverMarkup } = await serverBadge({ unread: '3', 'show-count': '' }, totals);
    expect(badge).to.be.instanceOf(ConvEnvelopeBadge);
    expect(badge.shadowRoot).to.equal(root);
    expect(root.querySelectorAll('[part="base"]')).to.have.length(1);
    expect(root.querySelector('style')).to.equal(null);
    expect(root.innerHTML).to.equal(serverMarkup);
    expect(nameOf(badge)).to.equal('Conversations, 3 unread');
  });

  it('writes the same link as the element, neutral without a count', async () => {
    const totals = new WritableStore<UnreadSummary>(NO_UNREAD);
    const { badge, root, serverMarkup } = await serverBadge({ href: '/inbox' }, totals);
    expect(root.innerHTML).to.equal(serverMarkup);
    expect(root.querySelector('a[part="base"]')!.getAttribute('href')).to.equal('/inbox');
    expect(nameOf(badge)).to.equal('Conversations');
  });

  it("shows the server's count until the source answers, then the source's alone", async () => {
    const totals = new WritableStore<UnreadSummary>(NO_UNREAD);
    const { badge } = await serverBadge({ unread: '3' }, totals);
    expect(badge.unreadCount).to.equal(3);

    totals.set({ total: 5, conversations: 2 });
    await badge.updateComplete;
    expect(nameOf(badge)).to.equal('Conversations, 5 unread');

    totals.set({ total: 0, conversations: 0 });
    await badge.updateComplete;
    expect(nameOf(badge)).to.equal('Conversations');
    expect(badge.shadowRoot!.querySelector('.unread')).to.equal(null);

    // Signed out: back to nothing known, which is not the server's count any more.
    totals.set(NO_UNREAD);
    await badge.updateComplete;
    expect(nameOf(badge)).to.equal('Conversations');
  });
});
