/**
 * The durable delivery queue, against real server processes and a real SMTP server on
 * 127.0.0.1, on PGlite and (with DATABASE_URL) PostgreSQL: a notification is written in the
 * send's transaction, so a process killed between the commit and the email still sends it, once,
 * after the restart; a refused delivery is retried with backoff under the same Message-ID; the
 * queue's depth and oldest age are reported.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { UnavailableError } from '../../../src/core/errors.js';
import { createClientId } from '../../../src/core/ids.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  admin,
  createSpace,
  hasPostgres,
  loadDirectory,
  memberAdapter,
  restartServer,
  startServer,
  stopServer,
  type Backend,
  type TestServer,
} from './support.js';

interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly text: string;
}

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

const DIRECTORY = {
  members: [
    { id: 'ana', name: 'Ana', email: 'ana@portal.test' },
    { id: 'bo', name: 'Bo', email: 'bo@portal.test' },
  ],
  groups: [],
};

for (const backend of backends) {
  describe(`delivery queue on ${backend}`, function () {
    this.timeout(180_000);
    let server: TestServer | undefined;
    const adapters: HttpAdapter[] = [];
    afterEach(async () => {
      for (const adapter of adapters.splice(0)) adapter.close();
      if (server) await stopServer(server);
      server = undefined;
    });

    async function setUp(smtpOptions: { rejectFirst?: number } = {}) {
      const smtp = (await executeServerCommand<{ id: string; url: string }, unknown>(
        'conv-smtp-start',
        smtpOptions,
      ))!;
      server = await startServer({
        backend,
        env: {
          CONV_SMTP_URL: smtp.url,
          CONV_MAIL_FROM: 'Portal <conversations@portal.test>',
          // The commit's NOTIFY may wake the worker, which then takes the job, before the process
          // is killed: the restarted one delivers it once that lease ends. A short lease keeps
          // the test within its wait whichever comes first; both must deliver once.
          CONV_JOB_LEASE_MS: '3000',
        },
      });
      const space = await createSpace(server);
      await loadDirectory(server, space, DIRECTORY);
      const ana = memberAdapter(server, space, 'ana', server.url);
      const bo = memberAdapter(server, space, 'bo', server.urls[1]);
      adapters.push(ana, bo);
      const mails = async (rejected = false) =>
        (await executeServerCommand<Mail[], unknown>('conv-smtp-messages', { id: smtp.id, rejected })) ?? [];
      const arrived = (count: number, rejected = false) =>
        waitUntil(async () => (await mails(rejected)).length >= count, `${count} emails did not arrive`, {
          timeout: 20_000,
          interval: 50,
        });
      return { running: server, space, ana, bo, mails, arrived };
    }

    it('a process killed between the commit and the email: it arrives once, after the restart', async () => {
      const { running, space, ana, bo, mails, arrived } = await setUp();
      const { conversation } = await ana.startConversation({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'Hello Bo',
        clientId: createClientId(),
      });
      await arrived(1);
      // Bo reads: the next message may email him again.
      const { items } = await bo.listMessages(conversation.id);
      await bo.markRead(conversation.id, items[0].id);

      await admin(running, 'POST', '/admin/v1/test/faults', { crashAfterCommit: true }, space);
      const input = {
        conversationId: conversation.id,
        body: 'Sent just before the crash',
        clientId: createClientId(),
      };
      let failure: unknown;
      try {
        await ana.sendMessage(input);
      } catch (error) {
        failure = error;
      }
      expect(failure, 'the process died after the commit').to.be.instanceOf(UnavailableError);
      expect(await mails(), 'nothing was delivered before the crash').to.have.length(1);

      await restartServer(running);
      const retried = await ana.sendMessage(input);
      expect(retried.body).to.equal(input.body);
      await arrived(2);
      // Bo answers; Ana's email about it leaves after anything still owed to Bo.
      await bo.sendMessage({ conversationId: conversation.id, body: 'Got it', clientId: createClientId() });
      await arrived(3);
      const all = await mails();
      const crashed = all.filter((mail) => mail.text.includes('Sent just before the crash'));
      expect(crashed, 'the email arrived once').to.have.length(1);
      expect(crashed[0].to).to.deep.equal(['bo@portal.test']);
      expect(crashed[0].messageId).to.match(/^<[0-9a-f]{32}@portal\.test>$/);
      expect(all.map((mail) => mail.to[0])).to.deep.equal([
        'bo@portal.test',
        'bo@portal.test',
        'ana@portal.test',
      ]);
    });

    it('a refused delivery is retried with backoff, under the same Message-ID; the queue shows it', async () => {
      const { running, space, ana, mails, arrived } = await setUp({ rejectFirst: 2 });
      const started = Date.now();
      await ana.startConversation({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'Try, try again',
        clientId: createClientId(),
      });
      await arrived(1, true);
      const waiting = await admin(running, 'GET', '/admin/v1/test/queue', undefined, space);
      expect(waiting.body).to.deep.include({ depth: 1, failed: 0 });
      expect((waiting.body as { oldestAgeMs: number }).oldestAgeMs).to.be.greaterThan(0);

      await arrived(1);
      const elapsed = Date.now() - started;
      const rejected = await mails(true);
      const [delivered] = await mails();
      expect(rejected).to.have.length(2);
      expect(delivered.text).to.include('Try, try again');
      expect(delivered.messageId).to.match(/^<[0-9a-f]{32}@portal\.test>$/);
      expect(rejected.map((mail) => mail.messageId)).to.deep.equal([
        delivered.messageId,
        delivered.messageId,
      ]);
      // Backoff: 0.5–1 s after the first refusal, 1–2 s after the second.
      expect(elapsed).to.be.greaterThan(1400);
      await waitUntil(
        async () => (await admin(running, 'GET', '/admin/v1/test/queue', undefined, space)).body,
        'queue figures',
      );
      const done = await admin(running, 'GET', '/admin/v1/test/queue', undefined, space);
      expect(done.body).to.deep.equal({ depth: 0, oldestAgeMs: 0, failed: 0 });
    });
  });
}
