/**
 * Moving from Decidim (S20) end to end, on PGlite and on PostgreSQL: a Decidim-shaped database
 * (server/testing/decidim-fixture.mjs, the columns of Decidim 0.27's migrations) holding a small
 * portal is moved into a real server by the production `import-decidim` command, then the
 * imported members use the elements over HTTP: the envelope is gold for a member who had unread
 * messages in Decidim, and neutral for one who had read everything.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import type { ConversationsClient } from '../../../src/client/conversations-client.js';
import { createClientId } from '../../../src/core/ids.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';
import { envelopeName, openTab, type OpenedTab } from './member-tabs.js';
import {
  hasPostgres,
  lazyServer,
  memberAdapter,
  mintToken,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

async function move(server: TestServer): Promise<{ code: number; output: string }> {
  const started = (await executeServerCommand('conv-decidim-move', { id: server.id, organization: 1 })) as {
    job: string;
  };
  for (let turn = 0; turn < 30; turn++) {
    const state = (await executeServerCommand('conv-wait', { job: started.job })) as {
      done: boolean;
      value?: { code: number; output: string };
    };
    if (state.done) return state.value!;
  }
  throw new Error('The move did not finish within six minutes.');
}

for (const backend of backends) {
  describe(`moving from Decidim on ${backend}`, function () {
    this.timeout(400_000);
    const server = lazyServer(backend);
    let running: TestServer;
    let moved: { code: number; output: string };
    const frames: OpenedTab[] = [];

    before(async () => {
      running = await server.get();
      moved = await move(running);
    });
    after(async () => {
      for (const { frame, tab } of frames.splice(0)) {
        tab.close();
        frame.remove();
      }
      await server.stop();
    });

    it('moves members, groups and every conversation with one command, refusing nothing', () => {
      expect(moved.code, moved.output).to.equal(0);
      expect(moved.output).to.include('1 follows, 2 blocked or deleted accounts');
      expect(moved.output).to.match(
        /Done: 15 lines: 3 conversations, 6 messages, 6 read markers, 0 already there, 0 refused/,
      );
    });

    it('keeps names, the group and who wrote as it, and leaves the other organization behind', async () => {
      const ana = memberAdapter(running, '', '1');
      try {
        const viewer = await ana.getViewer();
        expect(viewer.member).to.deep.include({ id: '1', name: 'Ana Alves', profileUrl: '/profiles/ana' });
        expect(viewer.managedGroups.map((group) => group.name)).to.deep.equal(['Community Garden']);
        const { items } = await ana.listConversations();
        expect(items.map((c) => c.lastMessage?.body)).to.deep.equal([
          'Thanks, I will come.',
          'Bring the minutes, please.',
          'An old message from an account now deleted.',
        ]);
        // A moderator blocked Cy, and account 4 was deleted: both keep their place, without a name.
        const shown = (c: (typeof items)[number]) =>
          c.participants.map((p) => [p.kind, p.name, 'status' in p ? (p.status ?? null) : null]);
        expect(shown(items[0])).to.deep.equal([
          ['group', 'Community Garden', null],
          ['member', '', 'blocked'],
        ]);
        expect(shown(items[2])).to.deep.equal([
          ['member', '', 'deleted'],
          ['member', 'Ana Alves', null],
        ]);
        expect(items[1].lastMessage?.sentAt).to.equal(Date.UTC(2022, 2, 1, 10, 10));
        const garden = (await ana.listMessages(items[0].id)).items[0];
        expect(garden.body).to.equal('The garden opens on Saturday.');
        expect(garden.author.id, 'the manager whose receipt was read as it was sent').to.equal('1');
        expect(garden.onBehalfOf?.id).to.equal('10');
        expect(await ana.getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });
      } finally {
        ana.close();
      }
      const eve = memberAdapter(running, '', '6');
      try {
        const refused = await eve.getViewer().then(
          () => undefined,
          (error: unknown) => error,
        );
        // A token for someone the directory does not hold is refused, as for any stranger.
        expect((refused as { code?: string })?.code).to.equal('forbidden');
      } finally {
        eve.close();
      }
    });

    it("moves who may message whom: Bo's followed-only, his follows, and a garden read by its managers only", async () => {
      const bo = memberAdapter(running, '', '2');
      const dee = memberAdapter(running, '', '5');
      try {
        expect((await bo.getSettings()).acceptFrom).to.equal('followed');
        expect((await bo.getViewer()).groups, 'a requested membership is none').to.deep.equal([]);
        // Bo follows Ana only: Dee may not write to him.
        const refused = await dee
          .startConversation({
            recipients: [{ kind: 'member', id: '2' }],
            body: 'Hello Bo',
            clientId: createClientId(),
          })
          .then(
            () => undefined,
            (error: unknown) => error as { code?: string; reason?: string },
          );
        expect(refused?.reason).to.equal('not-accepting');
        // Dee belongs to the garden without managing it: as in Decidim, its conversation is not hers.
        expect((await dee.getViewer()).groups.map((group) => group.id)).to.deep.equal(['10']);
        expect((await dee.listConversations()).items).to.deep.equal([]);
        expect(await dee.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
      } finally {
        bo.close();
        dee.close();
      }
    });

    it('an imported member with unread messages in Decidim sees a gold envelope; one who read all, a neutral one', async () => {
      async function member(id: string): Promise<{ client: ConversationsClient; badge: ConvEnvelopeBadge }> {
        const opened = await openTab();
        frames.push(opened);
        return opened.tab.connect({
          baseUrl: running.urls[frames.length % running.urls.length],
          token: () => mintToken(running, id, ''),
          cacheName: uniqueDatabaseName(`decidim-${backend}-${id}`),
        });
      }
      const bo = await member('2');
      await waitUntil(
        () => envelopeName(bo.badge) === 'Conversations, 1 unread',
        'Bo’s envelope is not gold',
        {
          timeout: 10_000,
        },
      );
      const body = bo.badge.shadowRoot!.querySelector('[part="icon"] .body')!;
      expect(getComputedStyle(body).fill).to.equal('rgb(184, 134, 11)');

      const { items } = await bo.client.adapter.listConversations();
      expect(items.map((c) => c.unreadCount)).to.deep.equal([1]);
      await bo.client.markRead(items[0].id, items[0].lastMessage!.id);
      await waitUntil(() => envelopeName(bo.badge) === 'Conversations', 'Bo’s envelope did not turn back', {
        timeout: 10_000,
      });
    });
  });
}
