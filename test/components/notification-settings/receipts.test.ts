/**
 * The read-receipt switch (S27/S28): shown where the backend serves receipts, on by default,
 * saved at once with the keyboard, put back on failure; absent for a backend without them.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-notification-settings.js';
import type { ConvNotificationSettings } from '../../../src/components/notification-settings/notification-settings.js';
import type { ConversationsAdapter } from '../../../src/adapter/adapter.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';
import { failing } from '../../helpers/faults.js';
import { clientFor, disposeClients } from '../../helpers/clients.js';

const RECEIPTS = 'Read receipts and typing';

function switchNamed(element: ConvNotificationSettings, name: string): HTMLInputElement | undefined {
  const label = [...element.shadowRoot!.querySelectorAll('label')].find(
    (l) => l.textContent!.trim() === name,
  );
  return label ? (element.shadowRoot!.getElementById(label.htmlFor) as HTMLInputElement) : undefined;
}

function status(element: ConvNotificationSettings): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
}

describe('<conv-notification-settings> read receipts', () => {
  let backend: LocalBackend;
  beforeEach(async () => {
    backend = await freshBackend();
  });
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  async function settingsWith(client: ConversationsClient, dark = false) {
    await emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    const provider = await fixture(
      html`<div dir=${dark ? 'rtl' : 'ltr'}>
        <conv-provider .client=${client}
          ><conv-notification-settings></conv-notification-settings
        ></conv-provider>
      </div>`,
    );
    const element = provider.querySelector('conv-notification-settings')!;
    // Before the first answer the switches are placeholders (see the loading-state test).
    await waitUntil(
      () => switchNamed(element, 'In the portal')?.disabled === false,
      'the switches never loaded',
    );
    return element;
  }

  it('is on by default and turns off with the keyboard alone, saved and said (dark, RTL)', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'), true);
    const receipts = switchNamed(element, RECEIPTS)!;
    expect(receipts.getAttribute('role')).to.equal('switch');
    expect(receipts.checked).to.equal(true);
    await expect(element).to.be.accessible();
    receipts.focus();
    const changed = oneEvent(element, 'conv-settings-change');
    await sendKeys({ press: 'Space' });
    expect((await changed).detail.settings).to.deep.equal({ inApp: true, email: true, readReceipts: false });
    await waitUntil(() => status(element) === 'Saved.');
    expect((await backend.adapterFor('m1').getSettings()).readReceipts).to.equal(false);
    expect(receipts.checked).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('is put back when saving fails', async () => {
    const adapter: ConversationsAdapter = failing(
      backend.adapterFor('m1'),
      'updateSettings',
      () => new UnavailableError(),
    );
    const client = new ConversationsClient(adapter, { cacheName: uniqueDatabaseName('cache') });
    const element = await settingsWith(client);
    const receipts = switchNamed(element, RECEIPTS)!;
    receipts.click();
    await waitUntil(() => status(element).startsWith('Not saved'), 'no error was shown');
    expect(receipts.checked).to.equal(true);
    expect((await backend.adapterFor('m1').getSettings()).readReceipts).to.equal(undefined);
    await expect(element).to.be.accessible();
    client.dispose();
  });

  it('is absent where the backend serves no receipts', async () => {
    const local = backend.adapterFor('m1');
    const without = new Proxy(local, {
      get: (target, key, receiver) => (key === 'capabilities' ? [] : Reflect.get(target, key, receiver)),
    });
    const client = new ConversationsClient(without, { cacheName: uniqueDatabaseName('cache') });
    const element = await settingsWith(client);
    expect(switchNamed(element, RECEIPTS)).to.equal(undefined);
    client.dispose();
  });
});
