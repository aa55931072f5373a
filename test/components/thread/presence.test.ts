/**
 * The thread's presence (S27–S29): "Seen" and "Seen by …" under one's own newest message, live;
 * "… is typing", announced once per burst; Mute and Leave from the header with the keyboard
 * alone; the "left" line the others see. Axe in each new state, light, dark and right to left.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-thread.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { listen, type Ear } from '../../helpers/screen-reader.js';
import { mount, openPortal, until, type Portal } from '../inbox/harness.js';

function root(thread: ConvThread): ShadowRoot {
  return thread.shadowRoot!;
}

function ownState(thread: ConvThread): string {
  const own = [...root(thread).querySelectorAll('[part~="message-own"]')].at(-1);
  return own?.querySelector('.state')?.textContent?.trim() ?? '';
}

function typingLine(thread: ConvThread): string {
  // Empty until the thread has rendered its conversation (it may first show it loading).
  return root(thread).querySelector('[part="typing"]')?.textContent?.trim() ?? '';
}

function button(thread: ConvThread, text: string): HTMLButtonElement | undefined {
  return [...root(thread).querySelectorAll<HTMLButtonElement>('button')].find(
    (candidate) => candidate.textContent!.trim() === text,
  );
}

/** Tabs until `target` (inside the thread) has focus; fails after a bounded number of presses. */
async function tabTo(thread: ConvThread, target: () => Element | undefined | null): Promise<void> {
  for (let presses = 0; presses < 20; presses++) {
    if (root(thread).activeElement && root(thread).activeElement === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error('the control was not reached with Tab');
}

describe('<conv-thread> presence', () => {
  let portal: Portal;
  let ear: Ear | undefined;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await ear?.stop();
    ear = undefined;
    await portal.cleanup();
  });

  /** Ada has written to Grace, and her thread shows it as sent. */
  async function adaWroteToGrace() {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hello Grace');
    const thread = await mount<ConvThread>(
      await portal.client('m1'),
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => ownState(thread) === 'Sent', 'Sent under the own message');
    return { conversation, thread };
  }

  it('one to one: "Sent", then "Seen" once the other has read it, live', async () => {
    const { conversation, thread } = await adaWroteToGrace();
    const grace = await portal.client('m2');
    await grace.markRead(conversation.id, conversation.lastMessage!.id);
    await until(() => ownState(thread) === 'Seen', '"Seen" after Grace read it');
    await expect(thread).to.be.accessible();
  });

  it('a reply reads what it answers: "Seen" appears live when the other writes back unread', async () => {
    const { conversation, thread } = await adaWroteToGrace();
    // Grace answers from elsewhere (compose, another tab) without ever marking the thread read.
    const grace = await portal.client('m2');
    await grace.send(conversation.id, 'Hello Ada');
    await until(() => root(thread).textContent?.includes('Hello Ada') === true, 'the reply shown');
    await until(() => ownState(thread) === 'Seen', '"Seen" once Grace replied');
  });

  it('several: "Seen by" names readers with a list, and says how many more', async () => {
    const recipients = ['m2', 'm3', 'm4', 'm6'].map((id) => ({ kind: 'member' as const, id }));
    const conversation = await portal.start('m1', recipients, 'To all of you');
    const ada = await portal.client('m1');
    const thread = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        dark: true,
      },
    );
    for (const id of ['m2', 'm3']) {
      await (await portal.client(id)).markRead(conversation.id, conversation.lastMessage!.id);
    }
    await until(() => ownState(thread) === 'Seen by Alan Turing and Grace Hopper', 'two readers named');
    for (const id of ['m4', 'm6']) {
      await (await portal.client(id)).markRead(conversation.id, conversation.lastMessage!.id);
    }
    await until(
      () => ownState(thread) === 'Seen by Alan Turing, Grace Hopper, and 2 others',
      'two named and two more',
    );
    await expect(thread).to.be.accessible();
  });

  it('typing shows while it lasts and is announced politely once per burst', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hi');
    const ada = await portal.client('m1');
    ear = await listen();
    const thread = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        dir: 'rtl',
      },
    );
    const grace = await portal.client('m2');
    grace.typing(conversation.id);
    await until(() => typingLine(thread) === 'Grace Hopper is typing…', 'the typing line');
    await expect(thread).to.be.accessible();
    // Another event of the same burst (from her other tab) is shown, not heard again.
    const otherTab = portal.backend.adapterFor('m2');
    await otherTab.sendTyping!(conversation.id);
    otherTab.close();
    await portal.send('m2', conversation.id, 'Here I am');
    await until(() => typingLine(thread) === '', 'typing ends with the message');
    const heard = await ear.transcript();
    expect(heard.filter((phrase) => /is typing/.test(phrase)).length, JSON.stringify(heard)).to.equal(1);
    expect(heard.some((phrase) => /^polite: .*Grace Hopper is typing…/.test(phrase))).to.equal(true);
  });

  it('Mute with the keyboard: pressed, said, and out of the unread total; again to unmute', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Unread for Ada');
    const ada = await portal.client('m1');
    const thread = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => button(thread, 'Mute') !== undefined, 'the Mute button');
    await tabTo(thread, () => button(thread, 'Mute'));
    await sendKeys({ press: 'Enter' });
    await until(() => button(thread, 'Mute')!.getAttribute('aria-pressed') === 'true', 'pressed');
    expect(root(thread).querySelector('[part="muted"]')!.textContent).to.contain('no notifications');
    expect((await ada.adapter.getUnreadSummary()).total).to.equal(0);
    await expect(thread).to.be.accessible();
    await sendKeys({ press: 'Space' });
    await until(() => button(thread, 'Mute')!.getAttribute('aria-pressed') === 'false', 'unmuted');
  });

  it('Leave with the keyboard: asked first; the others see the line; a one-to-one offers none', async () => {
    const group = ['m2', 'm3'].map((id) => ({ kind: 'member' as const, id }));
    const conversation = await portal.start('m1', group, 'Three of us');
    const grace = await portal.client('m2');
    const thread = await mount<ConvThread>(
      grace,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => button(thread, 'Leave') !== undefined, 'the Leave button');
    await tabTo(thread, () => button(thread, 'Leave'));
    await sendKeys({ press: 'Enter' });
    await until(() => root(thread).activeElement === button(thread, 'Stay'), 'focus on the question');
    await expect(thread).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await until(() => root(thread).activeElement === button(thread, 'Leave'), 'focus back on Leave');
    await sendKeys({ press: 'Enter' });
    await until(() => button(thread, 'Leave conversation') !== undefined, 'asked again');
    button(thread, 'Leave conversation')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(
      () => root(thread).querySelector('[part="status"]')?.textContent?.includes('cannot be found') ?? false,
      'the leaver no longer sees it',
    );

    const ada = await portal.client('m1');
    const other = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(
      () =>
        root(other).querySelector('[part="system"]')?.textContent?.trim() ===
        'Grace Hopper left the conversation',
      'the line the others see',
    );
    await expect(other).to.be.accessible();

    const direct = await portal.start('m1', [{ kind: 'member', id: 'm4' }], 'Just us');
    other.conversation = direct.id;
    await until(() => button(other, 'Mute') !== undefined, 'the direct conversation');
    expect(button(other, 'Leave')).to.equal(undefined);
  });
});
