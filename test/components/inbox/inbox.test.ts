import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-inbox.js';
import type { ConvInbox } from '../../../src/components/inbox/inbox.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import { ConvConversationStartedEvent } from '../../../src/events/conversation-started.js';
import { messageInput, pickWithKeyboard, recipientInput, sendButton } from '../compose/setup.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from './harness.js';

ignoreResizeObserverLoopNotice();

function list(inbox: ConvInbox): ConvConversationList {
  return inbox.shadowRoot!.querySelector('conv-conversation-list')!;
}

function thread(inbox: ConvInbox): ConvThread {
  return inbox.shadowRoot!.querySelector('conv-thread')!;
}

function rows(inbox: ConvInbox): HTMLElement[] {
  return [...list(inbox).shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function bodies(inbox: ConvInbox): string[] {
  return [...thread(inbox).shadowRoot!.querySelectorAll('[part="body"]')].map((body) => body.textContent!);
}

/** The element that has focus, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function visible(element: Element): boolean {
  return element.getClientRects().length > 0;
}

describe('<conv-inbox>', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('with the keyboard alone: sees unread first, opens, reads, replies, and the other member sees it live', async () => {
    const quiet = await portal.start('m1', [{ kind: 'member', id: 'm3' }], 'Old news');
    const busy = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Are you coming on Friday?');
    const ada = await portal.client('m1');
    const grace = await portal.client('m2');
    const watchUnread = ada.unread.subscribe(() => undefined);
    const inbox = await mount<ConvInbox>(ada, html`<conv-inbox></conv-inbox>`);
    const other = await mount<ConvInbox>(grace, html`<conv-inbox conversation=${busy.id}></conv-inbox>`);
    await until(() => rows(inbox).length === 2, 'two conversations');
    expect(rows(inbox).map((row) => row.dataset.id)).to.deep.equal([busy.id, quiet.id]);
    expect(rows(inbox)[0].classList.contains('unread')).to.equal(true);
    await until(() => ada.unread.value.total === 1, 'one unread');
    await expect(inbox).to.be.accessible();

    // Tab: "Start conversation", then the list's one tab stop (the newest conversation).
    inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part="start"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.getAttribute('data-id')).to.equal(busy.id);
    await sendKeys({ press: 'Enter' });
    await until(() => inbox.getAttribute('conversation') === busy.id, 'the reflected attribute');
    await until(() => bodies(inbox).includes('Are you coming on Friday?'), 'the thread');
    await until(() => ada.unread.value.total === 0, 'the conversation read');
    await until(() => !rows(inbox)[0].classList.contains('unread'), 'the row no longer unread');

    // On to the reply box: report button, message log, report message, reply.
    for (let step = 0; step < 8 && deepActive()?.getAttribute('part') !== 'input'; step++) {
      await sendKeys({ press: 'Tab' });
    }
    expect(deepActive()?.getAttribute('part')).to.equal('input');
    await sendKeys({ type: 'Yes, see you there' });
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(inbox).includes('Yes, see you there'), 'my reply');
    await until(() => bodies(other).includes('Yes, see you there'), 'the reply at Grace’s, live');
    await expect(inbox).to.be.accessible();
    watchUnread();
  });

  it('deep-links to a conversation and reflects the one the member opens', async () => {
    const first = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'First');
    const second = await portal.start('m3', [{ kind: 'member', id: 'm1' }], 'Second');
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox conversation=${first.id}></conv-inbox>`);
    await until(() => bodies(inbox).includes('First'), 'the linked thread');
    await until(() => rows(inbox).length === 2, 'the list');
    expect(list(inbox).selected).to.equal(first.id);
    const selectedRow = rows(inbox).find((row) => row.getAttribute('aria-selected') === 'true')!;
    expect(selectedRow.dataset.id).to.equal(first.id);

    rows(inbox)
      .find((row) => row.dataset.id === second.id)!
      .click();
    await until(() => inbox.getAttribute('conversation') === second.id, 'the attribute');
    await until(() => bodies(inbox).includes('Second'), 'the other thread');
    expect(bodies(inbox)).not.to.include('First');

    // A page following the attribute: setting it opens that conversation.
    inbox.setAttribute('conversation', first.id);
    await until(() => bodies(inbox).includes('First'), 'the thread again');
  });

  it('shows one pane at a time when narrow, with a way back', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Narrow hello');
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, { width: '360px' });
    await until(() => rows(inbox).length === 1, 'the list');
    const listPane = inbox.shadowRoot!.querySelector('[part="list-pane"]')!;
    const threadPane = inbox.shadowRoot!.querySelector('[part="thread-pane"]')!;
    expect(visible(listPane)).to.equal(true);
    expect(visible(threadPane)).to.equal(false);
    await expect(inbox).to.be.accessible();

    rows(inbox)[0].focus();
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(inbox).includes('Narrow hello'), 'the thread');
    expect(visible(listPane)).to.equal(false);
    expect(visible(threadPane)).to.equal(true);
    await until(() => deepActive()?.getAttribute('part') === 'input', 'focus in the reply box');
    await expect(inbox).to.be.accessible();

    const back = inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part="back"]')!;
    expect(back.textContent!.trim()).to.equal('Back to conversations');
    back.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => visible(listPane), 'the list again');
    expect(inbox.hasAttribute('conversation')).to.equal(false);
    await until(() => deepActive()?.getAttribute('data-id') === conversation.id, 'focus on the row');
  });

  it('shows both panes side by side when wide, without the back button', async () => {
    await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Wide hello');
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, { width: '900px' });
    await until(() => rows(inbox).length === 1, 'the list');
    const listPane = inbox.shadowRoot!.querySelector('[part="list-pane"]')!;
    const threadPane = inbox.shadowRoot!.querySelector('[part="thread-pane"]')!;
    expect(visible(listPane) && visible(threadPane)).to.equal(true);
    expect(listPane.getBoundingClientRect().right).to.be.at.most(threadPane.getBoundingClientRect().left + 1);
    expect(visible(inbox.shadowRoot!.querySelector('[part="back"]')!)).to.equal(false);
    expect(thread(inbox).shadowRoot!.textContent).to.contain('Choose a conversation');
    await expect(inbox).to.be.accessible();
  });

  it('"Start conversation" opens compose; what it starts opens in the inbox, with the keyboard alone', async () => {
    // m3 manages no group, so compose goes straight from recipients to the message.
    const client = await portal.client('m3');
    const inbox = await mount<ConvInbox>(
      client,
      html`<conv-inbox code-of-conduct-href="https://portal.example/conduct"></conv-inbox>`,
    );
    await until(
      () => list(inbox).shadowRoot!.textContent!.includes('No conversations yet.'),
      'the empty state',
    );
    await expect(inbox).to.be.accessible();
    const start = inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part="start"]')!;
    start.focus();
    const request = oneEvent(inbox, 'conv-start-conversation-request');
    await sendKeys({ press: 'Enter' });
    expect((await request).cancelable).to.equal(true);

    await until(
      () => inbox.shadowRoot!.querySelector<ConvCompose>('conv-compose')?.open === true,
      'compose open',
    );
    const compose = inbox.shadowRoot!.querySelector<ConvCompose>('conv-compose')!;
    await until(() => deepActive() === recipientInput(compose), 'focus in the recipient search');
    await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'New one' });
    await until(() => deepActive() === messageInput(compose), 'focus in the message');
    sendButton(compose).focus();
    await sendKeys({ press: 'Enter' });

    await until(
      () => inbox.conversation !== undefined && inbox.conversation !== '',
      'the new conversation open',
    );
    await until(() => bodies(inbox).includes('New one'), 'its thread');
    expect(compose.open).to.equal(false);
    const page = await portal.backend.adapterFor('m2').listConversations();
    expect(page.items.map((conversation) => conversation.id)).to.deep.equal([inbox.conversation]);
  });

  it('leaves "Start conversation" to the page when the page cancels the request', async () => {
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`);
    inbox.addEventListener('conv-start-conversation-request', (event) => event.preventDefault());
    const request = oneEvent(inbox, 'conv-start-conversation-request');
    inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part="start"]')!.click();
    await request;
    await inbox.updateComplete;
    expect(inbox.shadowRoot!.querySelector('conv-compose')).to.equal(null);
  });

  it('opens a conversation that a compose inside it announces', async () => {
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`);
    const started = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Announced',
    });
    inbox
      .shadowRoot!.querySelector('[part="toolbar"]')!
      .dispatchEvent(new ConvConversationStartedEvent(started.conversation, started.message));
    await until(() => inbox.conversation === started.conversation.id, 'the announced conversation open');
    await until(() => bodies(inbox).includes('Announced'), 'its thread');
  });

  it('a conversation sent to a group reaches its members, who reply; outsiders see nothing', async () => {
    const toGroup = await portal.start(
      'm4',
      [{ kind: 'group', id: 'g1' }],
      'Question for the documentation team',
    );
    const grace = await portal.client('m2');
    const alan = await portal.client('m3');
    const outsider = await portal.client('m7');
    const graceInbox = await mount<ConvInbox>(grace, html`<conv-inbox></conv-inbox>`);
    const alanInbox = await mount<ConvInbox>(
      alan,
      html`<conv-inbox conversation=${toGroup.id}></conv-inbox>`,
    );
    const outsiderInbox = await mount<ConvInbox>(outsider, html`<conv-inbox></conv-inbox>`);
    await until(() => rows(graceInbox).length === 1, 'the group conversation at Grace’s');
    const name = rows(graceInbox)[0].querySelector('[part="name"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(name).to.equal('Zoë Müller and Documentation team group');

    rows(graceInbox)[0].click();
    await until(() => bodies(graceInbox).includes('Question for the documentation team'), 'the thread');
    const input = thread(graceInbox).shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    input.focus();
    await sendKeys({ type: 'I can answer that' });
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(alanInbox).includes('I can answer that'), 'the reply at Alan’s, live');

    await until(
      () => list(outsiderInbox).shadowRoot!.textContent!.includes('No conversations yet.'),
      'empty',
    );
    expect(outsiderInbox.shadowRoot!.textContent).not.to.contain('documentation');
    outsiderInbox.conversation = toGroup.id;
    const alert = await until(
      () => thread(outsiderInbox).shadowRoot!.querySelector('[role="alert"]'),
      'not found',
    );
    expect(alert.textContent!.trim()).to.equal('This conversation cannot be found.');
  });

  for (const [label, options] of [
    ['dark', { dark: true }],
    ['right to left', { dir: 'rtl' as const }],
    ['dark, right to left and narrow', { dark: true, dir: 'rtl' as const, width: '360px' }],
  ] as const) {
    it(`passes axe ${label}`, async () => {
      const conversation = await portal.start('m5', [{ kind: 'member', id: 'm1' }], 'مرحبا');
      await portal.send('m1', conversation.id, 'Hello Layla');
      const client = await portal.client('m1');
      const inbox = await mount<ConvInbox>(
        client,
        html`<conv-inbox conversation=${conversation.id}></conv-inbox>`,
        options,
      );
      await until(() => bodies(inbox).length === 2, 'the thread');
      await until(() => rows(inbox).length === 1 || !visible(list(inbox)), 'the list');
      const dark = 'dark' in options && options.dark;
      expect(getComputedStyle(inbox).backgroundColor).to.equal(
        dark ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)',
      );
      await expect(inbox).to.be.accessible();
    });
  }
});
