/**
 * The list's part of presence: mark a read row unread with U (S31), which puts the envelope's
 * count back; a muted conversation keeps its count, said as muted, out of the total (S29); a
 * conversation the member left leaves the list (S29). Axe in each state, light, dark and RTL.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-conversation-list.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from '../inbox/harness.js';

function rows(list: ConvConversationList): HTMLElement[] {
  return [...list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function rowFor(list: ConvConversationList, id: string): HTMLElement | undefined {
  return rows(list).find((row) => row.dataset.id === id);
}

ignoreResizeObserverLoopNotice();

describe('<conv-conversation-list> presence', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('U marks the focused read row unread: its count and the envelope’s total come back', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Read me later');
    const client = await portal.client('m1');
    // The envelope's total is kept while someone shows it.
    const stopWatching = client.unread.subscribe(() => undefined);
    await client.markRead(conversation.id);
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(list).length === 1, 'the row');
    expect(rowFor(list, conversation.id)!.getAttribute('aria-keyshortcuts')).to.equal('U');
    expect(client.unread.value.total).to.equal(0);
    await sendKeys({ press: 'Tab' });
    expect(list.shadowRoot!.activeElement).to.equal(rowFor(list, conversation.id));
    await sendKeys({ press: 'u' });
    await until(() => rowFor(list, conversation.id)!.classList.contains('unread'), 'shown unread');
    expect(rowFor(list, conversation.id)!.querySelector('[part="unread"]')!.textContent).to.contain(
      '1 unread',
    );
    await until(() => client.unread.value.total === 1, 'the envelope’s total');
    expect(rowFor(list, conversation.id)!.hasAttribute('aria-keyshortcuts')).to.equal(false);
    await expect(list).to.be.accessible();
    stopWatching();
  });

  it('a muted conversation keeps its count, says it is muted, and leaves the total', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Noise');
    await portal.send('m2', conversation.id, 'More noise');
    const client = await portal.client('m1');
    const stopWatching = client.unread.subscribe(() => undefined);
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
      {
        dark: true,
        dir: 'rtl',
      },
    );
    await until(() => rows(list).length === 1, 'the row');
    await until(() => client.unread.value.total === 2, 'counted before muting');
    await client.setMuted(conversation.id, true);
    const row = rowFor(list, conversation.id)!;
    await until(() => row.querySelector('[part="muted"]')?.textContent === 'Muted', 'said as muted');
    expect(row.querySelector('[part="unread"]')!.textContent).to.contain('2 unread');
    await until(() => client.unread.value.total === 0, 'out of the total');
    await expect(list).to.be.accessible();
    stopWatching();
  });

  it('a conversation the member left goes from their list, in every tab', async () => {
    const conversation = await portal.start(
      'm1',
      ['m2', 'm3'].map((id) => ({ kind: 'member' as const, id })),
      'Us',
    );
    const here = await portal.client('m2');
    const otherTab = await portal.client('m2');
    const list = await mount<ConvConversationList>(
      otherTab,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(list).length === 1, 'the row');
    await here.leave(conversation.id);
    await until(() => rows(list).length === 0, 'gone from the other tab’s list');
    expect((await otherTab.adapter.listConversations()).items).to.have.length(0);
  });

  it('the others’ row says who left, as the thread does, where the preview would be', async () => {
    const conversation = await portal.start(
      'm1',
      ['m2', 'm3'].map((id) => ({ kind: 'member' as const, id })),
      'Us',
    );
    const list = await mount<ConvConversationList>(
      await portal.client('m1'),
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(list).length === 1, 'the row');
    const leaver = await portal.client('m2');
    const name = (await leaver.adapter.getViewer()).member.name;
    await leaver.leave(conversation.id);
    await until(
      () =>
        rowFor(list, conversation.id)!.querySelector('[part="preview"]')!.textContent!.trim() ===
        `${name} left the conversation`,
      'the preview saying who left',
    );
    await expect(list).to.be.accessible();
  });
});
