/**
 * Email notifications (S10) from a real server process to a real SMTP server on 127.0.0.1 that
 * the test reads back: only to recipients whose email setting is on, never for their own
 * messages, at most one per conversation until they have read it, with the text and a link.
 * Emails leave one connection in commit order, so "none" is proved by a later email arriving.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createClientId } from '../../../src/core/ids.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  createSpace,
  loadDirectory,
  memberAdapter,
  startServer,
  stopServer,
  type TestServer,
} from './support.js';

interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

describe('email notifications over SMTP', function () {
  this.timeout(120_000);
  let server: TestServer;
  let smtp: { id: string; url: string };
  let space: string;
  const adapters: HttpAdapter[] = [];

  const mails = async () =>
    (await executeServerCommand<Mail[], unknown>('conv-smtp-messages', { id: smtp.id })) ?? [];
  const mailsTo = async (address: string) => (await mails()).filter((mail) => mail.to.includes(address));
  /** Waits (bounded) until `count` emails in all have arrived. */
  const arrived = (count: number) =>
    waitUntil(async () => (await mails()).length >= count, `${count} emails did not arrive`, {
      timeout: 15_000,
      interval: 50,
    });

  before(async () => {
    smtp = (await executeServerCommand<{ id: string; url: string }, unknown>('conv-smtp-start'))!;
    server = await startServer({
      env: {
        CONV_SMTP_URL: smtp.url,
        CONV_MAIL_FROM: 'Portal <conversations@portal.test>',
        CONV_LINK_TEMPLATE: 'https://portal.test/conversations/{conversationId}',
      },
    });
    space = await createSpace(server);
    await loadDirectory(server, space, {
      members: [
        { id: 'ana', name: 'Ana', email: 'ana@portal.test' },
        { id: 'bo', name: 'Bo', email: 'bo@portal.test' },
        { id: 'cy', name: 'Cy', email: 'cy@portal.test' },
        { id: 'di', name: 'Di' },
      ],
      groups: [],
    });
  });

  after(async () => {
    for (const adapter of adapters) adapter.close();
    await stopServer(server);
  });

  function as(memberId: string): HttpAdapter {
    const adapter = memberAdapter(server, space, memberId);
    adapters.push(adapter);
    return adapter;
  }

  it('mails those who want it, once per conversation until read, never the writer', async () => {
    const ana = as('ana');
    const bo = as('bo');
    const cy = as('cy');
    await cy.updateSettings({ email: false });

    const { conversation, message } = await ana.startConversation({
      recipients: [
        { kind: 'member', id: 'bo' },
        { kind: 'member', id: 'cy' },
        { kind: 'member', id: 'di' },
      ],
      body: 'Garden meeting on Friday <b>at 6</b>',
      clientId: createClientId(),
    });
    await arrived(1);
    const [first] = await mails();
    expect(first.to).to.deep.equal(['bo@portal.test']);
    expect(first.from).to.equal('conversations@portal.test');
    expect(first.subject).to.equal('New message from Ana');
    expect(first.text).to.include('Garden meeting on Friday <b>at 6</b>');
    expect(first.text).to.include(`https://portal.test/conversations/${conversation.id}`);

    // Bo has not read it: a second message does not mail him again. Ana's own reply mailing is
    // the marker: Bo answers, Ana gets one, and nothing for Bo came before it.
    await ana.sendMessage({
      conversationId: conversation.id,
      body: 'Bring gloves',
      clientId: createClientId(),
    });
    await bo.sendMessage({
      conversationId: conversation.id,
      body: 'I will come',
      clientId: createClientId(),
    });
    await arrived(2);
    const afterReply = await mails();
    expect(afterReply.map((mail) => mail.to[0])).to.deep.equal(['bo@portal.test', 'ana@portal.test']);
    expect(afterReply[1].subject).to.equal('New message from Bo');
    expect(afterReply[1].text).to.include('I will come');

    // Once Bo has read, the next message mails him again.
    const { items } = await bo.listMessages(conversation.id);
    await bo.markRead(conversation.id, items[items.length - 1].id);
    await ana.sendMessage({
      conversationId: conversation.id,
      body: 'See you there',
      clientId: createClientId(),
    });
    await arrived(3);
    const last = await mails();
    expect(last).to.have.length(3);
    expect(last[2].to).to.deep.equal(['bo@portal.test']);
    expect(last[2].text).to.include('See you there');

    expect(await mailsTo('cy@portal.test'), 'cy switched email off').to.deep.equal([]);
    expect(message.author.id).to.equal('ana');
  });

  it('follows a member switching email off and on', async () => {
    const before = (await mails()).length;
    const ana = as('ana');
    const di = as('di');
    await ana.updateSettings({ email: false });
    const { conversation } = await di.startConversation({
      recipients: [{ kind: 'member', id: 'ana' }],
      body: 'Are you there?',
      clientId: createClientId(),
    });
    await ana.updateSettings({ email: true });
    await di.sendMessage({ conversationId: conversation.id, body: 'Second try', clientId: createClientId() });
    await arrived(before + 1);
    const latest = (await mails()).slice(before);
    expect(latest).to.have.length(1);
    expect(latest[0].to).to.deep.equal(['ana@portal.test']);
    expect(latest[0].text).to.include('Second try');
    expect(latest[0].text).not.to.include('Are you there?');
  });
});
