/**
 * Pinned: what a member hears. Transcripts of a virtual screen reader over the real elements, a
 * real client and a real local backend, for the moments the redesign must keep as they are. Each
 * test asserts the meaningful phrases in the order spoken (role, name, the announcement), not the
 * markup, so a harmless markup change passes and a lost or changed announcement fails.
 *
 * `test/helpers/screen-reader.ts` says how the reader is made to hear inside shadow roots.
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/index.js';
import '../../src/define/conv-compose.js';
import '../../src/define/conv-envelope-badge.js';
import '../../src/define/conv-inbox.js';
import '../../src/define/conv-thread.js';
import { clientFor, disposeClients } from '../helpers/clients.js';
import { freshBackend, uniqueDatabaseName } from '../helpers/local-backend.js';
import { listen, type Ear } from '../helpers/screen-reader.js';
import { findSpoken, mountFor, typeInto, writeAs } from '../helpers/screen-reader-page.js';
import { deleteDB } from 'idb';

/** `heard` contains phrases matching `expected`, in that order (other phrases may come between). */
function expectHeardInOrder(heard: readonly string[], expected: readonly RegExp[]): void {
  let from = 0;
  for (const pattern of expected) {
    const at = heard.findIndex((phrase, index) => index >= from && pattern.test(phrase));
    expect(
      at,
      `expected to hear ${String(pattern)} after phrase ${from} in ${JSON.stringify(heard)}`,
    ).to.be.at.least(0);
    from = at + 1;
  }
}

function heardCount(heard: readonly string[], pattern: RegExp): number {
  return heard.filter((phrase) => pattern.test(phrase)).length;
}

/** Waits (bounded) until the member has heard `pattern`; resolves with the transcript. */
async function untilHeard(ear: Ear, pattern: RegExp, what: string): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const heard = await ear.transcript();
    if (heard.some((phrase) => pattern.test(phrase))) return heard;
    if (Date.now() > deadline) {
      throw new Error(`never heard ${what} (${String(pattern)}); heard ${JSON.stringify(heard)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('pinned: what a member hears', () => {
  let backend: LocalBackend;
  let ear: Ear | undefined;
  const extraCaches: string[] = [];
  const extraClients: ConversationsClient[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    await ear?.stop();
    ear = undefined;
    for (const client of extraClients.splice(0)) client.dispose();
    await disposeClients();
    await Promise.all(extraCaches.splice(0).map((name) => deleteDB(name)));
    await backend.destroy();
  });

  it('opening the inbox from the envelope: the envelope says what is unread, the inbox lists it', async () => {
    await writeAs(backend, 'm2', { recipient: 'm1' }, 'Are you coming on Friday?');
    const region = await mountFor(
      clientFor(backend, 'm1'),
      html`<conv-envelope-badge></conv-envelope-badge>
        <div id="page"></div>`,
    );
    // The portal routes to its inbox itself, as the event's documentation suggests.
    region.addEventListener('conv-open-inbox', (event) => {
      event.preventDefault();
      region.querySelector('#page')!.append(document.createElement('conv-inbox'));
    });
    ear = await listen();
    const envelope = await findSpoken(region, /^button, Conversations, 1 unread$/);
    envelope.focus();
    await sendKeys({ press: 'Enter' });
    // The member moves on into the inbox: search, "Start conversation", then the unread
    // conversation.
    await findSpoken(region, /^option, .*Grace Hopper/);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    const heard = await untilHeard(ear, /^option, /, 'the conversation row');
    expectHeardInOrder(heard, [
      /^button, Conversations, 1 unread$/,
      /^button, Search conversations, not expanded$/,
      /^button, Start conversation$/,
      /^option, .*Grace Hopper.*Are you coming on Friday\?.*1 unread/,
    ]);
    // Opening the inbox is a navigation, not news: nothing is announced on the way.
    expect(heard.filter((phrase) => /^(polite|assertive): /.test(phrase))).to.deep.equal([]);
  });

  it("a message from another member in the open thread is announced politely; one's own echo is not", async () => {
    const id = await writeAs(backend, 'm2', { recipient: 'm1' }, 'Are you coming on Friday?');
    const region = await mountFor(
      clientFor(backend, 'm1'),
      html`<conv-thread conversation=${id}></conv-thread>`,
    );
    const reply = await findSpoken<HTMLTextAreaElement>(region, /^textbox, Reply/);
    ear = await listen();

    await writeAs(backend, 'm2', { conversationId: id }, 'Bring the slides, please.');
    let heard = await untilHeard(ear, /Bring the slides/, 'the arriving message');
    expect(heard).to.deep.equal(['polite: Grace Hopper: Bring the slides, please.']);

    reply.focus();
    typeInto(reply, 'Yes, I will.');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => reply.value === '', 'the reply was not sent');
    await waitUntil(
      async () =>
        (await backend.adapterFor('m2').listMessages(id)).items.some((m) => m.body === 'Yes, I will.'),
      'the reply never reached the backend',
    );
    // Let the echo of the reply (the adapter's event) come back and render.
    await new Promise((resolve) => setTimeout(resolve, 300));
    heard = await ear.transcript();
    expectHeardInOrder(heard, [/^polite: Grace Hopper: Bring the slides, please\.$/, /^textbox, Reply/]);
    expect(heardCount(heard, /Yes, I will/), JSON.stringify(heard)).to.equal(0);
    expect(heardCount(heard, /Bring the slides/), JSON.stringify(heard)).to.equal(1);

    // And the next message from the other member is heard again.
    await writeAs(backend, 'm2', { conversationId: id }, 'Thanks!');
    heard = await untilHeard(ear, /Thanks!/, 'the second arriving message');
    expect(heard.at(-1)).to.equal('polite: Grace Hopper: Thanks!');
  });

  it('a reply over 1,000 characters is refused and the reason is spoken', async () => {
    const id = await writeAs(backend, 'm2', { recipient: 'm1' }, 'Write me the whole story.');
    const region = await mountFor(
      clientFor(backend, 'm1'),
      html`<conv-thread conversation=${id}></conv-thread>`,
    );
    const reply = await findSpoken<HTMLTextAreaElement>(region, /^textbox, Reply/);
    ear = await listen();
    reply.focus();
    typeInto(reply, 'x'.repeat(1003));
    await sendKeys({ press: 'Enter' });
    const heard = await untilHeard(ear, /^assertive: /, 'the refusal');
    expect(heard.filter((phrase) => /^(polite|assertive): /.test(phrase))).to.deep.equal([
      'assertive: A message holds at most 1,000 characters; this one has 1,003.',
    ]);
    // The field says it is invalid when the member is on it.
    expectHeardInOrder(heard, [/^textbox, Reply/]);
    expect(await findSpoken(region, /^textbox, Reply, .*, invalid(,|$)/)).to.equal(reply);
    const stored = await backend.adapterFor('m1').listMessages(id);
    expect(stored.items.map((message) => message.body)).to.deep.equal(['Write me the whole story.']);
  });

  it('sending a new conversation from compose: the dialog, the recipient, and focus back where it was', async () => {
    const region = await mountFor(clientFor(backend, 'm1'), html`<conv-inbox></conv-inbox>`);
    const start = await findSpoken(region, /^button, Start conversation$/);
    ear = await listen();
    start.focus();
    await sendKeys({ press: 'Enter' });
    const to = await findSpoken<HTMLInputElement>(region, /^combobox, To/);
    await untilHeard(ear, /^combobox, To/, 'the recipient field, focused as compose opens');
    expect(to.matches(':focus')).to.equal(true);
    await sendKeys({ type: 'Grace' });
    await untilHeard(ear, /^polite: 1 result$/, 'the search result count');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await untilHeard(ear, /^polite: Grace Hopper added\.$/, 'the chosen recipient');
    const message = await findSpoken<HTMLTextAreaElement>(region, /^textbox, Message/);
    message.focus();
    typeInto(message, 'Could you review the minutes?');
    const send = await findSpoken(region, /^button, Send/);
    send.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      async () => (await backend.adapterFor('m2').listConversations()).items.length === 1,
      'the conversation never reached the backend',
    );
    const heard = await untilHeard(ear, /^button, Start conversation$/, 'focus back on "Start conversation"');
    expectHeardInOrder(heard, [
      /^button, Start conversation$/,
      /^dialog, New conversation/,
      /^combobox, To/,
      /^polite: 1 result$/,
      /^polite: Grace Hopper added\.$/,
      /^textbox, Message, 1,000 characters left/,
      /^button, Send/,
      /^button, Start conversation$/,
    ]);
    const list = await backend.adapterFor('m2').listConversations();
    expect(list.items.map((item) => item.lastMessage?.body)).to.deep.equal(['Could you review the minutes?']);
    // The conversation it started is the one open in the inbox now.
    await findSpoken(region, /^option, .*Grace Hopper.*Could you review the minutes\?.*selected/);
  });

  it('the envelope turns gold when a message arrives while the member reads in another tab', async () => {
    // Two tabs of one member: the same backend database and the same client cache.
    const cacheName = uniqueDatabaseName('conv-sr-tabs');
    extraCaches.push(cacheName);
    const tabA = new ConversationsClient(backend.adapterFor('m1'), { cacheName });
    const tabB = new ConversationsClient(backend.adapterFor('m1'), { cacheName });
    extraClients.push(tabA, tabB);
    const id = await writeAs(backend, 'm2', { recipient: 'm1' }, 'Hello');
    await backend
      .adapterFor('m1')
      .markRead(id, (await backend.adapterFor('m1').listMessages(id)).items[0]!.id);
    const envelopeTab = await mountFor(tabA, html`<conv-envelope-badge></conv-envelope-badge>`);
    await mountFor(tabB, html`<conv-thread conversation=${id}></conv-thread>`);
    const envelope = await findSpoken(envelopeTab, /^button, Conversations$/);
    ear = await listen(envelopeTab);

    const other = await writeAs(backend, 'm3', { recipient: 'm1' }, 'A question about the budget');
    await findSpoken(envelopeTab, /^button, Conversations, 1 unread$/);
    envelope.focus();
    let heard = await untilHeard(ear, /^button, Conversations, 1 unread$/, 'the gold envelope');
    expect(heard).to.deep.equal(['button, Conversations, 1 unread']);

    // Read in the other tab: the envelope in this one is back to plain "Conversations".
    await tabB.markRead(other);
    await findSpoken(envelopeTab, /^button, Conversations$/);
    envelope.blur();
    envelope.focus();
    heard = await untilHeard(ear, /^button, Conversations$/, 'the envelope once read');
    expect(heard).to.deep.equal(['button, Conversations, 1 unread', 'button, Conversations']);
  });
});
