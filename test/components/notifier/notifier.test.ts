import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-notifier.js';
import type { ConvNotifier } from '../../../src/components/notifier/notifier.js';
import type { ConversationsClient } from '../../../src/client/conversations-client.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { createClientId } from '../../../src/core/ids.js';
import { freshBackend } from '../../helpers/local-backend.js';
import { clientFor, disposeClients } from '../../helpers/clients.js';

function notices(notifier: ConvNotifier): string[] {
  return [...notifier.shadowRoot!.querySelectorAll('[part="notice"] p')].map((p) => p.textContent!.trim());
}

describe('<conv-notifier>', () => {
  let backend: LocalBackend;
  let client: ConversationsClient;
  let notifier: ConvNotifier;

  async function write(from: string, to: string[], body: string) {
    return backend.adapterFor(from).startConversation({
      recipients: to.map((id) => ({ kind: 'member', id })),
      body,
      clientId: createClientId(),
    });
  }

  beforeEach(async () => {
    backend = await freshBackend();
    client = clientFor(backend, 'm1');
    const provider = await fixture(
      html`<conv-provider .client=${client}><conv-notifier inline></conv-notifier></conv-provider>`,
    );
    notifier = provider.querySelector('conv-notifier')!;
    // The notifier waits for the member's settings before it decides; let them load first.
    await waitUntil(() => client.settings.value.status === 'ready', 'settings never loaded');
  });

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  it('names the sender of a one-to-one message in a polite live region', async () => {
    const region = notifier.shadowRoot!.querySelector('[part="base"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    await expect(notifier).to.be.accessible();
    await write('m2', ['m1'], 'Hello Ada');
    await waitUntil(() => notices(notifier).length === 1, 'no notice appeared', { timeout: 3000 });
    expect(notices(notifier)).to.deep.equal(['New message from Grace Hopper']);
    await expect(notifier).to.be.accessible();
  });

  it('names the conversation when there are several others', async () => {
    await write('m2', ['m1', 'm3'], 'Hello both');
    await waitUntil(() => notices(notifier).length === 1, 'no notice appeared', { timeout: 3000 });
    expect(notices(notifier)[0]).to.equal('New message from Grace Hopper in Grace Hopper and Alan Turing');
  });

  it('never notifies the member of their own messages', async () => {
    await write('m1', ['m2'], 'I wrote this');
    // A later message from someone else is the marker: once its notice is there, the own one had its chance.
    await write('m3', ['m1'], 'marker');
    await waitUntil(() => notices(notifier).length > 0, 'no notice appeared', { timeout: 3000 });
    expect(notices(notifier)).to.deep.equal(['New message from Alan Turing']);
  });

  it('stays quiet when the in-app setting is off, and speaks again when it is on', async () => {
    await client.updateSettings({ inApp: false });
    const arrived = new Promise<void>((resolve) => {
      const stop = client.onIncoming(() => {
        stop();
        resolve();
      });
    });
    await write('m2', ['m1'], 'while switched off');
    // Listeners run in order of subscription: by now the notifier has seen (and skipped) it.
    await arrived;
    await client.updateSettings({ inApp: true });
    await write('m3', ['m1'], 'after switching on');
    await waitUntil(() => notices(notifier).length > 0, 'no notice appeared', { timeout: 3000 });
    expect(notices(notifier)).to.deep.equal(['New message from Alan Turing']);
  });

  it('stays quiet for the conversation the member has open', async () => {
    const { conversation } = await write('m2', ['m1'], 'first');
    await waitUntil(() => notices(notifier).length === 1, 'no notice appeared', { timeout: 3000 });
    notifier.clear();
    client.setActiveConversation(conversation.id);
    await backend
      .adapterFor('m2')
      .sendMessage({ conversationId: conversation.id, body: 'while open', clientId: createClientId() });
    await write('m3', ['m1'], 'marker');
    await waitUntil(() => notices(notifier).length > 0, 'no notice appeared', { timeout: 3000 });
    expect(notices(notifier)).to.deep.equal(['New message from Alan Turing']);
  });

  it('opens a conversation from its notice, and dismisses notices, with the keyboard too', async () => {
    const { conversation } = await write('m2', ['m1'], 'open me');
    await write('m3', ['m1'], 'dismiss me');
    await waitUntil(() => notices(notifier).length === 2, 'the notices did not appear', { timeout: 3000 });

    const dismiss = notifier.shadowRoot!.querySelector<HTMLButtonElement>('[part="dismiss"]')!;
    expect(dismiss.getAttribute('aria-label')).to.equal('Dismiss: New message from Alan Turing');
    dismiss.focus();
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => notices(notifier).length === 1);

    const open = notifier.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!;
    const opened = oneEvent(notifier, 'conv-open-conversation');
    open.focus();
    await sendKeys({ press: 'Enter' });
    expect((await opened).detail.conversationId).to.equal(conversation.id);
    expect(notices(notifier)).to.deep.equal([]);
  });

  it('is accessible in dark mode with a notice', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    await write('m2', ['m1'], 'in the dark');
    await waitUntil(() => notices(notifier).length === 1, 'no notice appeared', { timeout: 3000 });
    await expect(notifier).to.be.accessible();
  });
});
