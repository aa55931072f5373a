/**
 * S16, S17 in the elements: a blocked or a deleted member in the list and the thread, messages
 * erased in place, and a conversation with nobody left to answer. Keyboard only; axe in light,
 * dark and right to left.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-thread.js';
import '../../../src/define/conv-conversation-list.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { mount, openPortal, until, type Portal } from '../inbox/harness.js';

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('blocked and deleted members in the elements', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('a deleted member reads "Deleted member" in the list and the thread; erased messages in place; no reply box', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Something personal');
    await portal.send('m1', conversation.id, 'Noted, thanks');
    await portal.backend.deleteMember('m2', { eraseMessages: true });
    const client = await portal.client('m1');

    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => list.shadowRoot!.querySelector('[part~="row"]') !== null, 'the row');
    const row = list.shadowRoot!.querySelector('[part~="row"]')!;
    expect(text(row.querySelector('[part="name"]'))).to.equal('Deleted member');
    expect(text(row.querySelector('[part="avatar"]'))).to.equal('DM');
    await expect(list).to.be.accessible();

    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => thread.shadowRoot!.querySelectorAll('[part~="message"]').length === 2, 'two messages');
    const [erased, kept] = thread.shadowRoot!.querySelectorAll('[part~="message"]');
    expect(text(erased!.querySelector('[part="author"]'))).to.equal('Deleted member');
    expect(text(erased!.querySelector('[part~="body"]'))).to.equal('Message deleted');
    expect(erased!.textContent).not.to.include('Something personal');
    expect(text(kept!.querySelector('[part~="body"]'))).to.equal('Noted, thanks');
    expect(text(thread.shadowRoot!.querySelector('[part="title"]'))).to.equal('Deleted member');
    expect(thread.shadowRoot!.querySelector('textarea')).to.equal(null);
    expect(text(thread.shadowRoot!.querySelector('[part="reply-unavailable"]'))).to.include(
      'No reply is possible',
    );

    // The keyboard reaches the log and the report button, never a reply box.
    const log = thread.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    log.focus();
    await sendKeys({ press: 'Tab' });
    expect(thread.shadowRoot!.activeElement?.tagName).not.to.equal('TEXTAREA');
    await expect(thread).to.be.accessible();
  });

  it('a blocked member reads "Blocked member" until unblocked; sending to them says why', async () => {
    const conversation = await portal.start('m3', [{ kind: 'member', id: 'm1' }], 'Hello Ada');
    await portal.backend.blockMember('m3');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        dir: 'rtl',
        dark: true,
      },
    );
    await until(() => thread.shadowRoot!.querySelectorAll('[part~="message"]').length === 1, 'the message');
    expect(text(thread.shadowRoot!.querySelector('[part="title"]'))).to.equal('Blocked member');
    expect(text(thread.shadowRoot!.querySelector('[part="author"]'))).to.equal('Blocked member');
    await expect(thread).to.be.accessible();

    const area = thread.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!;
    area.focus();
    await sendKeys({ type: 'Are you there?' });
    await sendKeys({ press: 'Enter' });
    await until(
      () => (thread.shadowRoot!.textContent ?? '').includes('cannot receive messages'),
      'the refusal, naming why',
    );
    await portal.backend.unblockMember('m3');
    await client.refresh();
    await until(
      () => text(thread.shadowRoot!.querySelector('[part="title"]')) !== 'Blocked member',
      'the name back',
    );
  });
});
