import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import type { ConvConversationStartedEvent } from '../../../src/events/conversation-started.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { writeDraft } from '../../../src/components/compose/draft.js';
import {
  chipNames,
  deepActive,
  expectFocused,
  errorOf,
  harness,
  messageInput,
  options,
  part,
  pasteMessage,
  pickWithKeyboard,
  ready,
  recipientInput,
  sendButton,
  until,
  type Harness,
} from './setup.js';

const CONDUCT = 'https://portal.example/code-of-conduct';

describe('<conv-compose>', () => {
  let h: Harness | undefined;

  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await h?.dispose();
    h = undefined;
  });

  async function mount(viewer: string, setup: Parameters<typeof harness>[1] = {}): Promise<ConvCompose> {
    h = await harness(viewer, setup);
    const provider = await fixture<ConvProvider>(
      html`<conv-provider .client=${h.client}
        ><conv-compose code-of-conduct-href=${CONDUCT}></conv-compose
      ></conv-provider>`,
    );
    const compose = provider.querySelector('conv-compose')!;
    await ready(compose);
    return compose;
  }

  /** Clicks Send and waits for the conversation to start, or fails with what compose said. */
  async function send(compose: ConvCompose): Promise<ConvConversationStartedEvent> {
    let fired: ConvConversationStartedEvent | undefined;
    const started = oneEvent(compose, 'conv-conversation-started') as Promise<ConvConversationStartedEvent>;
    void started.then((event) => (fired = event));
    sendButton(compose).click();
    // Errors shown before the click are cleared (or shown anew) in the update the click causes.
    await compose.updateComplete;
    const errors = () =>
      (['to-error', 'as-error', 'body-error', 'form-error'] as const)
        .map((id) => errorOf(compose, id))
        .join(' ');
    await until(() => fired || errors().trim(), 'Send did nothing');
    if (!fired) throw new Error(`Not sent: ${errors()}`);
    return fired;
  }

  describe('the envelope path: search, write, send', () => {
    it('starts a one-to-one conversation with the keyboard alone', async () => {
      const compose = await mount('m3');
      await compose.show();
      expectFocused(recipientInput(compose));

      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      expect(recipientInput(compose).value).to.equal('');
      await sendKeys({ press: 'Tab' });
      expectFocused(messageInput(compose));
      await sendKeys({ type: 'Hello Grace' });
      await compose.updateComplete;
      expect(part(compose, '#counter').textContent!.trim()).to.equal('989 characters left');

      await sendKeys({ press: 'Tab' }); // the code of conduct link
      expect(deepActive()?.getAttribute('href')).to.equal(CONDUCT);
      await sendKeys({ press: 'Tab' });
      expectFocused(sendButton(compose));
      const started = oneEvent(compose, 'conv-conversation-started') as Promise<ConvConversationStartedEvent>;
      await sendKeys({ press: 'Enter' });
      const { detail } = await started;

      const page = await h!.backend.adapterFor('m2').listConversations();
      expect(page.items.map((c) => c.id)).to.deep.equal([detail.conversationId]);
      expect(page.items[0].lastMessage?.body).to.equal('Hello Grace');
      expect(detail.conversation.participants.map((p) => p.id)).to.have.members(['m3', 'm2']);
      // The form is empty again, ready for the next conversation.
      await compose.updateComplete;
      expect(chipNames(compose)).to.deep.equal([]);
      expect(messageInput(compose).value).to.equal('');
    });

    it('marks results as member or group, never offers the viewer or a chosen recipient', async () => {
      const compose = await mount('m1');
      await compose.show();
      await sendKeys({ type: 'a' });
      await until(() => options(compose).length > 0);
      const names = options(compose).map((o) => o.querySelector('.name')!.textContent);
      expect(names).to.include('Alan Turing');
      expect(names).not.to.include('Ada Lovelace');
      const group = options(compose).find((o) => o.textContent!.includes('Documentation team'))!;
      expect(group.querySelector('[part="kind"]')!.textContent!.trim()).to.equal('group');
      const member = options(compose).find((o) => o.textContent!.includes('Alan Turing'))!;
      expect(member.querySelector('[part="kind"]')!.textContent!.trim()).to.equal('member');
      expect(recipientInput(compose).getAttribute('aria-expanded')).to.equal('true');
      await expect(compose).to.be.accessible();

      await sendKeys({ press: 'Escape' });
      await sendKeys({ press: 'Backspace' });
      await pickWithKeyboard(compose, 'alan', 'Alan Turing');
      await sendKeys({ type: 'alan' });
      await until(() => part(compose, '[role="status"]').textContent!.includes('No member or group'));
      expect(options(compose)).to.have.length(0);
      expect(recipientInput(compose).getAttribute('aria-expanded')).to.equal('false');
    });

    it('shows pictures from http(s) only and names as text, never as markup', async () => {
      h = await harness('m1');
      await h.backend.loadDirectory({
        members: [
          { id: 'm13', name: 'Ivy <b>Bold</b>', avatarUrl: 'https://img.example/ivy.png' },
          { id: 'm14', name: 'Ivo Initials' },
        ],
        groups: [],
      });
      const provider = await fixture<ConvProvider>(
        html`<conv-provider .client=${h.client}><conv-compose></conv-compose></conv-provider>`,
      );
      const compose = provider.querySelector('conv-compose')!;
      await ready(compose);
      await compose.show();
      await sendKeys({ type: 'iv' });
      await until(() => options(compose).length === 2);
      const named = (start: string) => options(compose).find((o) => o.textContent!.includes(start))!;
      const [ivy, ivo] = [named('Ivy'), named('Ivo')];
      expect(ivy.querySelector('.name')!.textContent).to.equal('Ivy <b>Bold</b>');
      expect(ivy.querySelector('b')).to.equal(null);
      const picture = ivy.querySelector('img')!;
      expect([picture.getAttribute('src'), picture.getAttribute('alt')]).to.deep.equal([
        'https://img.example/ivy.png',
        '',
      ]);
      expect(ivo.querySelector('[part="avatar"]')!.textContent).to.equal('II');
      await expect(compose).to.be.accessible();
    });

    it('removes the last chip with Backspace in the empty search, and any chip with its button', async () => {
      const compose = await mount('m1');
      await compose.show();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      await pickWithKeyboard(compose, 'alan', 'Alan Turing');
      await pickWithKeyboard(compose, 'barb', 'Barbara Liskov');
      expect(part(compose, '[role="status"]').textContent!.trim()).to.equal('Barbara Liskov added.');
      await sendKeys({ press: 'Backspace' });
      await compose.updateComplete;
      expect(chipNames(compose)).to.deep.equal(['Grace Hopper', 'Alan Turing']);
      expect(part(compose, '[role="status"]').textContent!.trim()).to.equal('Barbara Liskov removed.');
      part<HTMLButtonElement>(compose, '[aria-label="Remove Grace Hopper"]').click();
      await compose.updateComplete;
      expect(chipNames(compose)).to.deep.equal(['Alan Turing']);
      expectFocused(recipientInput(compose));
    });

    it('cancels a stale search through its AbortSignal', async () => {
      const calls: { query: string; signal?: AbortSignal; release: () => void }[] = [];
      const compose = await mount('m1', {
        // Holds each directory search until the test releases it, so two can overlap for sure.
        adapter: (local) =>
          new Proxy(local, {
            get(target, key, receiver) {
              if (key !== 'searchDirectory') return Reflect.get(target, key, receiver);
              return async (query: string, searchOptions: { signal?: AbortSignal } = {}) => {
                await new Promise<void>((release) =>
                  calls.push({ query, signal: searchOptions.signal, release }),
                );
                searchOptions.signal?.throwIfAborted();
                return target.searchDirectory(query, searchOptions);
              };
            },
          }),
      });
      await compose.show();
      await sendKeys({ type: 'gr' });
      await until(() => calls.length === 1);
      await sendKeys({ type: 'a' });
      await until(() => calls.length === 2);
      expect(calls[0].query).to.equal('gr');
      expect(calls[0].signal?.aborted).to.equal(true);
      expect(calls[1].signal?.aborted).to.equal(false);
      calls.forEach((call) => call.release());
      await until(() => options(compose).length > 0);
      expect(options(compose).map((o) => o.querySelector('.name')!.textContent)).to.deep.equal([
        'Grace Hopper',
      ]);
    });
  });

  describe('several people and groups', () => {
    const NINE: [string, string][] = [
      ['grace', 'Grace Hopper'],
      ['alan', 'Alan Turing'],
      ['zo', 'Zoë Müller'],
      ['jos', 'José Ángel Núñez'],
      ['kath', 'Katherine Johnson'],
      ['edsger', 'Edsger Dijkstra'],
      ['barb', 'Barbara Liskov'],
      ['donald', 'Donald Knuth'],
      ['marg', 'Margaret Hamilton'],
    ];

    it('invites nine people and refuses a tenth at the field, saying why', async () => {
      const compose = await mount('m1');
      await compose.show();
      for (const [query, name] of NINE) await pickWithKeyboard(compose, query, name);
      expect(chipNames(compose)).to.have.length(9);
      expect(part(compose, '#to-hint').textContent).to.contain('at most 9 others');

      await sendKeys({ type: 'documentation' });
      await until(() => errorOf(compose, 'to-error') !== '');
      expect(errorOf(compose, 'to-error')).to.equal(
        'A conversation can include at most 9 others. Remove one to add another.',
      );
      expect(recipientInput(compose).getAttribute('aria-invalid')).to.equal('true');
      expect(options(compose)).to.have.length(0);
      expect(chipNames(compose)).to.have.length(9);
      await expect(compose).to.be.accessible();

      await pasteMessage(compose, 'Welcome, all nine of you.');
      const { detail } = await send(compose);
      const conversation = await h!.adapter.getConversation(detail.conversationId);
      expect(conversation.participants).to.have.length(10);
    });

    it('takes its limit from the backend policy', async () => {
      const compose = await mount('m1', { policy: { maxInvitees: 2 } });
      await compose.show();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      await pickWithKeyboard(compose, 'alan', 'Alan Turing');
      expect(part(compose, '#to-hint').textContent).to.contain('at most 2 others');
      await sendKeys({ type: 'barb' });
      await until(() => errorOf(compose, 'to-error') !== '');
      expect(chipNames(compose)).to.deep.equal(['Grace Hopper', 'Alan Turing']);
    });

    it('sends to a group: every member of it sees the conversation, a non-member nothing', async () => {
      const compose = await mount('m6');
      await compose.show();
      await pickWithKeyboard(compose, 'event', 'Event organisers');
      await pasteMessage(compose, 'Can I help at the next meetup?');
      const { detail } = await send(compose);
      for (const member of ['m4', 'm5', 'm6']) {
        const page = await h!.backend.adapterFor(member).listConversations();
        expect(
          page.items.map((c) => c.id),
          member,
        ).to.deep.equal([detail.conversationId]);
      }
      for (const outsider of ['m1', 'm7']) {
        const page = await h!.backend.adapterFor(outsider).listConversations();
        expect(page.items, outsider).to.deep.equal([]);
      }
    });

    it('lets a group manager start a conversation as the group', async () => {
      const compose = await mount('m1');
      await compose.show();
      const radios = [...compose.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="send-as"]')];
      expect(radios.map((r) => r.parentElement!.textContent!.trim())).to.deep.equal([
        'Yourself (Ada Lovelace)',
        'Documentation team',
      ]);
      await expect(compose).to.be.accessible();
      await pickWithKeyboard(compose, 'kath', 'Katherine Johnson');
      await sendKeys({ press: 'Tab' }); // the checked radio: "Yourself"
      expectFocused(radios[0]);
      await sendKeys({ press: 'ArrowDown' });
      expect(radios[1].checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'From the documentation team' });
      const { detail } = await send(compose);
      expect(detail.conversation.startedBy).to.deep.equal({ kind: 'group', id: 'g1' });
      expect(detail.message.onBehalfOf?.id).to.equal('g1');
      const seenByGroupMember = await h!.backend.adapterFor('m2').listConversations();
      expect(seenByGroupMember.items.map((c) => c.id)).to.deep.equal([detail.conversationId]);
    });

    it('continues the conversation when started again with the same person', async () => {
      const compose = await mount('m1');
      await compose.show();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      await pasteMessage(compose, 'First');
      const first = await send(compose);
      await compose.updateComplete;
      recipientInput(compose).focus();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      await pasteMessage(compose, 'Second');
      const second = await send(compose);
      expect(second.detail.conversationId).to.equal(first.detail.conversationId);
      const messages = await h!.adapter.listMessages(first.detail.conversationId);
      expect(messages.items.map((m) => m.body)).to.deep.equal(['First', 'Second']);
    });
  });

  describe('bad input', () => {
    async function nothingSent() {
      const page = await h!.adapter.listConversations();
      expect(page.items).to.deep.equal([]);
    }

    it('refuses a message over the limit, counting characters not UTF-16 units', async () => {
      const compose = await mount('m1');
      await compose.show();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      const tooLong = 'x'.repeat(1001);
      await pasteMessage(compose, tooLong);
      expect(part(compose, '#counter').textContent!.trim()).to.equal('1 character too many');
      expect(messageInput(compose).getAttribute('aria-invalid')).to.equal('true');
      expect(messageInput(compose).hasAttribute('maxlength')).to.equal(false);
      sendButton(compose).click();
      await until(() => errorOf(compose, 'body-error') !== '');
      expect(errorOf(compose, 'body-error')).to.equal(
        'A message holds at most 1,000 characters; this one has 1,001.',
      );
      expectFocused(messageInput(compose));
      await expect(compose).to.be.accessible();
      await nothingSent();
      expect(messageInput(compose).value).to.equal(tooLong);
      expect(chipNames(compose)).to.deep.equal(['Grace Hopper']);

      await pasteMessage(compose, '😀'.repeat(1000));
      expect(part(compose, '#counter').textContent!.trim()).to.equal('0 characters left');
      const { detail } = await send(compose);
      expect(detail.message.body).to.equal('😀'.repeat(1000));
    });

    it('refuses an empty message and a message with no recipient', async () => {
      const compose = await mount('m1');
      await compose.show();
      await pasteMessage(compose, '   ');
      sendButton(compose).click();
      await until(() => errorOf(compose, 'to-error') !== '');
      expect(errorOf(compose, 'to-error')).to.equal('Choose at least one member or group.');
      expect(errorOf(compose, 'body-error')).to.equal('Write a message first.');
      expectFocused(recipientInput(compose));
      await expect(compose).to.be.accessible();
      await nothingSent();
      expect(messageInput(compose).value).to.equal('   ');
    });

    it('refuses an unknown recipient at the recipients field', async () => {
      const compose = await mount('m1');
      await compose.show({ recipients: [{ kind: 'member', id: 'nobody' }] });
      await until(() => errorOf(compose, 'to-error') !== '');
      expect(errorOf(compose, 'to-error')).to.equal(
        'A recipient could not be found on the portal. Remove it and search again.',
      );
      expect(chipNames(compose)).to.deep.equal([]);
      await nothingSent();
    });

    it('shows the backend’s refusal of a recipient that left the portal at the recipients field', async () => {
      // A draft from before a reload, naming someone the directory no longer has.
      writeDraft('m1', 'new', {
        recipients: [{ kind: 'member', id: 'gone', name: 'Gone Member' }],
        body: 'Still there?',
      });
      const compose = await mount('m1');
      await compose.show();
      await until(() => chipNames(compose).length === 1);
      sendButton(compose).click();
      await until(() => errorOf(compose, 'to-error') !== '', 'no error at the recipients field');
      expect(errorOf(compose, 'to-error')).to.equal(
        'A recipient could not be found on the portal. Remove it and search again.',
      );
      expectFocused(recipientInput(compose));
      await nothingSent();
      expect(chipNames(compose)).to.deep.equal(['Gone Member']);
      expect(messageInput(compose).value).to.equal('Still there?');
    });

    it('refuses to send as a group the viewer stopped managing while writing', async () => {
      const compose = await mount('m1');
      await compose.show();
      await pickWithKeyboard(compose, 'kath', 'Katherine Johnson');
      const asGroup = part<HTMLInputElement>(compose, 'input[name="send-as"][value="g1"]');
      asGroup.click();
      await pasteMessage(compose, 'On behalf of the team');
      await h!.backend.setGroupRole('g1', 'm1', 'member');
      await until(() => h!.client.viewer.value?.managedGroups.length === 0, 'the role change never arrived');
      await compose.updateComplete;
      sendButton(compose).click();
      await until(() => errorOf(compose, 'as-error') !== '');
      expect(errorOf(compose, 'as-error')).to.equal(
        'You no longer manage Documentation team; choose whom to send as.',
      );
      await expect(compose).to.be.accessible();
      await nothingSent();
      expect(chipNames(compose)).to.deep.equal(['Katherine Johnson']);
      expect(messageInput(compose).value).to.equal('On behalf of the team');

      part<HTMLInputElement>(compose, 'input[name="send-as"][value=""]').click();
      const { detail } = await send(compose);
      expect(detail.conversation.startedBy).to.deep.equal({ kind: 'member', id: 'm1' });
    });
  });

  it('keeps the draft when the answer is lost, and sending again lands once', async () => {
    let failNext = true;
    const compose = await mount('m1', {
      // The backend stores the conversation but the answer never arrives, as when the network drops.
      adapter: (local) =>
        new Proxy(local, {
          get(target, key, receiver) {
            if (key !== 'startConversation') return Reflect.get(target, key, receiver);
            return async (...args: Parameters<typeof local.startConversation>) => {
              const result = await target.startConversation(...args);
              if (failNext) {
                failNext = false;
                throw new UnavailableError();
              }
              return result;
            };
          },
        }),
    });
    await compose.show();
    await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
    await pasteMessage(compose, 'Are you there?');
    sendButton(compose).click();
    await until(() => errorOf(compose, 'form-error') !== '', 'no error shown');
    expect(errorOf(compose, 'form-error')).to.equal(
      'Not sent: The conversation service cannot be reached. Your message is kept.',
    );
    expect(chipNames(compose)).to.deep.equal(['Grace Hopper']);
    expect(messageInput(compose).value).to.equal('Are you there?');
    await expect(compose).to.be.accessible();

    const { detail } = await send(compose);
    const messages = await h!.adapter.listMessages(detail.conversationId);
    expect(messages.items.map((m) => m.body)).to.deep.equal(['Are you there?']);
  });

  describe('as a dialog', () => {
    async function mountDialog(viewer: string) {
      h = await harness(viewer);
      const provider = await fixture<ConvProvider>(
        html`<conv-provider .client=${h.client}
          ><button id="opener">Start conversation</button
          ><conv-compose
            dialog
            code-of-conduct-href=${CONDUCT}
            guidance="Please use our chat for group discussion."
          ></conv-compose
        ></conv-provider>`,
      );
      const compose = provider.querySelector('conv-compose')!;
      const opener = provider.querySelector<HTMLButtonElement>('#opener')!;
      opener.addEventListener('click', () => void compose.show());
      return { compose, opener };
    }

    async function open({ compose, opener }: { compose: ConvCompose; opener: HTMLButtonElement }) {
      opener.focus();
      opener.click();
      await ready(compose);
      await until(() => deepActive() === recipientInput(compose), 'focus did not move into compose');
    }

    it('moves focus in, keeps it in, closes on Escape and gives focus back to the opener', async () => {
      const { compose, opener } = await mountDialog('m3');
      opener.focus();
      await sendKeys({ press: 'Enter' });
      await ready(compose);
      await until(() => deepActive() === recipientInput(compose));
      const dialog = part<HTMLDialogElement>(compose, 'dialog');
      expect(dialog.open).to.equal(true);
      expect(compose.open).to.equal(true);
      expect(part(compose, '[part="guidance"]').textContent).to.contain('Please use our chat');
      await expect(compose).to.be.accessible();

      for (let i = 0; i < 12; i++) {
        await sendKeys({ press: 'Tab' });
        expect(compose.shadowRoot!.contains(deepActive()), `tab ${i}`).to.equal(true);
      }
      for (let i = 0; i < 12; i++) {
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ up: 'Shift' });
        expect(compose.shadowRoot!.contains(deepActive()), `shift+tab ${i}`).to.equal(true);
      }

      recipientInput(compose).focus();
      await sendKeys({ type: 'grace' });
      await until(() => options(compose).length > 0);
      await sendKeys({ press: 'Escape' }); // closes the results only
      await compose.updateComplete;
      expect(dialog.open).to.equal(true);
      expect(options(compose)).to.have.length(0);
      await sendKeys({ press: 'Escape' }); // clears the search text
      await sendKeys({ press: 'Escape' }); // closes the dialog
      await until(() => !dialog.open);
      expect(compose.open).to.equal(false);
      expectFocused(opener);
    });

    it('keeps the draft across closing, reopening and a reload, and drops it once sent', async () => {
      const first = await mountDialog('m3');
      await open(first);
      await pickWithKeyboard(first.compose, 'grace', 'Grace Hopper');
      await pasteMessage(first.compose, 'Half a thought');
      first.compose.close();
      await until(() => !first.compose.open);
      await open(first);
      expect(chipNames(first.compose)).to.deep.equal(['Grace Hopper']);
      expect(messageInput(first.compose).value).to.equal('Half a thought');

      // A reload: a new page's element and client, the same tab's sessionStorage.
      first.compose.parentElement!.remove();
      await h!.dispose();
      const second = await mountDialog('m3');
      await open(second);
      await until(() => chipNames(second.compose).length === 1);
      expect(chipNames(second.compose)).to.deep.equal(['Grace Hopper']);
      expect(messageInput(second.compose).value).to.equal('Half a thought');

      await pasteMessage(second.compose, 'A whole thought');
      await send(second.compose);
      await until(() => !second.compose.open);
      expectFocused(second.opener);
      await open(second);
      expect(chipNames(second.compose)).to.deep.equal([]);
      expect(messageInput(second.compose).value).to.equal('');
    });
  });

  describe('accessibility in every theme', () => {
    it('passes axe in dark mode and right-to-left, with chips, errors and results', async () => {
      h = await harness('m1');
      const provider = await fixture<ConvProvider>(
        html`<div dir="rtl" lang="ar">
          <conv-provider .client=${h.client}
            ><conv-compose code-of-conduct-href=${CONDUCT}
              ><p slot="guidance">Please use our chat for group discussion.</p></conv-compose
            ></conv-provider
          >
        </div>`,
      );
      const compose = provider.querySelector('conv-compose')!;
      await ready(compose);
      await compose.show();
      expect(getComputedStyle(recipientInput(compose)).direction).to.equal('rtl');
      await expect(compose).to.be.accessible();
      await emulateMedia({ colorScheme: 'dark' });
      await expect(compose).to.be.accessible();
      await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
      await sendKeys({ type: 'a' });
      await until(() => options(compose).length > 0);
      await expect(compose).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      sendButton(compose).click();
      await until(() => errorOf(compose, 'body-error') !== '');
      await expect(compose).to.be.accessible();
      // Dark mode really applied: the form has the dark default of --conv-color-background.
      const background = getComputedStyle(part(compose, 'form')).backgroundColor;
      expect(background).to.equal('rgb(18, 18, 18)');
      await emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
      await expect(compose).to.be.accessible();
      await emulateMedia({ forcedColors: 'none' });
    });
  });
});
