/** S18 in the list: which group a manager's conversation is for, and "My groups" with unread per group. */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-conversation-list.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { mount, openPortal, until, type Portal } from '../inbox/harness.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';

function names(list: ConvConversationList): string[] {
  return [...list.shadowRoot!.querySelectorAll('[part~="row"] [part="name"]')].map((n) =>
    n.textContent!.replace(/\s+/g, ' ').trim(),
  );
}

describe('<conv-conversation-list> group filter (S18)', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  for (const look of [{}, { dark: true }, { dir: 'rtl' as const, dark: true }]) {
    it(`a manager filters by group with the keyboard, with unread per group ${JSON.stringify(look)}`, async () => {
      await portal.start('m5', [{ kind: 'group', id: 'g1' }], 'For the docs team');
      await portal.start('m4', [{ kind: 'member', id: 'm1' }], 'Just for Ada');
      await portal.backend.setGroupReaders('g1', 'managers');
      const client = await portal.client('m1');
      const list = await mount<ConvConversationList>(
        client,
        html`<conv-conversation-list></conv-conversation-list>`,
        look,
      );
      await until(() => names(list).length === 2, 'both rows');
      const mark = list.shadowRoot!.querySelector('[part="group"]');
      expect(mark?.textContent?.trim()).to.equal('For Documentation team');

      const select = list.shadowRoot!.querySelector<HTMLSelectElement>('[part="group-filter"] select')!;
      await until(
        () => select.options[1]?.textContent?.includes('1 unread message') ?? false,
        'unread per group',
      );
      await expect(list).to.be.accessible();

      select.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => names(list).length === 1, 'only the group’s conversation');
      expect(names(list)[0]).to.include('Documentation team');
      await expect(list).to.be.accessible();
      await sendKeys({ press: 'ArrowUp' });
      await until(() => names(list).length === 2, 'all conversations again');
    });
  }

  it('a plain member of a managers-only group sees neither its conversations nor the group in the filter', async () => {
    await portal.start('m5', [{ kind: 'group', id: 'g1' }], 'For the docs team');
    await portal.backend.setGroupReaders('g1', 'managers');
    const client = await portal.client('m2');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => list.shadowRoot!.querySelector('[part="status"]') !== null, 'the empty list');
    expect(names(list)).to.deep.equal([]);
    expect(list.shadowRoot!.querySelector('[part="group-filter"]')).to.equal(null);
  });

  it('asks for the unread per group only once the list’s page has arrived, so that it never holds the page up', async () => {
    await portal.start('m5', [{ kind: 'group', id: 'g1' }], 'For the docs team');
    const adapter = portal.backend.adapterFor('m1');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let pageArrived = false;
    /** For each request of the counts per group: whether the page had arrived. */
    const asked: boolean[] = [];
    const list = adapter.listConversations.bind(adapter);
    adapter.listConversations = async (options) => {
      await held;
      const page = await list(options);
      pageArrived = true;
      return page;
    };
    const summary = adapter.getUnreadSummary.bind(adapter);
    adapter.getUnreadSummary = (options) => {
      if (options?.byGroup) asked.push(pageArrived);
      return summary(options);
    };
    const cacheName = uniqueDatabaseName('conv-cache-m1');
    const client = new ConversationsClient(adapter, { cacheName });
    try {
      await client.connect();
      const element = await mount<ConvConversationList>(
        client,
        html`<conv-conversation-list></conv-conversation-list>`,
      );
      await until(() => client.unread.value.total > 0, 'the unread totals');
      for (let frame = 0; frame < 10; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(asked).to.deep.equal([]);
      release();
      const select = await until(
        () => element.shadowRoot!.querySelector<HTMLSelectElement>('[part="group-filter"] select'),
        'the group filter',
      );
      await until(
        () => select.options[1]?.textContent?.includes('1 unread message') ?? false,
        'unread per group',
      );
      expect(asked.length).to.be.greaterThan(0);
      expect(asked.every((arrived) => arrived)).to.equal(true);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });
});
