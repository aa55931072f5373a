/**
 * What the walkthrough saw, measured as a member sees it: the list's width at 1,280 px, "group"
 * tags next to mixed-direction names, the empty state's button against its text, and the
 * thread's header and "Start conversation" on a 390 px phone.
 */
import { expect, html } from '@open-wc/testing';
import '../../../src/define/conv-inbox.js';
import type { ConvInbox } from '../../../src/components/inbox/inbox.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from './harness.js';

ignoreResizeObserverLoopNotice();

function list(inbox: ConvInbox): ConvConversationList {
  return inbox.shadowRoot!.querySelector('conv-conversation-list')!;
}

function part(root: Element, name: string): HTMLElement {
  return root.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
}

describe('<conv-inbox> layout', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('at 1,280 px the list takes a share that grows with the inbox, and a portal can set it', async () => {
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, { width: '1280px' });
    const pane = part(inbox, 'list-pane');
    expect(pane.getBoundingClientRect().width).to.be.within(430, 470);
    inbox.style.setProperty('--conv-inbox-list-size', '50%');
    expect(pane.getBoundingClientRect().width).to.be.within(630, 650);
    inbox.style.setProperty('--conv-inbox-list-size', '20rem');
    expect(pane.getBoundingClientRect().width).to.be.within(319, 321);
  });

  for (const dir of ['ltr', 'rtl'] as const) {
    it(`never cuts a "group" tag beside a right-to-left name (${dir}, narrow)`, async () => {
      // m5 has an Arabic name; g2 is a group (m4 manages it).
      await portal.start(
        'm1',
        [
          { kind: 'member', id: 'm5' },
          { kind: 'group', id: 'g2' },
        ],
        'Hello both',
      );
      const client = await portal.client('m4');
      const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, { width: '300px', dir });
      const row = await until(() => part(list(inbox), 'row'), 'the row');
      const name = row.querySelector<HTMLElement>('[part="name"]')!;
      const tag = await until(() => name.querySelector<HTMLElement>('.kind'), 'the group tag');
      const box = name.getBoundingClientRect();
      const tagBox = tag.getBoundingClientRect();
      expect(
        tagBox.left >= box.left - 0.5 && tagBox.right <= box.right + 0.5,
        'the tag is inside the line',
      ).to.equal(true);
      expect(tag.scrollWidth).to.be.at.most(tag.clientWidth + 1);
      expect(tag.textContent).to.equal('group');
    });
  }

  it('lines the empty state’s button up with its text', async () => {
    const client = await portal.client('m12');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`);
    const status = await until(
      () => list(inbox).shadowRoot!.querySelector<HTMLElement>('[part="status"]:not([role])'),
      'empty',
    );
    const button = list(inbox).shadowRoot!.querySelector<HTMLElement>('.actions button')!;
    const textStart = status.getBoundingClientRect().left + parseFloat(getComputedStyle(status).paddingLeft);
    expect(Math.abs(button.getBoundingClientRect().left - textStart)).to.be.below(1);
  });

  it('at 390 px gives the names a row, the header’s actions one row below, and "Start conversation" one line', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hello');
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, {
      width: '390px',
      height: '700px',
    });
    const start = part(inbox, 'start');
    const line = parseFloat(getComputedStyle(start).lineHeight) || 20;
    expect(start.getBoundingClientRect().height).to.be.below(line * 2);
    inbox.conversation = conversation.id;
    const thread = inbox.shadowRoot!.querySelector<ConvThread>('conv-thread')!;
    const header = await until(
      () => thread.shadowRoot!.querySelector<HTMLElement>('[part="header"]'),
      'header',
    );
    await until(() => part(thread, 'block-button'), 'the Block action');
    const titlePart = part(thread, 'title');
    const title = titlePart.getBoundingClientRect();
    // The names whole, not cut beside the actions; the actions (report, mute, block) on one row of
    // their own under them, rather than a name squeezed to a word and a Block that wraps.
    expect(titlePart.scrollHeight, 'the names are not cut').to.be.at.most(titlePart.clientHeight + 1);
    const actions = [...header.querySelectorAll(':scope > button')].map((b) => b.getBoundingClientRect());
    expect(actions.length, 'report, mute and block').to.be.at.least(3);
    expect(actions[0]!.top, 'the actions start under the names').to.be.at.least(title.bottom - 1);
    for (const action of actions) expect(Math.abs(action.top - actions[0]!.top), 'one row').to.be.below(1);
    // A row of names and a row of actions (72 px here), and with the way back no taller than before.
    expect(header.getBoundingClientRect().height).to.be.below(80);
    const back = part(inbox, 'back').getBoundingClientRect();
    expect(header.getBoundingClientRect().bottom - back.top, 'back and header together').to.be.below(110);
  });
});
