import { expect, html } from '@open-wc/testing';
import '../../../src/define/conv-thread.js';
import type { SendMessageInput } from '../../../src/adapter/adapter.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { InternalError } from '../../../src/core/errors.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';
import { mount, openPortal, until, type Portal } from '../inbox/harness.js';

function messages(thread: ConvThread): HTMLElement[] {
  return [...thread.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')];
}

function button(item: HTMLElement, label: string): HTMLButtonElement | undefined {
  return [...item.querySelectorAll('button')].find((candidate) => candidate.textContent!.trim() === label);
}

describe('<conv-thread> and a server that fails unexpectedly', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('shows a message the server kept failing on as failed, with Try again and Discard, and sends the next', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hi');
    const adapter = portal.backend.adapterFor('m1');
    const send = adapter.sendMessage.bind(adapter);
    let faulty = true;
    adapter.sendMessage = (input: SendMessageInput, options) =>
      faulty && input.body === 'Poison' ? Promise.reject(new InternalError()) : send(input, options);
    const cacheName = uniqueDatabaseName('conv-cache-internal');
    const client = new ConversationsClient(adapter, { cacheName, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    try {
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
      );
      await until(() => messages(thread).length === 1, 'the thread');
      const poison = await client.send(conversation.id, 'Poison');
      const next = await client.send(conversation.id, 'After');
      expect((await client.settled(conversation.id, poison.clientId)).status).to.equal('failed');
      expect((await client.settled(conversation.id, next.clientId)).status).to.equal('sent');
      await until(
        () => messages(thread).some((item) => item.classList.contains('failed')),
        'the failed message',
      );
      const failed = messages(thread).find((item) => item.classList.contains('failed'))!;
      expect(failed.textContent).to.contain('Poison');
      expect(button(failed, 'Try again'), 'a Try again button').to.not.equal(undefined);
      expect(button(failed, 'Discard'), 'a Discard button').to.not.equal(undefined);
      const page = await adapter.listMessages(conversation.id);
      expect(page.items.map((message) => message.body)).to.deep.equal(['Hi', 'After']);
      await expect(thread).to.be.accessible();

      faulty = false;
      button(failed, 'Try again')!.click();
      await until(
        () => !messages(thread).some((item) => item.classList.contains('failed')),
        'the retried message no longer failed',
      );
      expect((await client.settled(conversation.id, poison.clientId)).status).to.equal('sent');
      const after = await adapter.listMessages(conversation.id);
      expect(after.items.map((message) => message.body)).to.deep.equal(['Hi', 'After', 'Poison']);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });
});
