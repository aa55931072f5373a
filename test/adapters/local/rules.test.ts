import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { encodeCursor } from '../../../src/core/cursor.js';
import type { PartyRef } from '../../../src/core/types.js';
import { freshBackend } from '../../helpers/local-backend.js';
import { rejection } from '../../helpers/rejection.js';

const member = (id: string): PartyRef => ({ kind: 'member', id });
const group = (id: string): PartyRef => ({ kind: 'group', id });

let ids = 0;
/** A fresh, valid client id. */
function cid(): string {
  ids += 1;
  return `client-${ids.toString().padStart(4, '0')}`;
}

async function expectValidation(promise: Promise<unknown>, reason: string, field?: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).to.be.instanceOf(ValidationError);
  expect((error as ValidationError).reason).to.equal(reason);
  if (field) expect((error as ValidationError).field).to.equal(field);
  expect((error as ValidationError).message).to.match(/\w{3}/);
}

/** What is stored, seen from outside: every conversation and message any fixture member sees. */
async function snapshot(backend: LocalBackend): Promise<string> {
  const parts: unknown[] = [await backend.listEmails(), await backend.listReports()];
  for (let i = 1; i <= 12; i++) {
    const adapter = backend.adapterFor(`m${i}`);
    const page = await adapter.listConversations({ limit: 100 });
    parts.push(page, await adapter.getSettings(), await adapter.getUnreadSummary());
    for (const conversation of page.items)
      parts.push(await adapter.listMessages(conversation.id, { limit: 100 }));
    adapter.close();
  }
  return JSON.stringify(parts);
}

describe('local adapter: the rules of SPEC §1', () => {
  let backend: LocalBackend;
  beforeEach(async () => {
    backend = await freshBackend();
  });
  afterEach(async () => {
    await backend.destroy();
  });

  describe('S1, S2: one to one, and up to nine invitees', () => {
    it('a 1:1 conversation is seen by both and reused when either starts it again', async () => {
      const ada = backend.adapterFor('m1');
      const grace = backend.adapterFor('m2');
      const first = await ada.startConversation({
        recipients: [member('m2')],
        body: 'Hello',
        clientId: cid(),
      });
      const again = await grace.startConversation({
        recipients: [member('m1')],
        body: 'Hi back',
        clientId: cid(),
      });
      expect(again.conversation.id).to.equal(first.conversation.id);
      const messages = await ada.listMessages(first.conversation.id);
      expect(messages.items.map((m) => m.body)).to.deep.equal(['Hello', 'Hi back']);
      expect(messages.items.map((m) => m.author.name)).to.deep.equal(['Ada Lovelace', 'Grace Hopper']);
      expect((await ada.listConversations()).items).to.have.length(1);
    });

    it('the starter and nine invitees is allowed; a tenth invitee is refused and nothing is stored', async () => {
      const ada = backend.adapterFor('m1');
      const nine = ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10'].map(member);
      const before = await snapshot(backend);
      await expectValidation(
        ada.startConversation({ recipients: [...nine, member('m11')], body: 'Too many', clientId: cid() }),
        'too-many-recipients',
        'recipients',
      );
      expect(await snapshot(backend)).to.equal(before);
      const { conversation } = await ada.startConversation({
        recipients: nine,
        body: 'All of us',
        clientId: cid(),
      });
      expect(conversation.participants.map((p) => p.id)).to.deep.equal(['m1', ...nine.map((p) => p.id)]);
      expect((await backend.adapterFor('m10').getConversation(conversation.id)).participants).to.have.length(
        10,
      );
    });

    it('naming oneself only, nobody, or someone unknown is refused', async () => {
      const ada = backend.adapterFor('m1');
      const before = await snapshot(backend);
      await expectValidation(
        ada.startConversation({ recipients: [member('m1')], body: 'x', clientId: cid() }),
        'self-only',
      );
      await expectValidation(
        ada.startConversation({ recipients: [], body: 'x', clientId: cid() }),
        'no-recipients',
      );
      await expectValidation(
        ada.startConversation({ recipients: [member('m2'), member('nobody')], body: 'x', clientId: cid() }),
        'unknown-recipient',
        'recipients',
      );
      await expectValidation(
        ada.startConversation({ recipients: [group('m2')], body: 'x', clientId: cid() }),
        'unknown-recipient',
      );
      expect(await snapshot(backend)).to.equal(before);
    });
  });

  describe('S3, S4: groups', () => {
    it('anyone may write to a group; every member of it sees it and can reply', async () => {
      const outsider = backend.adapterFor('m8');
      const { conversation } = await outsider.startConversation({
        recipients: [group('g1')],
        body: 'Question for the docs team',
        clientId: cid(),
      });
      for (const id of ['m1', 'm2', 'm3']) {
        const adapter = backend.adapterFor(id);
        expect((await adapter.listConversations()).items.map((c) => c.id)).to.deep.equal([conversation.id]);
        expect((await adapter.getConversation(conversation.id)).unreadCount).to.equal(1);
      }
      await backend
        .adapterFor('m3')
        .sendMessage({ conversationId: conversation.id, body: 'Answer', clientId: cid() });
      expect((await outsider.listMessages(conversation.id)).items.map((m) => m.author.id)).to.deep.equal([
        'm8',
        'm3',
      ]);
    });

    it('a manager can start as the group; a plain member or an outsider cannot', async () => {
      const manager = backend.adapterFor('m1');
      const { conversation, message } = await manager.startConversation({
        recipients: [member('m8'), member('m9')],
        asGroup: 'g1',
        body: 'From the docs team',
        clientId: cid(),
      });
      expect(conversation.startedBy).to.deep.equal(group('g1'));
      expect(message.onBehalfOf?.id).to.equal('g1');
      expect(message.author.id).to.equal('m1');
      // The group's other members see it, as members of a participant group.
      expect((await backend.adapterFor('m2').getConversation(conversation.id)).id).to.equal(conversation.id);

      const before = await snapshot(backend);
      for (const [id, groupId] of [
        ['m2', 'g1'],
        ['m8', 'g1'],
        ['m1', 'g2'],
        ['m1', 'no-such-group'],
      ] as const) {
        const error = await rejection(
          backend.adapterFor(id).startConversation({
            recipients: [member('m10')],
            asGroup: groupId,
            body: 'As the group',
            clientId: cid(),
          }),
        );
        expect(error).to.be.instanceOf(ForbiddenError);
        expect((error as ForbiddenError).reason).to.equal('not-group-manager');
        expect((error as ForbiddenError).field).to.equal('asGroup');
      }
      expect(await snapshot(backend)).to.equal(before);
    });

    it('a group starts with up to nine participants', async () => {
      const manager = backend.adapterFor('m1');
      const ten = ['m3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'].map(member);
      await expectValidation(
        manager.startConversation({ recipients: ten, asGroup: 'g1', body: 'x', clientId: cid() }),
        'too-many-recipients',
      );
      // The manager themselves may be one of the nine.
      const { conversation } = await manager.startConversation({
        recipients: [member('m1'), ...ten.slice(0, 8)],
        asGroup: 'g1',
        body: 'Nine',
        clientId: cid(),
      });
      expect(conversation.participants).to.have.length(10);
    });

    it('writing as a group needs the group to be in the conversation and the viewer to manage it', async () => {
      const { conversation } = await backend
        .adapterFor('m8')
        .startConversation({ recipients: [member('m1')], body: 'Hi', clientId: cid() });
      const error = await rejection(
        backend
          .adapterFor('m1')
          .sendMessage({ conversationId: conversation.id, asGroup: 'g1', body: 'x', clientId: cid() }),
      );
      expect(error).to.be.instanceOf(ForbiddenError);
      expect((error as ForbiddenError).field).to.equal('asGroup');

      const withGroup = await backend
        .adapterFor('m8')
        .startConversation({ recipients: [group('g1')], body: 'Hi team', clientId: cid() });
      const refused = await rejection(
        backend.adapterFor('m2').sendMessage({
          conversationId: withGroup.conversation.id,
          asGroup: 'g1',
          body: 'x',
          clientId: cid(),
        }),
      );
      expect((refused as ForbiddenError).reason).to.equal('not-group-manager');
      const sent = await backend.adapterFor('m1').sendMessage({
        conversationId: withGroup.conversation.id,
        asGroup: 'g1',
        body: 'For the team',
        clientId: cid(),
      });
      expect(sent.onBehalfOf?.name).to.equal('Documentation team');
    });
  });

  describe('S5: participants only', () => {
    it('an outsider gets NotFoundError, the same as for a conversation that does not exist', async () => {
      const { conversation, message } = await backend
        .adapterFor('m1')
        .startConversation({ recipients: [member('m2')], body: 'Private', clientId: cid() });
      const outsider = backend.adapterFor('m3');
      const missing = await rejection(outsider.getConversation('no-such-conversation'));
      expect(missing).to.be.instanceOf(NotFoundError);
      for (const attempt of [
        outsider.getConversation(conversation.id),
        outsider.listMessages(conversation.id),
        outsider.sendMessage({ conversationId: conversation.id, body: 'Let me in', clientId: cid() }),
        outsider.markRead(conversation.id, message.id),
        outsider.report({
          target: { kind: 'conversation', conversationId: conversation.id },
          reason: 'Spam',
        }),
      ]) {
        const error = await rejection(attempt);
        expect(error).to.be.instanceOf(NotFoundError);
        expect((error as NotFoundError).message).to.equal((missing as NotFoundError).message);
      }
      expect((await outsider.listConversations()).items).to.have.length(0);
      expect(await outsider.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    });

    it('a member removed from a group loses its conversations at once, unless named personally', async () => {
      const outsider = backend.adapterFor('m8');
      const toGroup = await outsider.startConversation({
        recipients: [group('g1')],
        body: 'To the team',
        clientId: cid(),
      });
      const named = await outsider.startConversation({
        recipients: [group('g1'), member('m2')],
        body: 'To the team and Grace',
        clientId: cid(),
      });
      const grace = backend.adapterFor('m2');
      expect((await grace.listConversations()).items).to.have.length(2);
      await backend.setGroupRole('g1', 'm2', null);
      expect((await grace.listConversations()).items.map((c) => c.id)).to.deep.equal([named.conversation.id]);
      expect(await rejection(grace.getConversation(toGroup.conversation.id))).to.be.instanceOf(NotFoundError);
      expect((await grace.getViewer()).groups).to.have.length(0);
      await backend.setGroupRole('g1', 'm2', 'member');
      expect((await grace.listConversations()).items).to.have.length(2);
    });

    it('a member made manager can act for the group at once', async () => {
      const grace = backend.adapterFor('m2');
      expect((await grace.getViewer()).managedGroups).to.have.length(0);
      await backend.setGroupRole('g1', 'm2', 'manager');
      const viewer = await grace.getViewer();
      expect(viewer.managedGroups.map((g) => g.id)).to.deep.equal(['g1']);
      const { message } = await grace.startConversation({
        recipients: [member('m9')],
        asGroup: 'g1',
        body: 'Now I manage',
        clientId: cid(),
      });
      expect(message.onBehalfOf?.id).to.equal('g1');
    });
  });

  describe('S6: the directory', () => {
    it('search is case- and accent-insensitive, over members and groups, right-to-left names too', async () => {
      const adapter = backend.adapterFor('m1');
      const names = async (query: string, options = {}): Promise<string[]> =>
        (await adapter.searchDirectory(query, options)).map((party) => `${party.kind}:${party.id}`);
      expect(await names('zoe')).to.deep.equal(['member:m4']);
      expect(await names('MÜLLER')).to.deep.equal(['member:m4']);
      expect(await names('jose angel')).to.deep.equal(['member:m6']);
      expect(await names('ليلى')).to.deep.equal(['member:m5']);
      expect(await names('team')).to.deep.equal(['group:g1']);
      // Names starting with the query come before names merely containing it.
      expect(await names('a', { kind: 'member', limit: 3 })).to.deep.equal([
        'member:m1',
        'member:m3',
        'member:m10',
      ]);
      expect(await names('o', { kind: 'group' })).to.deep.equal(['group:g1', 'group:g2']);
      expect(await names('')).to.have.length(14);
      await expectValidation(adapter.searchDirectory('x', { limit: 0 }), 'bad-limit');
    });

    it('getParty finds members and groups and refuses the unknown', async () => {
      const adapter = backend.adapterFor('m1');
      expect(await adapter.getParty(member('m5'))).to.deep.equal({
        kind: 'member',
        id: 'm5',
        name: 'ليلى الحسيني',
      });
      expect(await adapter.getParty(group('g2'))).to.deep.equal({
        kind: 'group',
        id: 'g2',
        name: 'Event organisers',
      });
      expect(await rejection(adapter.getParty(member('g1')))).to.be.instanceOf(NotFoundError);
    });

    it('an adapter for someone not in the directory is refused', async () => {
      const ghost = backend.adapterFor('ghost');
      expect(await rejection(ghost.getViewer())).to.be.instanceOf(ForbiddenError);
      expect(
        await rejection(
          ghost.startConversation({ recipients: [member('m1')], body: 'Boo', clientId: cid() }),
        ),
      ).to.be.instanceOf(ForbiddenError);
    });
  });

  describe('S9: at most 1,000 characters', () => {
    it('counts code points: 1,000 emoji are accepted, 1,001 characters are refused', async () => {
      const ada = backend.adapterFor('m1');
      const emoji = '😀'.repeat(1000);
      const { message } = await ada.startConversation({
        recipients: [member('m2')],
        body: ` ${emoji}\n`,
        clientId: cid(),
      });
      expect(message.body).to.equal(emoji);
      const before = await snapshot(backend);
      const error = await rejection(
        ada.sendMessage({ conversationId: message.conversationId, body: 'a'.repeat(1001), clientId: cid() }),
      );
      expect(error).to.be.instanceOf(ValidationError);
      expect(error).to.include({ reason: 'too-long', field: 'body', limit: 1000, actual: 1001 });
      await expectValidation(
        ada.sendMessage({ conversationId: message.conversationId, body: '  \n ', clientId: cid() }),
        'empty',
      );
      await expectValidation(
        ada.sendMessage({ conversationId: message.conversationId, body: 'bad \uD800 text', clientId: cid() }),
        'malformed-text',
      );
      expect(await snapshot(backend)).to.equal(before);
    });

    it('enforces the policy it was given', async () => {
      const strict = await freshBackend({ policy: { maxMessageLength: 10, maxInvitees: 2 } });
      try {
        const ada = strict.adapterFor('m1');
        expect((await ada.getPolicy()).maxMessageLength).to.equal(10);
        await expectValidation(
          ada.startConversation({ recipients: [member('m2')], body: '12345678901', clientId: cid() }),
          'too-long',
        );
        await expectValidation(
          ada.startConversation({ recipients: ['m2', 'm3', 'm4'].map(member), body: 'hi', clientId: cid() }),
          'too-many-recipients',
        );
      } finally {
        await strict.destroy();
      }
    });
  });

  describe('idempotency on clientId', () => {
    it('starting or sending again with the same clientId returns the first answer and stores nothing', async () => {
      const ada = backend.adapterFor('m1');
      const startId = cid();
      const first = await ada.startConversation({
        recipients: [member('m2')],
        body: 'Once',
        clientId: startId,
      });
      const again = await ada.startConversation({
        recipients: [member('m2')],
        body: 'Once',
        clientId: startId,
      });
      expect(again.conversation.id).to.equal(first.conversation.id);
      expect(again.message.id).to.equal(first.message.id);

      const sendId = cid();
      const sent = await ada.sendMessage({
        conversationId: first.conversation.id,
        body: 'Twice?',
        clientId: sendId,
      });
      const before = await snapshot(backend);
      const resent = await ada.sendMessage({
        conversationId: first.conversation.id,
        body: 'Twice?',
        clientId: sendId,
      });
      expect(resent).to.deep.equal(sent);
      expect(await snapshot(backend)).to.equal(before);
      expect((await ada.listMessages(first.conversation.id)).items).to.have.length(2);
    });

    it('the same clientId from two authors is two messages', async () => {
      const shared = cid();
      const { conversation } = await backend
        .adapterFor('m1')
        .startConversation({ recipients: [member('m2')], body: 'Mine', clientId: shared });
      await backend
        .adapterFor('m2')
        .sendMessage({ conversationId: conversation.id, body: 'Mine too', clientId: shared });
      expect((await backend.adapterFor('m1').listMessages(conversation.id)).items).to.have.length(2);
    });

    it('a malformed clientId is refused', async () => {
      await expectValidation(
        backend
          .adapterFor('m1')
          .startConversation({ recipients: [member('m2')], body: 'x', clientId: 'short' }),
        'bad-id',
        'clientId',
      );
    });
  });

  describe('read markers', () => {
    it('are per member, never move back, and only take messages of that conversation', async () => {
      const outsider = backend.adapterFor('m8');
      const { conversation, message: first } = await outsider.startConversation({
        recipients: [group('g1')],
        body: 'One',
        clientId: cid(),
      });
      const second = await outsider.sendMessage({
        conversationId: conversation.id,
        body: 'Two',
        clientId: cid(),
      });
      const ada = backend.adapterFor('m1');
      const grace = backend.adapterFor('m2');
      expect(await ada.getUnreadSummary()).to.deep.equal({ total: 2, conversations: 1 });

      await ada.markRead(conversation.id, second.id);
      expect((await ada.getConversation(conversation.id)).unreadCount).to.equal(0);
      expect((await grace.getConversation(conversation.id)).unreadCount).to.equal(2);
      await ada.markRead(conversation.id, first.id);
      expect((await ada.getConversation(conversation.id)).unreadCount).to.equal(0);
      await grace.markRead(conversation.id, first.id);
      expect(await grace.getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });

      const other = await outsider.startConversation({
        recipients: [member('m1')],
        body: 'Elsewhere',
        clientId: cid(),
      });
      expect(await rejection(ada.markRead(conversation.id, other.message.id))).to.be.instanceOf(
        NotFoundError,
      );
      expect(await rejection(ada.markRead(conversation.id, 'no-such-message'))).to.be.instanceOf(
        NotFoundError,
      );
    });

    it('sending advances the sender’s own marker', async () => {
      const { conversation } = await backend
        .adapterFor('m2')
        .startConversation({ recipients: [member('m1')], body: 'Ping', clientId: cid() });
      const ada = backend.adapterFor('m1');
      expect(await ada.getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });
      await ada.sendMessage({ conversationId: conversation.id, body: 'Pong', clientId: cid() });
      expect(await ada.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    });
  });

  describe('pages', () => {
    it('conversations come newest activity first, in pages that meet exactly', async () => {
      const ada = backend.adapterFor('m1');
      const started: string[] = [];
      for (const id of ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']) {
        started.push(
          (await ada.startConversation({ recipients: [member(id)], body: `to ${id}`, clientId: cid() }))
            .conversation.id,
        );
      }
      // A group conversation reaches Ada through g1; it must be merged in, and only once.
      const viaGroup = await backend
        .adapterFor('m9')
        .startConversation({ recipients: [group('g1'), member('m1')], body: 'both ways', clientId: cid() });
      started.push(viaGroup.conversation.id);
      // New activity moves the oldest to the top.
      await ada.sendMessage({ conversationId: started[0]!, body: 'bump', clientId: cid() });
      const expected = [started[0]!, ...started.slice(1).reverse()];

      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await ada.listConversations({ limit: 3, ...(after ? { after } : {}) });
        seen.push(...page.items.map((c) => c.id));
        after = page.next;
      } while (after);
      expect(seen).to.deep.equal(expected);
    });

    it('messages come newest page first, each page oldest first, with a cursor for older ones', async () => {
      const ada = backend.adapterFor('m1');
      const { conversation } = await ada.startConversation({
        recipients: [member('m2')],
        body: '1',
        clientId: cid(),
      });
      for (let i = 2; i <= 7; i++) {
        await ada.sendMessage({ conversationId: conversation.id, body: String(i), clientId: cid() });
      }
      const first = await ada.listMessages(conversation.id, { limit: 3 });
      expect(first.items.map((m) => m.body)).to.deep.equal(['5', '6', '7']);
      const second = await ada.listMessages(conversation.id, { limit: 3, before: first.before });
      expect(second.items.map((m) => m.body)).to.deep.equal(['2', '3', '4']);
      const last = await ada.listMessages(conversation.id, { limit: 3, before: second.before });
      expect(last.items.map((m) => m.body)).to.deep.equal(['1']);
      expect(last.before).to.equal(undefined);
    });

    it('a malformed or foreign cursor is refused as bad-cursor', async () => {
      const ada = backend.adapterFor('m1');
      const { conversation } = await ada.startConversation({
        recipients: [member('m2')],
        body: '1',
        clientId: cid(),
      });
      for (const before of [
        'garbage',
        encodeCursor(['other-conversation', 2]),
        encodeCursor([conversation.id, 99]),
      ]) {
        await expectValidation(ada.listMessages(conversation.id, { before }), 'bad-cursor', 'cursor');
      }
      await expectValidation(ada.listConversations({ after: 'garbage' }), 'bad-cursor', 'cursor');
      await expectValidation(ada.listConversations({ limit: 101 }), 'bad-limit');
    });
  });

  describe('settings and reports', () => {
    it('settings default to on, change per member, and refuse nonsense', async () => {
      const ada = backend.adapterFor('m1');
      expect(await ada.getSettings()).to.deep.equal({ inApp: true, email: true });
      expect(await ada.updateSettings({ email: false })).to.deep.equal({ inApp: true, email: false });
      expect(await backend.adapterFor('m2').getSettings()).to.deep.equal({ inApp: true, email: true });
      await expectValidation(ada.updateSettings({ email: 'no' } as never), 'bad-settings', 'settings');
      await expectValidation(ada.updateSettings({ sms: true } as never), 'bad-settings');
      expect(await ada.getSettings()).to.deep.equal({ inApp: true, email: false });
    });

    it('a participant reports a message or a conversation; the portal sees the reports', async () => {
      const ada = backend.adapterFor('m1');
      const { conversation, message } = await backend
        .adapterFor('m2')
        .startConversation({ recipients: [member('m1')], body: 'Rude words', clientId: cid() });
      const { id } = await ada.report({
        target: { kind: 'message', conversationId: conversation.id, messageId: message.id },
        reason: '  Insulting  ',
      });
      await ada.report({ target: { kind: 'conversation', conversationId: conversation.id }, reason: 'Spam' });
      const reports = await backend.listReports();
      expect(reports.map((r) => r.reason)).to.deep.equal(['Spam', 'Insulting']);
      expect(reports[1]).to.include({ id, reportedBy: 'm1' });
      await expectValidation(
        ada.report({ target: { kind: 'conversation', conversationId: conversation.id }, reason: '   ' }),
        'bad-report',
        'reason',
      );
      await expectValidation(ada.report({ target: { kind: 'user' } as never, reason: 'x' }), 'bad-report');
    });
  });

  describe('AbortSignal', () => {
    it('an aborted request rejects with the signal’s reason and stores nothing', async () => {
      const ada = backend.adapterFor('m1');
      const controller = new AbortController();
      const reason = new Error('user left the page');
      controller.abort(reason);
      const before = await snapshot(backend);
      for (const attempt of [
        ada.getViewer({ signal: controller.signal }),
        ada.listConversations({ signal: controller.signal }),
        ada.searchDirectory('a', { signal: controller.signal }),
        ada.startConversation(
          { recipients: [member('m2')], body: 'x', clientId: cid() },
          { signal: controller.signal },
        ),
        ada.updateSettings({ email: false }, { signal: controller.signal }),
        ada.getUnreadSummary({ signal: controller.signal }),
      ]) {
        expect(await rejection(attempt)).to.equal(reason);
      }
      expect(await snapshot(backend)).to.equal(before);
    });

    it('aborting just after the call rejects with the reason and stores nothing', async () => {
      const ada = backend.adapterFor('m1');
      const controller = new AbortController();
      const reason = new Error('cancelled');
      const attempt = ada.startConversation(
        { recipients: [member('m2')], body: 'Never mind', clientId: cid() },
        { signal: controller.signal },
      );
      // Aborted in the same task as the call: the transaction cannot have committed yet.
      controller.abort(reason);
      expect(await rejection(attempt)).to.equal(reason);
      expect((await ada.listConversations()).items).to.have.length(0);
    });
  });
});
