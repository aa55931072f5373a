/**
 * S22 end to end, from a real server process to a real SMTP server: each recipient's email in
 * their own language (the directory's locale, else the portal's default) as text and HTML,
 * right to left for Arabic; the four texts; one-click unsubscribe (RFC 8058 headers, the link,
 * a page that changes nothing on GET, a POST that switches email off without signing in, a
 * tampered token refused); and the digest, at most every CONV_DIGEST_HOURS.
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
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly listUnsubscribe: string;
  readonly listUnsubscribePost: string;
}

/** 0.002 hours: a digest at most every 7.2 seconds. */
const DIGEST_HOURS = 0.002;

describe('emails a member reads as the portal’s', function () {
  this.timeout(120_000);
  let server: TestServer;
  let smtp: { id: string; url: string };
  let space: string;
  const adapters: HttpAdapter[] = [];

  const mails = async () =>
    (await executeServerCommand<Mail[], unknown>('conv-smtp-messages', { id: smtp.id })) ?? [];
  const mailsTo = async (address: string) => (await mails()).filter((mail) => mail.to.includes(address));
  const arrivedFor = (address: string, count: number) =>
    waitUntil(async () => (await mailsTo(address)).length >= count, `${count} emails for ${address}`, {
      timeout: 20_000,
      interval: 50,
    });

  function as(memberId: string): HttpAdapter {
    const adapter = memberAdapter(server, space, memberId);
    adapters.push(adapter);
    return adapter;
  }

  before(async () => {
    smtp = (await executeServerCommand<{ id: string; url: string }, unknown>('conv-smtp-start'))!;
    server = await startServer({
      env: {
        CONV_SMTP_URL: smtp.url,
        CONV_MAIL_FROM: 'Portal <conversations@portal.test>',
        CONV_LINK_TEMPLATE: 'https://portal.test/conversations/{conversationId}',
        CONV_DEFAULT_LOCALE: 'de',
        CONV_DIGEST_HOURS: String(DIGEST_HOURS),
      },
    });
    space = await createSpace(server);
    await loadDirectory(server, space, {
      members: [
        { id: 'ana', name: 'Ana', email: 'ana@portal.test', locale: 'en' },
        { id: 'dora', name: 'Dora', email: 'dora@portal.test', locale: 'de-AT' },
        { id: 'amal', name: 'Amal', email: 'amal@portal.test', locale: 'ar' },
        { id: 'fleur', name: 'Fleur', email: 'fleur@portal.test', locale: 'fr' },
        { id: 'gil', name: 'Gil', email: 'gil@portal.test', locale: 'en' },
        { id: 'uma', name: 'Uma', email: 'uma@portal.test', locale: 'en' },
        { id: 'dee', name: 'Dee', email: 'dee@portal.test', locale: 'en' },
      ],
      groups: [{ id: 'garden', name: 'Garden Club', managers: ['gil'], members: [] }],
    });
  });

  after(async () => {
    for (const adapter of adapters) adapter.close();
    await stopServer(server);
  });

  it('writes to each recipient in their language, as text and HTML, right to left for Arabic', async () => {
    await as('ana').startConversation({
      recipients: ['dora', 'amal', 'fleur'].map((id) => ({ kind: 'member' as const, id })),
      body: 'Garden <meeting> on Friday',
      clientId: createClientId(),
    });
    for (const address of ['dora@portal.test', 'amal@portal.test', 'fleur@portal.test'])
      await arrivedFor(address, 1);
    const [dora] = await mailsTo('dora@portal.test');
    expect(dora.subject).to.equal('Neue Nachricht von Ana');
    expect(dora.text).to.include('Ana hat eine Unterhaltung mit Ihnen begonnen:');
    expect(dora.text).to.include('Garden <meeting> on Friday');
    const doraPage = new DOMParser().parseFromString(dora.html, 'text/html');
    expect(doraPage.documentElement.lang).to.equal('de');
    expect(doraPage.documentElement.dir).to.equal('ltr');
    expect(doraPage.querySelector('blockquote')!.textContent).to.equal('Garden <meeting> on Friday');

    const [amal] = await mailsTo('amal@portal.test');
    expect(amal.subject).to.equal('رسالة جديدة من Ana');
    const amalPage = new DOMParser().parseFromString(amal.html, 'text/html');
    expect(amalPage.documentElement.lang).to.equal('ar');
    expect(amalPage.documentElement.dir).to.equal('rtl');

    // French has no table: the portal's default, German.
    const [fleur] = await mailsTo('fleur@portal.test');
    expect(fleur.subject).to.equal('Neue Nachricht von Ana');
  });

  it('has its own text for a new message, a message to a group one manages, and one from a group', async () => {
    const ana = as('ana');
    const uma = as('uma');
    const { conversation } = await ana.startConversation({
      recipients: [{ kind: 'member', id: 'uma' }],
      body: 'First',
      clientId: createClientId(),
    });
    await arrivedFor('uma@portal.test', 1);
    const { items } = await uma.listMessages(conversation.id);
    await uma.markRead(conversation.id, items[items.length - 1].id);
    await ana.sendMessage({ conversationId: conversation.id, body: 'Second', clientId: createClientId() });
    await arrivedFor('uma@portal.test', 2);
    const [first, second] = await mailsTo('uma@portal.test');
    expect(first.text).to.match(/^Ana started a conversation with you:/);
    expect(second.subject).to.equal('New message from Ana');
    expect(second.text).to.match(/^Ana wrote:\n\nSecond/);

    const toGroup = await ana.startConversation({
      recipients: [{ kind: 'group', id: 'garden' }],
      body: 'Can I join?',
      clientId: createClientId(),
    });
    await arrivedFor('gil@portal.test', 1);
    const [gil] = await mailsTo('gil@portal.test');
    expect(gil.subject).to.equal('New message from Ana to Garden Club');
    expect(gil.text).to.match(/^Ana wrote to Garden Club, a group you manage:/);

    await as('gil').sendMessage({
      conversationId: toGroup.conversation.id,
      body: 'Welcome!',
      asGroup: 'garden',
      clientId: createClientId(),
    });
    await arrivedFor('ana@portal.test', 1);
    const fromGroup = (await mailsTo('ana@portal.test')).at(-1)!;
    expect(fromGroup.subject).to.equal('New message from Garden Club');
    expect(fromGroup.text).to.match(/^Gil wrote for Garden Club:\n\nWelcome!/);
  });

  it('unsubscribes in one click, without signing in, and says so', async () => {
    const dee = as('dee');
    await as('ana').startConversation({
      recipients: [{ kind: 'member', id: 'dee' }],
      body: 'Hello Dee',
      clientId: createClientId(),
    });
    await arrivedFor('dee@portal.test', 1);
    const [mail] = await mailsTo('dee@portal.test');
    expect(mail.listUnsubscribePost).to.equal('List-Unsubscribe=One-Click');
    const url = /^<(http[^>]+)>$/.exec(mail.listUnsubscribe)?.[1];
    expect(url, mail.listUnsubscribe).to.be.a('string');
    expect(new URL(url!).pathname).to.equal('/v1/unsubscribe');
    expect(mail.text).to.include(`Stop these emails: ${url}`);
    const link = new DOMParser()
      .parseFromString(mail.html, 'text/html')
      .querySelector(`a[href="${CSS.escape(url!)}"]`);
    expect(link?.textContent).to.equal('Stop these emails');

    // A link with another member's name in it, or altered, does nothing.
    const token = new URL(url!).searchParams.get('token')!;
    const [payload, signature] = token.split('.');
    const forged = `${btoa(atob(payload.replace(/-/g, '+').replace(/_/g, '/')).replace('"dee"', '"ana"'))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')}.${signature}`;
    for (const bad of [forged, `${token}x`, 'nonsense']) {
      const refused = await fetch(`${url!.split('?')[0]}?token=${encodeURIComponent(bad)}`, {
        method: 'POST',
      });
      expect(refused.status, bad).to.equal(400);
      expect(await refused.text()).to.include('Dieser Link ist nicht gültig');
    }
    expect((await as('ana').getSettings()).email).to.equal(true);

    // GET shows a page and changes nothing.
    const page = await fetch(url!);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    const form = new DOMParser().parseFromString(await page.text(), 'text/html');
    expect(form.querySelector('button')!.textContent).to.equal('Stop these emails');
    expect((await dee.getSettings()).email).to.equal(true);

    // A mail client's one-click POST (RFC 8058), twice: the same as once.
    for (let i = 0; i < 2; i++) {
      const done = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(done.status).to.equal(200);
      expect(await done.text()).to.include('you will no longer get emails about new messages');
    }
    expect((await dee.getSettings()).email).to.equal(false);
  });

  it('sends a digest at most every N hours, listing every conversation with unread messages', async () => {
    const dora = as('dora');
    await dora.updateSettings({ emailMode: 'digest' });
    expect(await dora.getSettings()).to.deep.equal({ inApp: true, email: true, emailMode: 'digest' });
    const before = (await mailsTo('dora@portal.test')).length;
    const ana = as('ana');
    const uma = as('uma');
    const withAna = await ana.startConversation({
      recipients: [{ kind: 'member', id: 'dora' }],
      body: 'One',
      clientId: createClientId(),
    });
    await arrivedFor('dora@portal.test', before + 1);
    const first = (await mailsTo('dora@portal.test'))[before];
    const firstAt = Date.now();
    expect(first.subject).to.match(/^Ungelesene Nachrichten in \d+ Unterhaltung/);

    await ana.sendMessage({
      conversationId: withAna.conversation.id,
      body: 'Two',
      clientId: createClientId(),
    });
    await uma.startConversation({
      recipients: [{ kind: 'member', id: 'dora' }],
      body: 'From Uma',
      clientId: createClientId(),
    });
    await arrivedFor('dora@portal.test', before + 2);
    const secondAt = Date.now();
    expect(secondAt - firstAt, 'the next digest waits for the interval').to.be.greaterThan(
      DIGEST_HOURS * 3_600_000 - 1500,
    );
    const second = (await mailsTo('dora@portal.test'))[before + 1];
    expect(second.text).to.include('Uma: 1 ungelesene Nachricht');
    expect(second.text).to.match(/Ana: \d+ ungelesene Nachrichten/);
    expect(second.text).to.include(`https://portal.test/conversations/${withAna.conversation.id}`);
    expect(second.text).to.include('höchstens alle 0,002 Stunden');
  });
});
