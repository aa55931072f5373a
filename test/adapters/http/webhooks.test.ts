/**
 * Webhooks (S23) from real server processes to a receiving server on 127.0.0.1 that checks each
 * delivery's signature and timestamp and counts them: every event is delivered at least once and
 * a repeat is recognisable by its id; a refused delivery is retried through the queue with its
 * attempts visible; an endpoint that keeps failing is disabled with the reason; only https URLs
 * to public addresses are taken (the loopback exception is the test setting).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createClientId } from '../../../src/core/ids.js';
import { admin, hasPostgres, memberAdapter, stopServer, type Backend, type TestServer } from './support.js';
import {
  hits,
  receiver,
  register as registerEndpoint,
  spaceWithMembers as spaceWithFixture,
  webhookServer,
  type Endpoint,
} from './webhook-fixture.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`webhooks on ${backend}`, function () {
    this.timeout(120_000);
    let server: TestServer;

    before(async () => {
      server = await webhookServer(backend);
    });
    after(() => stopServer(server));

    const spaceWithMembers = () => spaceWithFixture(server);
    const register = (space: string, url: string, events?: readonly string[]) =>
      registerEndpoint(server, space, url, events);

    it('delivers every event, signed, at least once, each recognisable by its id', async () => {
      const space = await spaceWithMembers();
      const hook = await receiver();
      const endpoint = await register(space, hook.url);
      expect(endpoint.secret).to.match(/^whsec_/);
      await executeServerCommand('conv-webhook-set', { id: hook.id, secret: endpoint.secret });

      const ana = memberAdapter(server, space, 'ana');
      const bo = memberAdapter(server, space, 'bo');
      try {
        const { conversation, message } = await ana.startConversation({
          recipients: [{ kind: 'member', id: 'bo' }],
          body: 'Hello Bo',
          clientId: createClientId(),
        });
        const reply = await bo.sendMessage({
          conversationId: conversation.id,
          body: 'Hello Ana',
          clientId: createClientId(),
        });
        const report = await bo.report({
          target: { kind: 'message', conversationId: conversation.id, messageId: message.id },
          reason: 'Testing the moderators',
        });
        // The moderators block Ana (S16): the portal's endpoint hears it.
        const blocked = await admin(server, 'PUT', '/admin/v1/members/ana/block', undefined, space);
        expect(blocked.status).to.equal(204);

        const expected = [
          `conversation.started:${conversation.id}`,
          `message.created:${message.id}`,
          `message.created:${reply.id}`,
          `report.created:${report.id}`,
        ];
        await waitUntil(
          async () => {
            const ids = new Set((await hits(hook.id)).map((hit) => hit.eventId));
            return (
              expected.every((id) => ids.has(id)) && [...ids].some((id) => id.startsWith('member.blocked:'))
            );
          },
          'every event reached the receiver',
          { timeout: 20_000, interval: 100 },
        );
        const received = await hits(hook.id);
        for (const hit of received) {
          expect(hit.valid, `${hit.eventId} is signed with the endpoint's secret`).to.equal(true);
          expect(hit.fresh, `${hit.eventId} has a current timestamp`).to.equal(true);
          expect(hit.contentType).to.equal('application/json');
          expect(hit.event.id).to.equal(hit.eventId);
          expect(hit.event.type).to.equal(hit.type);
        }
        // A receiver keeps what it has seen by id: the set of ids is the set of events.
        const unique = new Map(received.map((hit) => [hit.eventId, hit.event]));
        expect(unique.size).to.equal(5);
        const started = unique.get(`conversation.started:${conversation.id}`)!;
        expect(started.data).to.deep.include({ conversationId: conversation.id, startedBy: 'ana' });
        const created = unique.get(`message.created:${reply.id}`)!;
        expect(created.data.message).to.deep.include({ id: reply.id, authorId: 'bo', body: 'Hello Ana' });
        const reported = unique.get(`report.created:${report.id}`)!;
        expect(reported.data).to.deep.include({
          id: report.id,
          reportedBy: 'bo',
          reason: 'Testing the moderators',
        });
        const block = [...unique.values()].find((event) => event.type === 'member.blocked')!;
        expect(block.data).to.deep.equal({ memberId: 'ana', by: { kind: 'moderator' } });

        const attempts = await admin(
          server,
          'GET',
          `/admin/v1/webhooks/${endpoint.id}/attempts`,
          undefined,
          space,
        );
        const items = (attempts.body as { items: { ok: boolean; status: number }[] }).items;
        expect(items.length).to.be.at.least(5);
        expect(items.every((item) => item.ok && item.status === 200)).to.equal(true);
      } finally {
        ana.close();
        bo.close();
      }
    });

    it('retries a refused delivery with backoff, and shows the attempts', async () => {
      const space = await spaceWithMembers();
      const hook = await receiver({ failFirst: 2, failWith: 503 });
      const endpoint = await register(space, hook.url, ['message.created']);
      await executeServerCommand('conv-webhook-set', { id: hook.id, secret: endpoint.secret });
      const ana = memberAdapter(server, space, 'ana');
      try {
        const { message } = await ana.startConversation({
          recipients: [{ kind: 'member', id: 'bo' }],
          body: 'Retried',
          clientId: createClientId(),
        });
        await waitUntil(
          async () => (await hits(hook.id)).some((hit) => hit.answered === 200),
          'the third attempt was delivered',
          { timeout: 30_000, interval: 200 },
        );
        const received = await hits(hook.id);
        expect(received.map((hit) => [hit.eventId, hit.attempt, hit.answered])).to.deep.equal([
          [`message.created:${message.id}`, 1, 503],
          [`message.created:${message.id}`, 2, 503],
          [`message.created:${message.id}`, 3, 200],
        ]);
        const attempts = await admin(
          server,
          'GET',
          `/admin/v1/webhooks/${endpoint.id}/attempts`,
          undefined,
          space,
        );
        const items = (
          attempts.body as { items: { attempt: number; status: number; ok: boolean; error: string | null }[] }
        ).items;
        expect(items.map((item) => [item.attempt, item.status, item.ok])).to.deep.equal([
          [3, 200, true],
          [2, 503, false],
          [1, 503, false],
        ]);
        expect(items[1].error).to.equal('HTTP 503');
        const list = await admin(server, 'GET', '/admin/v1/webhooks', undefined, space);
        const [listed] = (list.body as { items: Endpoint[] }).items;
        expect(listed).to.deep.include({ enabled: true, consecutiveFailures: 0 });
        expect(listed).not.to.have.property('secret');
      } finally {
        ana.close();
      }
    });

    it('disables an endpoint after repeated failure, with the reason, and stops delivering', async () => {
      const space = await spaceWithMembers();
      const hook = await receiver({ failFirst: 1000, failWith: 500 });
      const endpoint = await register(space, hook.url, ['message.created']);
      const ana = memberAdapter(server, space, 'ana');
      try {
        await ana.startConversation({
          recipients: [{ kind: 'member', id: 'bo' }],
          body: 'Nobody listens',
          clientId: createClientId(),
        });
        let listed: Endpoint | undefined;
        await waitUntil(
          async () => {
            const list = await admin(server, 'GET', '/admin/v1/webhooks', undefined, space);
            [listed] = (list.body as { items: Endpoint[] }).items;
            return listed.enabled === false;
          },
          'the endpoint was disabled',
          { timeout: 30_000, interval: 200 },
        );
        expect(listed!.consecutiveFailures).to.equal(3);
        expect(listed!.disabledReason).to.equal('3 deliveries in a row failed; the last: HTTP 500');
        // Three failures in a row disable it. The receiver once counted four: a test server of
        // another file on the same PostgreSQL database had adopted this space and delivered one
        // (fixed in server/testing/routes.ts). Deliveries already under way when it is disabled
        // may still arrive with several processes; what is held to is that none arrives after.
        const failed = (await hits(hook.id)).length;
        expect(failed).to.be.at.least(3);
        await new Promise((resolve) => setTimeout(resolve, 5000));
        expect(await hits(hook.id), 'no delivery once disabled').to.have.length(failed);

        expect(
          (await admin(server, 'DELETE', `/admin/v1/webhooks/${endpoint.id}`, undefined, space)).status,
        ).to.equal(204);
        expect(
          (await admin(server, 'DELETE', `/admin/v1/webhooks/${endpoint.id}`, undefined, space)).status,
        ).to.equal(404);
        const list = await admin(server, 'GET', '/admin/v1/webhooks', undefined, space);
        expect((list.body as { items: Endpoint[] }).items).to.deep.equal([]);
      } finally {
        ana.close();
      }
    });

    it('takes only https URLs to public hosts (and the loopback the test setting allows)', async () => {
      const space = await spaceWithMembers();
      for (const url of [
        'http://example.com/hooks',
        'ftp://example.com/hooks',
        'https://10.0.0.8/hooks',
        'https://192.168.1.1/hooks',
        'https://169.254.169.254/latest/meta-data',
        'https://127.0.0.1/hooks',
        'https://[::1]/hooks',
        'https://[::ffff:10.0.0.1]/hooks',
        'https://[fd00::1]/hooks',
        'https://localhost/hooks',
        'https://intranet/hooks',
        'https://user:pass@example.com/hooks',
        'http://127.0.0.2:8080/hooks',
        'not a url',
      ]) {
        const answer = await admin(
          server,
          'POST',
          '/admin/v1/webhooks',
          { url, events: ['message.created'] },
          space,
        );
        expect(answer.status, url).to.equal(400);
        expect((answer.body as { reason: string }).reason, url).to.equal('bad-request');
      }
      for (const events of [
        [],
        ['message.deleted'],
        ['message.created', 'message.created'],
        'message.created',
      ]) {
        const answer = await admin(
          server,
          'POST',
          '/admin/v1/webhooks',
          { url: 'https://example.com/h', events },
          space,
        );
        expect(answer.status, JSON.stringify(events)).to.equal(400);
      }
      const list = await admin(server, 'GET', '/admin/v1/webhooks', undefined, space);
      expect((list.body as { items: Endpoint[] }).items, 'nothing was registered').to.deep.equal([]);
      const ok = await register(space, 'https://hooks.example.com/conversations', ['report.created']);
      expect(ok).to.deep.include({ url: 'https://hooks.example.com/conversations', enabled: true });
    });
  });
}
