/**
 * The elements on the HttpAdapter, against a real reference-server process: two members in two
 * browsing contexts (same-origin iframes, each with its own documents, elements and client), one
 * writes, and the other's envelope turns gold; once they read, it turns back.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import type { ConversationsClient } from '../../../src/client/conversations-client.js';
import { FIXTURE_DIRECTORY, uniqueDatabaseName } from '../../helpers/local-backend.js';
import { envelopeName, openTab, type OpenedTab } from './member-tabs.js';
import {
  createSpace,
  deleteSpace,
  lazyServer,
  loadDirectory,
  mintToken,
  type TestServer,
} from './support.js';

const server = lazyServer('pglite');
after(() => server.stop());

describe('the envelope on the HttpAdapter and the reference server', () => {
  let running: TestServer;
  let space: string;
  const frames: OpenedTab[] = [];

  async function member(id: string): Promise<{ client: ConversationsClient; badge: ConvEnvelopeBadge }> {
    const opened = await openTab();
    frames.push(opened);
    return opened.tab.connect({
      baseUrl: running.urls[frames.length % running.urls.length],
      token: () => mintToken(running, id, space),
      cacheName: uniqueDatabaseName(`http-cache-${id}`),
    });
  }

  beforeEach(async () => {
    running = await server.get();
    space = await createSpace(running);
    await loadDirectory(running, space, FIXTURE_DIRECTORY);
  });

  afterEach(async () => {
    for (const { frame, tab } of frames.splice(0)) {
      tab.close();
      frame.remove();
    }
    await deleteSpace(running, space);
  });

  it('turns the other member’s envelope gold when one writes, and back when they read', async () => {
    const grace = await member('m2');
    const ada = await member('m1');
    await waitUntil(() => envelopeName(ada.badge) === 'Conversations', 'Ada’s envelope never appeared', {
      timeout: 5000,
    });

    const { conversation, message } = await grace.client.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Over HTTP, live',
    });
    await waitUntil(
      () => envelopeName(ada.badge) === 'Conversations, 1 unread',
      'Ada’s envelope stayed neutral',
      {
        timeout: 5000,
      },
    );
    const body = ada.badge.shadowRoot!.querySelector('[part="icon"] .body')!;
    expect(getComputedStyle(body).fill).to.equal('rgb(184, 134, 11)');
    expect(envelopeName(grace.badge)).to.equal('Conversations');

    await ada.client.markRead(conversation.id, message.id);
    await waitUntil(() => envelopeName(ada.badge) === 'Conversations', 'Ada’s envelope did not turn back', {
      timeout: 5000,
    });
  });
});
