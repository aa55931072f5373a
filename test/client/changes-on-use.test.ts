/**
 * Edits, deletions and reactions load their service on first use (`#changeService` in the
 * client). When that module cannot be fetched (offline, or a deploy replaced it), the change is
 * refused with `UnavailableError`, as the backend offline would refuse it, not with the
 * browser's own error; the next change fetches the module again and goes through. The fetch is
 * made to fail in Chromium itself (the `network-faults` test-runner plugin). This file is alone
 * with that module: once a page has loaded it, no fetch is made again.
 */
import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import { UnavailableError } from '../../src/core/errors.js';
import { freshBackend } from '../helpers/local-backend.js';
import { cacheName, dropCaches } from './helpers.js';
import { failNextFetch } from '../helpers/network-faults.js';

describe('ConversationsClient: the changes loaded on first use', () => {
  let backend: LocalBackend;
  let client: ConversationsClient | undefined;

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    client?.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('refuses an edit as unavailable when its module cannot be fetched, and makes the next one', async () => {
    const { conversation, message } = await backend.adapterFor('m1').startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Frist',
      clientId: 'client-first-edit',
    });
    client = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cacheName() });
    // The test runner serves the TypeScript source under its own name.
    await failNextFetch('/src/client/services/message-change-service.ts');

    let refusal: unknown;
    try {
      await client.editMessage(conversation.id, message.id, 'First');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(UnavailableError);
    const [unchanged] = (await backend.adapterFor('m2').listMessages(conversation.id)).items;
    expect(unchanged!.body).to.equal('Frist');

    const edited = await client.editMessage(conversation.id, message.id, 'First');
    expect(edited.body).to.equal('First');
    expect(edited.editedAt).to.be.a('number');
  });
});
