/** S14, S15 in the settings element: "who can send you messages", and the blocked members. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-notification-settings.js';
import type { ConvNotificationSettings } from '../../../src/components/notification-settings/notification-settings.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { failing } from '../../helpers/faults.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';
import { clientFor, disposeClients } from '../../helpers/clients.js';

const radio = (element: ConvNotificationSettings, value: string) =>
  element.shadowRoot!.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`)!;
const status = (element: ConvNotificationSettings) =>
  element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
const blockedNames = (element: ConvNotificationSettings) =>
  [...element.shadowRoot!.querySelectorAll('[part="blocked"] li span')].map((span) => span.textContent);

describe('<conv-notification-settings>: who may message me, blocked members', () => {
  let backend: LocalBackend;

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  async function settingsWith(client: ConversationsClient, dir = 'ltr') {
    const provider = await fixture(
      html`<div dir=${dir}>
        <conv-provider .client=${client}
          ><conv-notification-settings></conv-notification-settings
        ></conv-provider>
      </div>`,
    );
    const element = provider.querySelector('conv-notification-settings')!;
    await waitUntil(() => radio(element, 'anyone') && !radio(element, 'anyone').disabled, 'never loaded');
    return element;
  }

  it('chooses "only members I follow" with the keyboard alone, saved and confirmed', async () => {
    const element = await settingsWith(clientFor(backend, 'm1'));
    expect(radio(element, 'anyone').checked).to.equal(true);
    radio(element, 'anyone').focus();
    const changed = oneEvent(element, 'conv-settings-change');
    await sendKeys({ press: 'ArrowDown' });
    expect((await changed).detail.settings).to.deep.equal({
      inApp: true,
      email: true,
      acceptFrom: 'followed',
    });
    await waitUntil(() => status(element) === 'Saved.');
    expect(radio(element, 'followed').checked).to.equal(true);
    expect((await backend.adapterFor('m1').getSettings()).acceptFrom).to.equal('followed');
    await expect(element).to.be.accessible();
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(async () => (await backend.adapterFor('m1').getSettings()).acceptFrom === undefined);
  });

  it('puts the choice back and says why when saving fails', async () => {
    const adapter = failing(backend.adapterFor('m1'), 'updateSettings', () => new UnavailableError());
    const client = new ConversationsClient(adapter, { cacheName: uniqueDatabaseName('cache') });
    const element = await settingsWith(client);
    radio(element, 'followed').click();
    await waitUntil(() => status(element).startsWith('Not saved'), 'no error was shown');
    expect(radio(element, 'anyone').checked).to.equal(true);
    expect((await backend.adapterFor('m1').getSettings()).acceptFrom).to.equal(undefined);
    client.dispose();
  });

  it('lists blocked members; Unblock with the keyboard lifts the block', async () => {
    const m1 = backend.adapterFor('m1');
    await m1.blockMember('m2');
    await m1.blockMember('m3');
    const element = await settingsWith(clientFor(backend, 'm1'));
    await waitUntil(() => blockedNames(element).length === 2, 'the blocked members never showed');
    expect(blockedNames(element)).to.deep.equal(['Alan Turing', 'Grace Hopper']);
    await expect(element).to.be.accessible();
    const unblock = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="unblock-button"]')!;
    expect(unblock.getAttribute('aria-label')).to.equal('Unblock Alan Turing');
    unblock.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => blockedNames(element).length === 1, 'the list did not shrink');
    expect(status(element)).to.equal('Alan Turing is no longer blocked.');
    expect((await m1.listBlockedMembers()).map((m) => m.id)).to.deep.equal(['m2']);
    expect(element.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Unblock Grace Hopper');
    await sendKeys({ press: 'Space' });
    await waitUntil(() => element.shadowRoot!.textContent!.includes('You have not blocked anyone.'));
    await expect(element).to.be.accessible();
  });

  for (const [scheme, dir] of [
    ['dark', 'ltr'],
    ['light', 'rtl'],
    ['dark', 'rtl'],
  ] as const) {
    it(`is accessible in ${scheme} mode, ${dir}, with a blocked member and "followed"`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const m1 = backend.adapterFor('m1');
      await m1.blockMember('m5');
      await m1.updateSettings({ acceptFrom: 'followed' });
      const element = await settingsWith(clientFor(backend, 'm1'), dir);
      await waitUntil(() => blockedNames(element).length === 1);
      expect(radio(element, 'followed').checked).to.equal(true);
      await expect(element).to.be.accessible();
    });
  }
});
