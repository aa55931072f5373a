/**
 * S24–S26 in the thread, in Chromium against a real local backend: links, editing and deleting
 * one's own message, and reactions, each with the keyboard alone and axe in every new state
 * (light, dark, right to left); and the controls hidden when the backend does not serve them.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-thread.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads.js';
import { mount, openPortal, until, type Portal } from '../inbox/harness.js';

const root = (thread: ConvThread) => thread.shadowRoot!;
const items = (thread: ConvThread) => [...root(thread).querySelectorAll<HTMLElement>('[part~="message"]')];
const bodyOf = (item: HTMLElement) => item.querySelector('[part="body"]')?.textContent ?? '';

function buttonIn(item: HTMLElement, label: string): HTMLButtonElement | undefined {
  return [...item.querySelectorAll('button')].find((button) => button.textContent!.trim() === label);
}

/** The three looks every new state is checked in. */
const LOOKS = [{}, { dark: true }, { dir: 'rtl' as const }];

describe('<conv-thread>: links, edit and delete, reactions (S24–S26)', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('links http(s), mailto and email addresses, safely, after the text has painted', async () => {
    const text =
      'See https://example.org/a?b=1, write to ana@example.org or mailto:bo@example.org; ' +
      'javascript:alert(1) and ftp://files.example.org stay text.';
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], text);
    const client = await portal.client('m1');
    for (const look of LOOKS) {
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
        look,
      );
      const links = await until(() => {
        const found = [...root(thread).querySelectorAll<HTMLAnchorElement>('[part="body"] a')];
        return found.length === 3 ? found : undefined;
      }, 'three links');
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://example.org/a?b=1',
        'mailto:ana@example.org',
        'mailto:bo@example.org',
      ]);
      for (const a of links) {
        expect(a.rel).to.equal('noopener noreferrer nofollow ugc');
        expect(a.target).to.equal('_blank');
        expect(root(thread).getElementById(a.getAttribute('aria-describedby')!)!.textContent).to.equal(
          '(opens in a new tab)',
        );
      }
      // The text reads as it was written: links are bindings around its own characters.
      expect(bodyOf(items(thread)[0]!)).to.equal(text);
      await expect(thread).to.be.accessible();
    }
    const sameTab = await mount<ConvThread>(
      client,
      html`<conv-thread link-target="" conversation=${conversation.id}></conv-thread>`,
    );
    const link = await until(() => root(sameTab).querySelector('[part="body"] a'), 'a link');
    expect(link.hasAttribute('target')).to.equal(false);
    expect(link.hasAttribute('aria-describedby')).to.equal(false);
  });

  it('runs the XSS corpus through the linkifier: only http(s) and mailto links, no markup', async function () {
    this.timeout(60_000);
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'https://example.org');
    for (const payload of XSS_PAYLOADS) await portal.send('m2', conversation.id, payload);
    const client = await portal.client('m1', { pageSize: 100 });
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => items(thread).length === XSS_PAYLOADS.length + 1, 'every payload');
    await until(() => root(thread).querySelector('[part="body"] a'), 'the linkifier');
    const bodies = items(thread).slice(1);
    bodies.forEach((item, i) => {
      const body = item.querySelector('[part="body"]')!;
      expect(body.textContent, XSS_PAYLOADS[i]).to.equal(XSS_PAYLOADS[i]);
      for (const element of body.querySelectorAll('*')) {
        expect(element.localName, XSS_PAYLOADS[i]).to.equal('a');
        expect(new URL((element as HTMLAnchorElement).href).protocol).to.be.oneOf([
          'http:',
          'https:',
          'mailto:',
        ]);
        expect(element.getAttributeNames().filter((name) => name.startsWith('on'))).to.deep.equal([]);
      }
    });
    expect((window as unknown as Record<string, unknown>).__xssCanary).to.equal(undefined);
  });

  it('edits one of your messages with the keyboard; the other side sees it edited, live', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Helo Grace');
    const [ada, grace] = [await portal.client('m1'), await portal.client('m2')];
    const other = await mount<ConvThread>(
      grace,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => items(other).length === 1, "Grace's thread");
    const heard: unknown[] = [];
    grace.onIncoming((incoming) => heard.push(incoming));
    for (const [index, look] of LOOKS.entries()) {
      const thread = await mount<ConvThread>(
        ada,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
        look,
      );
      const item = await until(() => items(thread)[0], 'the message');
      const edit = await until(() => buttonIn(item, 'Edit'), 'Edit');
      edit.focus();
      await sendKeys({ press: 'Enter' });
      let field = await until(
        () => root(thread).querySelector<HTMLTextAreaElement>('[part="edit-input"]'),
        'the field',
      );
      await until(() => root(thread).activeElement === field, 'focus in the field');
      expect(field.value).to.equal(index === 0 ? 'Helo Grace' : `Hello Grace ${index}`);
      await expect(thread).to.be.accessible();
      if (index === 0) {
        // Escape leaves it as it was, and focus goes back to Edit.
        await sendKeys({ press: 'Escape' });
        await until(() => !root(thread).querySelector('[part="edit-input"]'), 'the field closed');
        await until(() => root(thread).activeElement?.textContent?.trim() === 'Edit', 'focus on Edit');
        await sendKeys({ press: 'Enter' });
        field = await until(
          () => root(thread).querySelector<HTMLTextAreaElement>('[part="edit-input"]'),
          'the field again',
        );
        await until(() => root(thread).activeElement === field, 'focus in the field again');
      }
      field.select();
      await sendKeys({ type: `Hello Grace ${index + 1}` });
      await sendKeys({ press: 'Enter' });
      await until(() => bodyOf(items(thread)[0]!) === `Hello Grace ${index + 1}`, 'the edit');
      expect(items(thread)[0]!.querySelector('.edited')!.textContent).to.equal('edited');
      await until(
        () => bodyOf(items(other)[0]!) === `Hello Grace ${index + 1}`,
        'the edit, on the other side',
      );
      expect(items(other)[0]!.querySelector('.edited')?.textContent).to.equal('edited');
      await expect(thread).to.be.accessible();
    }
    // An edit is not a new message: nothing was announced to Grace as incoming, nothing added.
    expect(heard).to.deep.equal([]);
    expect((await portal.backend.adapterFor('m2').listMessages(conversation.id)).items).to.have.length(1);
  });

  it('an edit over the limit is refused in the field and stores nothing', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Short');
    const ada = await portal.client('m1');
    const thread = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const item = await until(() => items(thread)[0], 'the message');
    (await until(() => buttonIn(item, 'Edit'), 'Edit')).click();
    const field = await until(
      () => root(thread).querySelector<HTMLTextAreaElement>('[part="edit-input"]'),
      'field',
    );
    field.value = 'x'.repeat(1001);
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await until(() => root(thread).querySelector('.edit .counter.error'), 'the counter over the limit');
    const save = buttonIn(root(thread).querySelector('.edit') as HTMLElement, 'Save')!;
    expect(save.disabled).to.equal(true);
    await expect(thread).to.be.accessible();
    const stored = await portal.backend.adapterFor('m2').listMessages(conversation.id);
    expect(stored.items[0]!.body).to.equal('Short');
  });

  it('deletes one of your messages: "Message deleted" in its place, for everyone', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Oops');
    await portal.send('m2', conversation.id, 'What?');
    const [ada, grace] = [await portal.client('m1'), await portal.client('m2')];
    const other = await mount<ConvThread>(
      grace,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    const thread = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      {
        dir: 'rtl',
        dark: true,
      },
    );
    const item = await until(() => items(thread)[0], 'the message');
    const saved = window.confirm;
    const asked: string[] = [];
    window.confirm = (message?: string) => (asked.push(String(message)), true);
    try {
      (await until(() => buttonIn(item, 'Delete'), 'Delete')).focus();
      await sendKeys({ press: 'Enter' });
    } finally {
      window.confirm = saved;
    }
    expect(asked).to.deep.equal(['Delete this message for everyone?']);
    await until(() => bodyOf(items(thread)[0]!) === 'Message deleted', 'deleted here');
    await until(() => bodyOf(items(other)[0]!) === 'Message deleted', 'deleted on the other side');
    expect(items(other).map(bodyOf)).to.deep.equal(['Message deleted', 'What?']);
    // A deleted message offers nothing more.
    expect(buttonIn(items(thread)[0]!, 'Edit')).to.equal(undefined);
    expect(buttonIn(items(other)[0]!, 'Add reaction')).to.equal(undefined);
    await expect(thread).to.be.accessible();
  });

  it('reacts from the picker with the keyboard; counts say who, and a second press takes it back', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Lunch?');
    const [ada, grace] = [await portal.client('m1'), await portal.client('m2')];
    const mine = await mount<ConvThread>(
      ada,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    for (const look of LOOKS) {
      const thread = await mount<ConvThread>(
        grace,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
        look,
      );
      const item = await until(() => items(thread)[0], 'the message');
      (await until(() => buttonIn(item, 'Add reaction'), 'Add reaction')).focus();
      await sendKeys({ press: 'Enter' });
      const picker = await until(
        () => root(thread).querySelector<HTMLElement>('.picker[role="group"]'),
        'picker',
      );
      await until(
        () => root(thread).activeElement?.getAttribute('aria-label') === 'React with 👍',
        'focus on 👍',
      );
      await expect(thread).to.be.accessible();
      await sendKeys({ press: 'Enter' });
      await until(() => !picker.isConnected, 'the picker closed');
      const chip = await until(
        () => root(thread).querySelector<HTMLButtonElement>('.reactions .reaction'),
        'chip',
      );
      expect(chip.textContent!.trim()).to.equal('👍 1');
      expect(chip.getAttribute('aria-pressed')).to.equal('true');
      expect(chip.getAttribute('aria-label')).to.equal('👍 1: You');
      const seen = await until(
        () => root(mine).querySelector<HTMLButtonElement>('.reactions .reaction'),
        'Ada sees it',
      );
      expect(seen.getAttribute('aria-label')).to.equal('👍 1: Grace Hopper');
      expect(seen.getAttribute('aria-pressed')).to.equal('false');
      await expect(thread).to.be.accessible();
      chip.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => !root(thread).querySelector('.reactions'), 'taken back');
      await until(() => !root(mine).querySelector('.reactions'), 'taken back for Ada');
    }
  });

  it('offers no Edit, Delete or reactions when the backend does not serve them', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Plain');
    await portal.send('m2', conversation.id, 'Reply');
    const adapter = portal.backend.adapterFor('m1');
    const bare = Object.create(adapter, { capabilities: { value: [] } }) as typeof adapter;
    const cacheName = uniqueDatabaseName('conv-cache-bare');
    const client = new ConversationsClient(bare, { cacheName });
    try {
      await client.connect();
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      );
      await until(() => items(thread).length === 2, 'both messages');
      const labels = items(thread).flatMap((item) =>
        [...item.querySelectorAll('button')].map((b) => b.textContent!.trim()),
      );
      expect(labels).to.deep.equal(['Report message']);
    } finally {
      client.dispose();
      adapter.close();
      await deleteClientCache(cacheName);
    }
  });
});
