import { expect } from '@open-wc/testing';
import { ValidationError } from '../../../src/core/errors.js';
import { parseImportRecord } from '../../../src/core/import.js';
import { resolvePolicy } from '../../../src/core/policy.js';

const ana = { kind: 'member', id: 'ana' } as const;
const bo = { kind: 'member', id: 'bo' } as const;
const garden = { kind: 'group', id: 'garden' } as const;

function refusal(input: unknown, policy = resolvePolicy({})): { reason: string; field: string } {
  try {
    parseImportRecord(input, policy);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    const { reason, field } = error as ValidationError;
    return { reason, field };
  }
  throw new Error('accepted');
}

describe('rulebook: import records (S20)', () => {
  it('takes a conversation with its starter first, each participant once', () => {
    expect(
      parseImportRecord({
        type: 'conversation',
        externalId: 'c1',
        participants: [bo, ana, { ...bo, name: 'Bo' }],
        startedBy: ana,
        createdAt: 5,
      }),
    ).to.deep.equal({ type: 'conversation', externalId: 'c1', participants: [ana, bo], createdAt: 5 });
  });

  it('refuses participants as a start refuses recipients', () => {
    const base = { type: 'conversation', externalId: 'c1', createdAt: 1 };
    expect(refusal({ ...base, participants: [] }).reason).to.equal('bad-recipient');
    expect(refusal({ ...base, participants: [ana] }).reason).to.equal('self-only');
    expect(refusal({ ...base, participants: [ana, ana] }).reason).to.equal('self-only');
    expect(refusal({ ...base, participants: [ana, { kind: 'person', id: 'x' }] })).to.deep.equal({
      reason: 'bad-recipient',
      field: 'recipients',
    });
    expect(refusal({ ...base, participants: [ana, bo], startedBy: garden }).reason).to.equal('bad-recipient');
    const many = Array.from({ length: 4 }, (_, i) => ({ kind: 'member', id: `m${i}` }));
    expect(
      refusal({ ...base, participants: [ana, ...many] }, resolvePolicy({ maxInvitees: 3 })).reason,
    ).to.equal('too-many-recipients');
  });

  it('takes a message trimmed, as a send stores it, and refuses its body as a send does', () => {
    const base = { type: 'message', externalId: 'm1', conversation: 'c1', author: 'ana', sentAt: 10 };
    expect(parseImportRecord({ ...base, body: '  Hello  ', asGroup: 'garden' })).to.deep.equal({
      ...base,
      asGroup: 'garden',
      body: 'Hello',
    });
    expect(refusal({ ...base, body: '\u200b\u2060' })).to.deep.equal({ reason: 'empty', field: 'body' });
    expect(
      refusal({ ...base, body: 'x'.repeat(11) }, resolvePolicy({ maxMessageLength: 10 })).reason,
    ).to.equal('too-long');
    expect(refusal({ ...base, body: 'a\u0000b' }).reason).to.equal('malformed-text');
    expect(refusal({ ...base, body: 'Hi', asGroup: ' garden' })).to.deep.equal({
      reason: 'bad-request',
      field: 'asGroup',
    });
  });

  it('refuses ids that are not ids, times that are not times, unknown types and keys', () => {
    expect(refusal({ type: 'read', conversation: 'c1', member: 'ana', upTo: '' }).reason).to.equal('bad-id');
    expect(refusal({ type: 'read', conversation: 'c1', member: ' ana', upTo: 'm1' }).reason).to.equal(
      'bad-id',
    );
    const message = { type: 'message', externalId: 'm1', conversation: 'c1', author: 'ana', body: 'Hi' };
    for (const sentAt of [-1, Number.NaN, '10', undefined, 1e20]) {
      expect(refusal({ ...message, sentAt }).reason, String(sentAt)).to.equal('bad-request');
    }
    expect(refusal({ ...message, sentAt: 1, clientId: 'x' }).reason).to.equal('bad-request');
    expect(refusal({ type: 'invitation' }).reason).to.equal('bad-request');
    expect(refusal([]).reason).to.equal('bad-request');
    expect(parseImportRecord({ ...message, sentAt: 1, asGroup: undefined })).to.not.have.property('asGroup');
  });
});
