import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-envelope-badge.js';
import type { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { createClientId } from '../../../src/core/ids.js';
import { freshBackend } from '../../helpers/local-backend.js';
import { contrastRatio, parseColor } from '../../helpers/color.js';
import { clientFor, disposeClients } from '../../helpers/clients.js';

function base(badge: ConvEnvelopeBadge): HTMLElement {
  return badge.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
}

function nameOf(badge: ConvEnvelopeBadge): string | null {
  return base(badge).getAttribute('aria-label');
}

async function writeTo(backend: LocalBackend, from: string, to: string, body = 'Hello there') {
  return backend.adapterFor(from).startConversation({
    recipients: [{ kind: 'member', id: to }],
    body,
    clientId: createClientId(),
  });
}

describe('<conv-envelope-badge>', () => {
  let backend: LocalBackend;

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  async function badgeFor(member: string, options: { showCount?: boolean; href?: string } = {}) {
    const provider = await fixture(
      html`<conv-provider .client=${clientFor(backend, member)}>
        <conv-envelope-badge
          ?show-count=${options.showCount ?? false}
          href=${options.href ?? ''}
        ></conv-envelope-badge>
      </conv-provider>`,
    );
    return provider.querySelector<ConvEnvelopeBadge>('conv-envelope-badge')!;
  }

  it('is a neutral button named "Conversations" when nothing is unread', async () => {
    const badge = await badgeFor('m1');
    await waitUntil(() => nameOf(badge) === 'Conversations', 'the badge never got its name');
    expect(base(badge).tagName).to.equal('BUTTON');
    expect(base(badge).classList.contains('unread')).to.equal(false);
    expect(badge.shadowRoot!.querySelector('[part="count"]')).to.equal(null);
    await expect(badge).to.be.accessible();
  });

  it('claims nothing until its source first answers: busy, then named by the answer', async () => {
    const alone = await fixture<ConvEnvelopeBadge>(html`<conv-envelope-badge></conv-envelope-badge>`);
    await alone.updateComplete;
    expect(base(alone).getAttribute('aria-busy'), 'no provider, no count from the page').to.equal('true');
    const counted = await fixture<ConvEnvelopeBadge>(
      html`<conv-envelope-badge unread="3"></conv-envelope-badge>`,
    );
    await counted.updateComplete;
    expect(base(counted).hasAttribute('aria-busy'), 'a count from the page is known').to.equal(false);
    expect(nameOf(counted)).to.equal('Conversations, 3 unread');

    const badge = await badgeFor('m1');
    await waitUntil(() => !base(badge).hasAttribute('aria-busy'), 'still busy after the source answered');
    expect(nameOf(badge)).to.equal('Conversations');
    await expect(badge).to.be.accessible();
  });

  it('shows its name as a tooltip on keyboard focus, and hides it otherwise', async () => {
    const badge = await badgeFor('m1', { showCount: true });
    await writeTo(backend, 'm2', 'm1');
    await waitUntil(() => nameOf(badge) === 'Conversations, 1 unread', 'the message never counted');
    const tip = () => getComputedStyle(base(badge), '::after');
    expect(tip().visibility).to.equal('hidden');
    expect(tip().content).to.equal('"Conversations, 1 unread"');
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => tip().visibility === 'visible', 'no tooltip on keyboard focus');
    expect(parseFloat(tip().width)).to.be.greaterThan(base(badge).getBoundingClientRect().width);
  });

  it('counts a bad unread attribute as nothing unread until its provider answers', async () => {
    for (const value of ['-1', 'many', '2.5']) {
      const badge = await fixture<ConvEnvelopeBadge>(
        html`<conv-envelope-badge unread=${value}></conv-envelope-badge>`,
      );
      await badge.updateComplete;
      const expected = value === '2.5' ? 'Conversations, 2 unread' : 'Conversations';
      expect(nameOf(badge), `unread="${value}"`).to.equal(expected);
    }
  });

  it('turns gold when a message arrives, says how many, and turns back once read', async () => {
    const badge = await badgeFor('m1', { showCount: true });
    await waitUntil(() => nameOf(badge) === 'Conversations');
    const { conversation, message } = await writeTo(backend, 'm2', 'm1');

    await waitUntil(
      () => nameOf(badge) === 'Conversations, 1 unread',
      'the badge did not report the message',
      {
        timeout: 3000,
      },
    );
    expect(base(badge).classList.contains('unread')).to.equal(true);
    expect(badge.shadowRoot!.querySelector('[part="count"]')!.textContent!.trim()).to.equal('1');
    const icon = badge.shadowRoot!.querySelector('[part="icon"] .body')!;
    expect(getComputedStyle(icon).fill).to.equal('rgb(184, 134, 11)');
    await expect(badge).to.be.accessible();

    await backend.adapterFor('m1').markRead(conversation.id, message.id);
    await waitUntil(() => nameOf(badge) === 'Conversations', 'the badge did not clear after reading', {
      timeout: 3000,
    });
    expect(base(badge).classList.contains('unread')).to.equal(false);
  });

  it('reports another member’s messages to that member only: two providers on one page', async () => {
    const page = await fixture(
      html`<div>
        <conv-provider .adapter=${backend.adapterFor('m1')}
          ><conv-envelope-badge id="m1"></conv-envelope-badge
        ></conv-provider>
        <conv-provider .adapter=${backend.adapterFor('m3')}
          ><conv-envelope-badge id="m3"></conv-envelope-badge
        ></conv-provider>
      </div>`,
    );
    const first = page.querySelector<ConvEnvelopeBadge>('#m1')!;
    const second = page.querySelector<ConvEnvelopeBadge>('#m3')!;
    await waitUntil(() => nameOf(first) === 'Conversations' && nameOf(second) === 'Conversations');
    await writeTo(backend, 'm1', 'm3', 'From the first member');
    await waitUntil(
      () => nameOf(second) === 'Conversations, 1 unread',
      'the recipient’s badge stayed neutral',
      {
        timeout: 3000,
      },
    );
    expect(nameOf(first)).to.equal('Conversations');
  });

  it('shows 99+ for more than 99 unread messages, and the exact number in its name', async () => {
    const badge = await badgeFor('m1', { showCount: true });
    const sender = backend.adapterFor('m2');
    const { conversation } = await writeTo(backend, 'm2', 'm1', 'first');
    for (let i = 2; i <= 100; i++) {
      await sender.sendMessage({
        conversationId: conversation.id,
        body: `message ${i}`,
        clientId: createClientId(),
      });
    }
    await waitUntil(() => nameOf(badge) === 'Conversations, 100 unread', undefined, { timeout: 5000 });
    expect(badge.shadowRoot!.querySelector('[part="count"]')!.textContent!.trim()).to.equal('99+');
  });

  it('fires a cancelable conv-open-inbox on activation, and follows href unless cancelled', async () => {
    const badge = await badgeFor('m1', { href: '#conversations' });
    expect(base(badge).tagName).to.equal('A');
    history.replaceState(null, '', '#start');

    badge.addEventListener('conv-open-inbox', (event) => event.preventDefault(), { once: true });
    const cancelled = oneEvent(badge, 'conv-open-inbox');
    base(badge).click();
    expect((await cancelled).cancelable).to.equal(true);
    expect(location.hash).to.equal('#start');

    const followed = oneEvent(badge, 'conv-open-inbox');
    base(badge).click();
    await followed;
    await waitUntil(() => location.hash === '#conversations', 'the link was not followed');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('opens with the keyboard alone', async () => {
    const badge = await badgeFor('m1');
    base(badge).focus();
    expect(badge.shadowRoot!.activeElement).to.equal(base(badge));
    const opened = oneEvent(badge, 'conv-open-inbox');
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'Enter' });
    await opened;
  });

  it('offers a target of at least 24 × 24 pixels', async () => {
    const badge = await badgeFor('m1');
    const box = base(badge).getBoundingClientRect();
    expect(box.width).to.be.at.least(24);
    expect(box.height).to.be.at.least(24);
  });

  it('uses a gold with 3:1 contrast on light and on dark backgrounds', async () => {
    const badge = await badgeFor('m1');
    const gold = parseColor(getComputedStyle(badge).getPropertyValue('--_unread').trim());
    expect(contrastRatio(gold, parseColor('#ffffff'))).to.be.at.least(3);
    expect(contrastRatio(gold, parseColor('#121212'))).to.be.at.least(3);
  });

  it('is accessible in dark mode, read and unread', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const badge = await badgeFor('m1', { showCount: true });
    await expect(badge).to.be.accessible();
    await writeTo(backend, 'm2', 'm1');
    await waitUntil(() => nameOf(badge) === 'Conversations, 1 unread', undefined, { timeout: 3000 });
    await expect(badge).to.be.accessible();
  });
});
