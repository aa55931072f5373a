import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-notification-settings.js';
import type { ConvNotificationSettings } from '../../../src/components/notification-settings/notification-settings.js';
import type { ConversationsAdapter } from '../../../src/adapter/adapter.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { createClientId } from '../../../src/core/ids.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';
import { failing } from '../../helpers/faults.js';
import { clientFor, disposeClients } from '../../helpers/clients.js';

function switchNamed(element: ConvNotificationSettings, name: string): HTMLInputElement {
  const label = [...element.shadowRoot!.querySelectorAll('label')].find(
    (l) => l.textContent!.trim() === name,
  );
  if (!label) throw new Error(`No switch labelled ${name}`);
  return element.shadowRoot!.getElementById(label.htmlFor) as HTMLInputElement;
}

function status(element: ConvNotificationSettings): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
}

/** The edge of the system failing: the backend refuses every settings change as unreachable. */
function withUnreachableSettings(adapter: ConversationsAdapter): ConversationsAdapter {
  return failing(adapter, 'updateSettings', () => new UnavailableError());
}

describe('<conv-notification-settings>', () => {
  let backend: LocalBackend;

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  async function settingsWith(client: ConversationsClient) {
    const provider = await fixture(
      html`<conv-provider .client=${client}
        ><conv-notification-settings></conv-notification-settings
      ></conv-provider>`,
    );
    const element = provider.querySelector('conv-notification-settings')!;
    await waitUntil(
      () =>
        element.shadowRoot?.querySelector('[role="switch"]') &&
        !switchNamed(element, 'In the portal').disabled,
      'the switches never loaded',
    );
    return element;
  }

  it('before the first answer shows a loading state, never a switch that says "off"', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const adapter = backend.adapterFor('m1');
    const slow = new Proxy(adapter, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'getSettings') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<typeof adapter.getSettings>) => {
          await held;
          return target.getSettings(...args);
        };
      },
    });
    const client = new ConversationsClient(slow, { cacheName: uniqueDatabaseName('conv-cache-slow') });
    try {
      const provider = await fixture(
        html`<conv-provider .client=${client}
          ><conv-notification-settings></conv-notification-settings
        ></conv-provider>`,
      );
      const element = provider.querySelector('conv-notification-settings')!;
      await element.updateComplete;
      const root = element.shadowRoot!;
      expect(root.querySelectorAll('[role="switch"]'), 'no switch claims a state').to.have.length(0);
      expect(root.querySelector('fieldset')!.getAttribute('aria-busy')).to.equal('true');
      expect(status(element)).to.equal('Loading…');
      // The labels are there, and the placeholders hold the switches' place.
      expect([...root.querySelectorAll('.label')].map((l) => l.textContent)).to.deep.equal([
        'In the portal',
        'By email',
        'One summary email instead',
        'Read receipts and typing',
      ]);
      const placeholder = root.querySelector('.placeholder')!.getBoundingClientRect();
      expect(placeholder.width).to.be.greaterThan(10);
      await expect(element).to.be.accessible();
      answer();
      await waitUntil(() => root.querySelector('[role="switch"]'), 'the switches after the answer');
      expect(switchNamed(element, 'In the portal').checked).to.equal(true);
      expect(root.querySelector('fieldset')!.getAttribute('aria-busy')).to.equal('false');
    } finally {
      answer();
      client.dispose();
    }
  });

  it('shows both switches from the backend, on by default, as labelled switches', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    for (const name of ['In the portal', 'By email']) {
      const input = switchNamed(element, name);
      expect(input.getAttribute('role')).to.equal('switch');
      expect(input.checked).to.equal(true);
    }
    await expect(element).to.be.accessible();
  });

  it('saves each switch at once, confirms it, and fires conv-settings-change', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    const email = switchNamed(element, 'By email');
    const changed = oneEvent(element, 'conv-settings-change');
    email.click();
    expect((await changed).detail.settings).to.deep.equal({ inApp: true, email: false });
    await waitUntil(() => status(element) === 'Saved.');
    expect(await backend.adapterFor('m1').getSettings()).to.deep.equal({ inApp: true, email: false });
    // Another member's settings are their own.
    expect(await backend.adapterFor('m2').getSettings()).to.deep.equal({ inApp: true, email: true });
    await expect(element).to.be.accessible();
  });

  it('works with the keyboard alone', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    switchNamed(element, 'In the portal').focus();
    const changed = oneEvent(element, 'conv-settings-change');
    await sendKeys({ press: 'Space' });
    expect((await changed).detail.settings.inApp).to.equal(false);
    expect((await backend.adapterFor('m1').getSettings()).inApp).to.equal(false);
  });

  it('puts the switch back and says why when saving fails', async () => {
    const client = new ConversationsClient(withUnreachableSettings(backend.adapterFor('m1')), {
      cacheName: uniqueDatabaseName('cache'),
    });
    const element = await settingsWith(client);
    const inApp = switchNamed(element, 'In the portal');
    inApp.click();
    await waitUntil(() => status(element).startsWith('Not saved'), 'no error was shown');
    expect(inApp.checked).to.equal(true);
    expect((await backend.adapterFor('m1').getSettings()).inApp).to.equal(true);
    await expect(element).to.be.accessible();
    client.dispose();
  });

  it('follows a change made elsewhere (another tab)', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    await backend.adapterFor('m1').updateSettings({ email: false });
    await waitUntil(() => !switchNamed(element, 'By email').checked, 'the switch did not follow', {
      timeout: 3000,
    });
  });

  it('is accessible in dark mode', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const element = await settingsWith(clientFor(backend, 'm1'));
    await expect(element).to.be.accessible();
  });

  it('saves the digest choice, and offers it only while email is on', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    const digest = switchNamed(element, 'One summary email instead');
    expect(digest.checked).to.equal(false);
    const changed = oneEvent(element, 'conv-settings-change');
    digest.click();
    expect((await changed).detail.settings).to.deep.equal({ inApp: true, email: true, emailMode: 'digest' });
    expect((await backend.adapterFor('m1').getSettings()).emailMode).to.equal('digest');
    switchNamed(element, 'By email').click();
    await waitUntil(
      () => switchNamed(element, 'One summary email instead').disabled,
      'digest stayed enabled',
    );
    await expect(element).to.be.accessible();
  });

  it('downloads the member’s data as a JSON file where the backend exports', async () => {
    const m1 = backend.adapterFor('m1');
    const { conversation } = await m1.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Hello <b>m2</b>',
      clientId: createClientId(),
    });
    await backend.adapterFor('m2').sendMessage({
      conversationId: conversation.id,
      body: 'Hello back',
      clientId: createClientId(),
    });
    const element = await settingsWith(clientFor(backend, 'm1'));
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="export"]')!;
    expect(button.textContent!.trim()).to.equal('Download my data');
    await expect(element).to.be.accessible();
    const saved: { blob: Blob; name: string }[] = [];
    const createObjectURL = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (blob: Blob) => {
      const url = createObjectURL(blob);
      saved.push({ blob, name: '' });
      return url;
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved[saved.length - 1].name = this.download;
    };
    try {
      button.click();
      await waitUntil(() => saved.length === 1 && saved[0].name !== '', 'no file was saved');
    } finally {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
    expect(saved[0].name).to.equal('conversations-export.json');
    expect(saved[0].blob.type).to.equal('application/json');
    const data = JSON.parse(await saved[0].blob.text());
    expect(data).to.deep.include({ format: 'conv-elements/export', version: 1 });
    expect(data.member.id).to.equal('m1');
    expect(data.settings).to.deep.equal({ inApp: true, email: true });
    expect(data.conversations).to.have.length(1);
    expect(data.conversations[0].messages.map((message: { body: string }) => message.body)).to.deep.equal([
      'Hello <b>m2</b>',
      'Hello back',
    ]);
    expect(data.conversations[0].participants.map((party: { id: string }) => party.id)).to.deep.equal([
      'm1',
      'm2',
    ]);
  });

  it('offers no download where the backend does not declare it', async () => {
    const adapter = backend.adapterFor('m1');
    const narrowed = Object.assign(Object.create(adapter) as ConversationsAdapter, { capabilities: [] });
    const client = new ConversationsClient(narrowed, { cacheName: uniqueDatabaseName('cache') });
    const element = await settingsWith(client);
    expect(element.shadowRoot!.querySelector('[part="export"]')).to.equal(null);
    client.dispose();
  });
});
