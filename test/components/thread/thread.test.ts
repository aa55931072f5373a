import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-thread.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { ForbiddenError, UnavailableError } from '../../../src/core/errors.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import { failing } from '../../helpers/faults.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';
import { mount, openPortal, until, untilAsync, type Portal } from '../inbox/harness.js';

function messages(thread: ConvThread): HTMLElement[] {
  return [...thread.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')];
}

function bodies(thread: ConvThread): string[] {
  return messages(thread).map((item) => item.querySelector('[part="body"]')!.textContent!);
}

function reply(thread: ConvThread): HTMLTextAreaElement {
  return thread.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
}

function counter(thread: ConvThread): string {
  return thread.shadowRoot!.querySelector('[part="counter"]')!.textContent!.trim();
}

function announcer(thread: ConvThread): string {
  return thread.shadowRoot!.querySelector('.visually-hidden[role="status"]')!.textContent!.trim();
}

function typeInto(area: HTMLTextAreaElement, text: string): void {
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

describe('<conv-thread>', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('shows the participants, then the messages with author and time, grouping consecutive ones', async () => {
    const conversation = await portal.start(
      'm2',
      [
        { kind: 'member', id: 'm1' },
        { kind: 'group', id: 'g2' },
      ],
      'Hello both',
    );
    await portal.send('m2', conversation.id, 'Still me');
    await portal.send('m4', conversation.id, 'Speaking for the organisers', 'g2');
    await portal.send('m1', conversation.id, 'Thanks!');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 4, 'four messages');

    const title = thread.shadowRoot!.querySelector('[part="title"]')!;
    expect(title.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Grace Hopper and Event organisers group',
    );
    expect(bodies(thread)).to.deep.equal([
      'Hello both',
      'Still me',
      'Speaking for the organisers',
      'Thanks!',
    ]);
    const [first, second, third, fourth] = messages(thread);
    expect(first.querySelector('[part="author"]')!.textContent).to.equal('Grace Hopper');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    // The second is grouped under the first: its byline is there for screen readers only.
    expect(second.classList.contains('grouped')).to.equal(true);
    expect(second.querySelector('.meta')!.classList.contains('visually-hidden')).to.equal(true);
    expect(third.querySelector('[part="author"]')!.textContent).to.equal('Zoë Müller for Event organisers');
    expect(fourth.getAttribute('part')).to.equal('message message-own');
    expect(fourth.querySelector('[part="author"]')!.textContent).to.equal('You');
    const log = thread.shadowRoot!.querySelector('[role="log"]')!;
    expect(log.contains(first)).to.equal(true);
    await expect(thread).to.be.accessible();
  });

  it('sends with Enter, breaks lines with Shift+Enter, and the other member sees it live', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hi Ada');
    const ada = await portal.client('m1');
    const grace = await portal.client('m2');
    const mine = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const theirs = await mount<ConvThread>(
      grace,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(mine).length === 1 && messages(theirs).length === 1, 'both threads');

    reply(mine).focus();
    expect(counter(mine)).to.equal('1,000 characters left');
    await sendKeys({ type: 'Line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'Line two 😀' });
    await mine.updateComplete;
    // Code points, not UTF-16 units: the emoji is one character.
    expect(counter(mine)).to.equal(`${1000 - 'Line one\nLine two 😀'.length + 1} characters left`);
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(mine).includes('Line one\nLine two 😀'), 'my message');
    expect(reply(mine).value).to.equal('');
    await until(() => bodies(theirs).includes('Line one\nLine two 😀'), 'their copy, live');
    // Grace hears Ada's message; Ada does not hear her own echo.
    await until(() => announcer(theirs) === 'Ada Lovelace: Line one\nLine two 😀', 'the announcement');
    expect(announcer(mine)).to.equal('');
    const own = messages(mine).at(-1)!;
    await until(() => own.textContent!.includes('Sent'), 'the sent state');
    await expect(mine).to.be.accessible();
  });

  it('refuses a message over the limit with the reason, and sends nothing', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hi');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 1, 'the thread');
    typeInto(reply(thread), '😀'.repeat(1000));
    await thread.updateComplete;
    expect(counter(thread)).to.equal('0 characters left');
    typeInto(reply(thread), 'x'.repeat(1003));
    await thread.updateComplete;
    expect(counter(thread)).to.equal('3 characters too many');
    expect(reply(thread).getAttribute('aria-invalid')).to.equal('true');
    expect(reply(thread).hasAttribute('maxlength')).to.equal(false);
    reply(thread).focus();
    await sendKeys({ press: 'Enter' });
    await thread.updateComplete;
    const alert = thread.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.equal('A message holds at most 1,000 characters; this one has 1,003.');
    expect(reply(thread).value).to.have.length(1003);
    expect(messages(thread)).to.have.length(1);
    await expect(thread).to.be.accessible();
    // An empty message is refused too.
    typeInto(reply(thread), '   ');
    thread.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await thread.updateComplete;
    expect(alert.textContent).to.equal('Write a message first.');
    const page = await client.adapter.listMessages(conversation.id);
    expect(page.items).to.have.length(1);
  });

  it('marks the conversation read once its newest message is on screen', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'One');
    await portal.send('m2', conversation.id, 'Two');
    const client = await portal.client('m1');
    // The totals load when someone watches them, as the envelope badge does.
    const stopWatching = client.unread.subscribe(() => undefined);
    await until(() => client.unread.value.total === 2, 'two unread');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 2, 'the messages');
    await until(() => client.unread.value.total === 0, 'everything read');
    expect(client.activeConversation.value).to.equal(conversation.id);
    const fromBackend = await client.adapter.getUnreadSummary();
    expect(fromBackend.total).to.equal(0);
    // A message arriving while the thread is on screen is read at once too.
    await portal.send('m2', conversation.id, 'Three');
    await until(() => bodies(thread).includes('Three'), 'the new message');
    // The backend saw the new message as read by Ada: only a read-changed event makes it zero.
    const ada = portal.backend.adapterFor('m1');
    await untilAsync(async () => {
      const listed = await ada.getConversation(conversation.id);
      return listed.lastMessage?.body === 'Three' && listed.unreadCount === 0;
    }, 'the new message read');
    ada.close?.();
    thread.remove();
    expect(client.activeConversation.value).to.equal(undefined);
    stopWatching();
  });

  it('loads older messages as the member scrolls up, keeping their place', async function () {
    // Hundreds of writes to set up first: more than the default on a busy machine.
    this.timeout(60_000);
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Message 0');
    for (let n = 1; n <= 200; n++) await portal.send(n % 3 ? 'm2' : 'm1', conversation.id, `Message ${n}`);
    const client = await portal.client('m1', { pageSize: 30 });
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        height: '400px',
      },
    );
    await until(() => messages(thread).length === 30, 'the newest page');
    const log = thread.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    await until(
      () => log.scrollTop > 0 && log.scrollHeight - log.scrollTop - log.clientHeight < 2,
      'the bottom',
    );
    expect(bodies(thread).at(-1)).to.equal('Message 200');

    // Keyboard: the log takes focus and Home scrolls to the top, which asks for the older page.
    log.focus();
    const anchor = messages(thread)[0];
    expect(anchor.querySelector('[part="body"]')!.textContent).to.equal('Message 171');
    await sendKeys({ press: 'Home' });
    await until(() => log.scrollTop === 0 || messages(thread).length > 30, 'the top');
    await until(() => messages(thread).length === 60, 'the older page');
    await thread.updateComplete;
    // The message that was at the top is still at the top of the viewport, not thrown away.
    const logTop = log.getBoundingClientRect().top;
    const anchorTop = anchor.getBoundingClientRect().top;
    expect(Math.abs(anchorTop - logTop)).to.be.below(80);
    expect(log.scrollTop).to.be.above(0);

    // Scroll to the very beginning, a page at a time.
    for (let pages = 0; pages < 10 && messages(thread).length < 201; pages++) {
      const count = messages(thread).length;
      log.scrollTop = 0;
      await until(() => messages(thread).length > count, 'another page');
    }
    expect(messages(thread)).to.have.length(201);
    expect(bodies(thread)[0]).to.equal('Message 0');
    await until(() => !thread.shadowRoot!.querySelector('.older'), 'no more older messages');
    await expect(thread).to.be.accessible();
  });

  it('shows a failed message with retry and discard', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hi');
    const adapter = portal.backend.adapterFor('m1');
    let refusing = true;
    const refusingAdapter = failing(adapter, 'sendMessage', () =>
      refusing ? new ForbiddenError('not-allowed', 'The portal refused this message.') : undefined,
    );
    const cacheName = uniqueDatabaseName('conv-cache-refusing');
    const client = new ConversationsClient(refusingAdapter, { cacheName });
    try {
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      );
      await until(() => messages(thread).length === 1, 'the thread');
      for (const text of ['First try', 'Second try']) {
        typeInto(reply(thread), text);
        reply(thread).focus();
        await sendKeys({ press: 'Enter' });
        await until(() => bodies(thread).includes(text), `"${text}" in the thread`);
      }
      await until(
        () => messages(thread).filter((item) => item.classList.contains('failed')).length === 2,
        'failed',
      );
      const [firstFailed, secondFailed] = messages(thread).filter((item) =>
        item.classList.contains('failed'),
      );
      expect(firstFailed.textContent).to.contain('Not sent: The portal refused this message.');
      await expect(thread).to.be.accessible();

      refusing = false;
      const retry = [...firstFailed.querySelectorAll('button')].find(
        (button) => button.textContent!.trim() === 'Try again',
      )!;
      retry.click();
      await until(
        () =>
          bodies(thread).filter((text) => text === 'First try').length === 1 &&
          !messages(thread).find(
            (item) => item.classList.contains('failed') && item.textContent!.includes('First try'),
          ),
        'the retried message',
      );
      const discard = [...secondFailed.querySelectorAll('button')].find(
        (button) => button.textContent!.trim() === 'Discard',
      )!;
      discard.click();
      await until(() => !bodies(thread).includes('Second try'), 'the discarded message gone');
      const page = await adapter.listMessages(conversation.id);
      expect(page.items.map((message) => message.body)).to.deep.equal(['Hi', 'First try']);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });

  it('says messages wait while the service cannot be reached, then sends them once, in order', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hi');
    const adapter = portal.backend.adapterFor('m1');
    let reachable = false;
    const flakyAdapter = failing(adapter, 'sendMessage', () =>
      reachable ? undefined : new UnavailableError(),
    );
    const cacheName = uniqueDatabaseName('conv-cache-unreachable');
    const client = new ConversationsClient(flakyAdapter, { cacheName });
    try {
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      );
      await until(() => messages(thread).length === 1, 'the thread');
      for (const text of ['While away', 'And another']) {
        typeInto(reply(thread), text);
        reply(thread).focus();
        await sendKeys({ press: 'Enter' });
        await until(() => bodies(thread).includes(text), `"${text}" in the thread`);
      }
      // Both wait: the first could not be delivered, and the second goes out after it.
      const waiting = () => messages(thread).filter((item) => item.classList.contains('pending'));
      await until(
        () =>
          waiting().length === 2 &&
          waiting().every((item) =>
            item.textContent!.includes('Not sent yet. It will be sent automatically.'),
          ),
        'the messages saying they wait',
      );
      expect(waiting().some((item) => item.querySelector('button'))).to.equal(false);
      await expect(thread).to.be.accessible();

      // Back online: the outbox sends it by itself, once.
      reachable = true;
      window.dispatchEvent(new Event('online'));
      await untilAsync(
        async () =>
          (await adapter.listMessages(conversation.id)).items.filter(
            (message) => message.body === 'While away',
          ).length === 1,
        'the message delivered',
      );
      await until(() => !thread.shadowRoot!.textContent!.includes('Not sent yet'), 'the waiting note gone');
      expect(bodies(thread)).to.deep.equal(['Hi', 'While away', 'And another']);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });

  it('reports a message with a reason, confirms, and returns focus', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Something rude');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 1, 'the thread');
    const opener = [...messages(thread)[0].querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === 'Report message',
    )!;
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = thread.shadowRoot!.querySelector<HTMLDialogElement>('[part="dialog"]')!;
    await until(() => dialog.open, 'the dialog');
    await thread.updateComplete;
    const reason = thread.shadowRoot!.querySelector<HTMLTextAreaElement>('#report-reason')!;
    expect(thread.shadowRoot!.activeElement).to.equal(reason);
    expect(dialog.querySelector('h2')!.textContent!.trim()).to.equal('Report this message');
    await expect(thread).to.be.accessible();

    // Without a reason it is refused, with the reason why.
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await thread.updateComplete;
    expect(dialog.querySelector('[role="alert"]')!.textContent).to.equal(
      'Say briefly why you are reporting this.',
    );
    expect(await portal.backend.listReports()).to.have.length(0);

    reason.focus();
    await sendKeys({ type: 'Insulting' });
    setTimeout(() => dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    const reported = await oneEvent(thread, 'conv-report');
    expect(reported.detail.target).to.deep.equal({
      kind: 'message',
      conversationId: conversation.id,
      messageId: messages(thread).length ? client.thread(conversation.id).value.messages[0].id : '',
    });
    await thread.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(thread.shadowRoot!.querySelector('[part="feedback"]')!.textContent).to.equal(
      'Thank you. Your report was sent to the portal.',
    );
    expect(thread.shadowRoot!.activeElement).to.equal(opener);
    const reports = await portal.backend.listReports();
    expect(reports).to.have.length(1);
    expect(reports[0].reason).to.equal('Insulting');
    await expect(thread).to.be.accessible();
  });

  it('reports the conversation; Escape cancels without reporting', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Spam spam');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 1, 'the thread');
    const opener = [...thread.shadowRoot!.querySelectorAll('[part="header"] button')][0] as HTMLButtonElement;
    expect(opener.textContent!.trim()).to.equal('Report conversation');
    opener.click();
    const dialog = thread.shadowRoot!.querySelector<HTMLDialogElement>('[part="dialog"]')!;
    await until(() => dialog.open, 'the dialog');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the dialog closed');
    expect(thread.shadowRoot!.activeElement).to.equal(opener);
    expect(await portal.backend.listReports()).to.have.length(0);

    opener.click();
    await until(() => dialog.open, 'the dialog again');
    await thread.updateComplete;
    await sendKeys({ type: 'Unsolicited advertising' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => !dialog.open, 'the report sent');
    const reports = await portal.backend.listReports();
    expect(reports.map((report) => report.target)).to.deep.equal([
      { kind: 'conversation', conversationId: conversation.id },
    ]);
  });

  it('keeps Tab inside the report dialog, is accessible open, and gives focus back', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hello');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(thread).length === 1, 'the thread');
    const root = thread.shadowRoot!;
    const opener = root.querySelector<HTMLButtonElement>('[part="header"] button')!;
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = root.querySelector<HTMLDialogElement>('[part="dialog"]')!;
    await until(() => dialog.open, 'the dialog');
    await until(() => root.activeElement?.id === 'report-reason', 'focus in the reason');
    await expect(thread).to.be.accessible();
    const [cancel, submit] = [...dialog.querySelectorAll('button')];
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement === submit, 'on Send').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement?.id, 'Tab from the last control wraps').to.equal('report-reason');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(root.activeElement === submit, 'Shift+Tab from the first wraps back').to.equal(true);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(root.activeElement === cancel, 'on Cancel').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await until(() => !dialog.open, 'the dialog closed');
    expect(root.activeElement === opener, 'focus back on the opener').to.equal(true);
    await expect(thread).to.be.accessible();
  });

  it('lets a manager reply for their group, and the others read it as such', async () => {
    const conversation = await portal.start(
      'm4',
      [{ kind: 'group', id: 'g1' }],
      'For the documentation team',
    );
    const ada = await portal.client('m1');
    const zoe = await portal.client('m4');
    const grace = await portal.client('m2');
    const mine = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const theirs = await mount<ConvThread>(
      zoe,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const member = await mount<ConvThread>(
      grace,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => messages(mine).length === 1, 'the thread');
    // Only a manager of a participant group is offered the choice.
    // One "send as" control in compose and the thread: a radio group (it was a <select> here).
    const group = await until(
      () => mine.shadowRoot!.querySelector<HTMLFieldSetElement>('[part="send-as"]'),
      'send as',
    );
    const radios = [...group.querySelectorAll<HTMLInputElement>('input[name="send-as"]')];
    await until(() => messages(member).length === 1, 'the member’s thread');
    expect(member.shadowRoot!.querySelector('[part="send-as"]')).to.equal(null);
    expect(radios.map((radio) => radio.closest('label')!.textContent!.trim())).to.deep.equal([
      'Yourself (Ada Lovelace)',
      'Documentation team',
    ]);
    await expect(mine).to.be.accessible();
    radios.find((radio) => radio.checked)!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => radios.find((radio) => radio.checked)?.value === 'g1', 'the group chosen');
    reply(mine).focus();
    await sendKeys({ type: 'We will look into it' });
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(theirs).includes('We will look into it'), 'the reply at Zoë’s');
    const byline = messages(theirs).at(-1)!.querySelector('[part="author"]')!.textContent;
    expect(byline).to.equal('Ada Lovelace for Documentation team');
    await until(() => bodies(member).includes('We will look into it'), 'the reply at Grace’s');
    expect(messages(mine).at(-1)!.querySelector('[part="author"]')!.textContent).to.equal(
      'You for Documentation team',
    );
  });

  it('says when a conversation cannot be found, to outsiders too', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Private');
    const client = await portal.client('m7');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const alert = await until(() => thread.shadowRoot!.querySelector('[role="alert"]'), 'the error');
    expect(alert.textContent!.trim()).to.equal('This conversation cannot be found.');
    expect(thread.shadowRoot!.textContent).not.to.contain('Private');
    await expect(thread).to.be.accessible();
  });

  it('passes axe in dark mode and right to left', async () => {
    const conversation = await portal.start('m5', [{ kind: 'member', id: 'm1' }], 'مرحبا يا آدا');
    await portal.send('m1', conversation.id, 'Hello!');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        dir: 'rtl',
        dark: true,
      },
    );
    await until(() => messages(thread).length === 2, 'the thread');
    expect(getComputedStyle(thread).direction).to.equal('rtl');
    expect(getComputedStyle(thread).backgroundColor).to.equal('rgb(18, 18, 18)');
    await expect(thread).to.be.accessible();
  });
});
