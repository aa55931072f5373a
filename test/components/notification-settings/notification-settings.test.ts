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
});
