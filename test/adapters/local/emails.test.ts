import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import type { PartyRef } from '../../../src/core/types.js';
import { freshBackend } from '../../helpers/local-backend.js';

const member = (id: string): PartyRef => ({ kind: 'member', id });
const group = (id: string): PartyRef => ({ kind: 'group', id });

let ids = 0;
function cid(): string {
  ids += 1;
  return `email-${ids.toString().padStart(4, '0')}`;
}

describe('local adapter: email records (S10)', () => {
  let backend: LocalBackend;
  beforeEach(async () => {
    backend = await freshBackend();
  });
  afterEach(async () => {
    await backend.destroy();
  });

  const recipients = async (): Promise<string[]> =>
    (await backend.listEmails()).map((email) => email.to.memberId);

  it('a recipient is emailed once per conversation until they have read it; never the author', async () => {
    const ada = backend.adapterFor('m1');
    const grace = backend.adapterFor('m2');
    const { conversation, message } = await ada.startConversation({
      recipients: [member('m2')],
      body: 'First',
      clientId: cid(),
    });
    const [email] = await backend.listEmails();
    expect(email).to.deep.include({
      to: { memberId: 'm2', name: 'Grace Hopper' },
      from: { memberId: 'm1', name: 'Ada Lovelace' },
      conversationId: conversation.id,
      messageId: message.id,
      subject: 'New message from Ada Lovelace',
      text: 'First',
    });

    const second = await ada.sendMessage({
      conversationId: conversation.id,
      body: 'Second',
      clientId: cid(),
    });
    expect(await recipients()).to.deep.equal(['m2']);

    // Having read the message the email was about, Grace is emailed about the next one.
    await grace.markRead(conversation.id, message.id);
    await ada.sendMessage({ conversationId: conversation.id, body: 'Third', clientId: cid() });
    expect(await recipients()).to.deep.equal(['m2', 'm2']);
    expect((await backend.listEmails())[0]!.text).to.equal('Third');

    // Grace replies: Ada is emailed, and Grace, having written, has read everything.
    await grace.sendMessage({ conversationId: conversation.id, body: 'Reply', clientId: cid() });
    expect(await recipients()).to.deep.equal(['m1', 'm2', 'm2']);
    await ada.sendMessage({ conversationId: conversation.id, body: 'Fourth', clientId: cid() });
    expect(await recipients()).to.deep.equal(['m2', 'm1', 'm2', 'm2']);
    expect(second.body).to.equal('Second');
  });

  it('reaches every member of a participant group, but not the one who wrote', async () => {
    await backend
      .adapterFor('m2')
      .startConversation({ recipients: [group('g1')], body: 'Team', clientId: cid() });
    expect((await recipients()).sort()).to.deep.equal(['m1', 'm3']);
  });

  it('follows each recipient’s own email setting', async () => {
    await backend.adapterFor('m3').updateSettings({ email: false });
    await backend.adapterFor('m1').updateSettings({ inApp: false });
    await backend
      .adapterFor('m8')
      .startConversation({ recipients: [group('g1')], body: 'Team', clientId: cid() });
    expect((await recipients()).sort()).to.deep.equal(['m1', 'm2']);
  });

  it('says which group a manager wrote for', async () => {
    await backend.adapterFor('m1').startConversation({
      recipients: [member('m9')],
      asGroup: 'g1',
      body: 'From the team',
      clientId: cid(),
    });
    const emails = await backend.listEmails();
    // g1's members hear of their group's conversation too; the manager who wrote does not.
    expect(emails.map((email) => email.to.memberId).sort()).to.deep.equal(['m2', 'm3', 'm9']);
    expect(emails[0]).to.deep.include({
      onBehalfOf: { groupId: 'g1', name: 'Documentation team' },
      subject: 'New message from Ada Lovelace for Documentation team',
    });
  });

  it('a refused or repeated message sends nothing', async () => {
    const ada = backend.adapterFor('m1');
    const clientId = cid();
    const { conversation } = await ada.startConversation({
      recipients: [member('m2')],
      body: 'Once',
      clientId,
    });
    await ada.startConversation({ recipients: [member('m2')], body: 'Once', clientId });
    await ada
      .sendMessage({ conversationId: conversation.id, body: 'x'.repeat(1001), clientId: cid() })
      .catch(() => null);
    expect(await recipients()).to.deep.equal(['m2']);
  });
});
