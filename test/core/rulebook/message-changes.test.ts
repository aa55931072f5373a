import { expect } from '@open-wc/testing';
import type { ViewerFacts } from '../../../src/core/decisions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { parseEditRequest, parseReactionRequest, viewReactions } from '../../../src/core/message-changes.js';
import {
  decideDelete,
  decideEdit,
  decideReaction,
  type ChangeFacts,
} from '../../../src/core/message-decisions.js';
import { DEFAULT_POLICY, editableUntil, resolvePolicy } from '../../../src/core/policy.js';

const ana: ViewerFacts = { memberId: 'ana', roles: new Map(), readers: new Map() };
const bo: ViewerFacts = { memberId: 'bo', roles: new Map(), readers: new Map() };
const sentAt = 1_000_000;
const conversation = {
  id: 'c1',
  participants: [
    { kind: 'member' as const, id: 'ana' },
    { kind: 'member' as const, id: 'bo' },
  ],
  left: [],
};
const message = { id: 'm1', conversationId: 'c1', authorId: 'ana', sentAt, body: 'Hello', deleted: false };

function facts(viewer: ViewerFacts, overrides: Partial<ChangeFacts> = {}): ChangeFacts {
  return { viewer, request: { conversationId: 'c1', messageId: 'm1' }, conversation, message, ...overrides };
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('rulebook: editing, deleting and reactions (S25, S26)', () => {
  const at = (ms: number) => ({ body: 'Hi', now: sentAt + ms, policy: DEFAULT_POLICY });

  it('lets the author edit until the window closes, then refuses with edit-window-closed', () => {
    expect(decideEdit({ ...facts(ana), ...at(60_000) })).to.equal('edit');
    expect(decideEdit({ ...facts(ana), ...at(0), body: 'Hello' })).to.equal('unchanged');
    expect(editableUntil(sentAt)).to.equal(sentAt + 15 * 60_000);
    const late = thrown(() => decideEdit({ ...facts(ana), ...at(15 * 60_000) }));
    expect(late).to.be.instanceOf(ForbiddenError).and.include({ reason: 'edit-window-closed' });
    const policy = resolvePolicy({ editWindowMinutes: 60 });
    expect(decideEdit({ ...facts(ana), ...at(30 * 60_000), policy })).to.equal('edit');
  });

  it("reads someone else's, a deleted or a missing message as not found; an outsider gets no conversation", () => {
    const others = thrown(() => decideEdit({ ...facts(bo), ...at(0) })) as NotFoundError;
    const missing = thrown(() =>
      decideEdit({ ...facts(ana, { message: undefined }), ...at(0) }),
    ) as NotFoundError;
    expect(others).to.be.instanceOf(NotFoundError);
    expect(others.message).to.equal(missing.message);
    const deleted = { ...message, body: '', deleted: true };
    expect(thrown(() => decideEdit({ ...facts(ana, { message: deleted }), ...at(0) }))).to.be.instanceOf(
      NotFoundError,
    );
    expect(thrown(() => decideDelete(facts(bo, { message: deleted })))).to.be.instanceOf(NotFoundError);
    const zo: ViewerFacts = { memberId: 'zo', roles: new Map(), readers: new Map() };
    expect((thrown(() => decideDelete(facts(zo))) as Error).message).to.match(/no such conversation/);
    const elsewhere = { ...message, conversationId: 'c2' };
    expect(thrown(() => decideDelete(facts(ana, { message: elsewhere })))).to.be.instanceOf(NotFoundError);
  });

  it('deletes at any time, and a second delete answers already-deleted', () => {
    expect(decideDelete(facts(ana))).to.equal('delete');
    expect(decideDelete(facts(ana, { message: { ...message, deleted: true } }))).to.equal('already-deleted');
  });

  it('a plain member of a managers-only group, or one who left, changes nothing there (S18, S29)', () => {
    // The council's conversation with bo; cy is a plain member of the council, read by managers only.
    const council = {
      id: 'c1',
      participants: [
        { kind: 'group' as const, id: 'council' },
        { kind: 'member' as const, id: 'bo' },
      ],
      left: [],
    };
    const cy: ViewerFacts = {
      memberId: 'cy',
      roles: new Map([['council', 'member']]),
      readers: new Map([['council', 'managers']]),
    };
    const own = { ...message, authorId: 'cy' };
    const asCy = (overrides: Partial<ChangeFacts> = {}) =>
      facts(cy, { conversation: council, message: own, ...overrides });
    for (const attempt of [
      () => decideEdit({ ...asCy(), ...at(0) }),
      () => decideDelete(asCy()),
      () => decideDelete(asCy({ message: { ...own, deleted: true } })),
      () => decideReaction({ ...asCy(), on: true, reactedAlready: false }),
    ]) {
      expect((thrown(attempt) as Error).message).to.match(/no such conversation/);
    }
    // Once every member reads it, the same facts let cy act; and not after cy left.
    const everyone: ViewerFacts = { ...cy, readers: new Map([['council', 'members']]) };
    expect(decideDelete(facts(everyone, { conversation: council, message: own }))).to.equal('delete');
    const left = { ...council, left: ['cy'] };
    expect(
      (thrown(() => decideDelete(facts(everyone, { conversation: left, message: own }))) as Error).message,
    ).to.match(/no such conversation/);
  });

  it('parses edits like new messages and reactions against the set', () => {
    expect(parseEditRequest({ conversationId: 'c1', messageId: 'm1', body: '  x ' }).body).to.equal('x');
    const long = thrown(() =>
      parseEditRequest({ conversationId: 'c1', messageId: 'm1', body: 'x'.repeat(1001) }),
    );
    expect(long).to.be.instanceOf(ValidationError).and.include({ reason: 'too-long' });
    const extra = thrown(() =>
      parseEditRequest({ conversationId: 'c1', messageId: 'm1', body: 'x', asGroup: 'g' }),
    );
    expect(extra).to.include({ reason: 'bad-request' });
    const ok = parseReactionRequest({ conversationId: 'c1', messageId: 'm1', emoji: '👍', on: true });
    expect(ok).to.deep.equal({ conversationId: 'c1', messageId: 'm1', emoji: '👍', on: true });
    const outside = thrown(() =>
      parseReactionRequest({ conversationId: 'c1', messageId: 'm1', emoji: '🦄', on: true }),
    );
    expect(outside).to.include({ reason: 'bad-reaction', field: 'emoji' });
    const noFlag = thrown(() => parseReactionRequest({ conversationId: 'c1', messageId: 'm1', emoji: '👍' }));
    expect(noFlag).to.include({ reason: 'bad-request' });
  });

  it('changes a reaction only when it moves, and views them per viewer in first-reacted order', () => {
    expect(decideReaction({ ...facts(bo), on: true, reactedAlready: false })).to.equal(true);
    expect(decideReaction({ ...facts(bo), on: true, reactedAlready: true })).to.equal(false);
    const stored = [
      { emoji: '❤️', member: { kind: 'member' as const, id: 'bo' } },
      { emoji: '👍', member: { kind: 'member' as const, id: 'ana' } },
      { emoji: '❤️', member: { kind: 'member' as const, id: 'ana' } },
    ];
    expect(viewReactions(stored, 'ana').map((r) => [r.emoji, r.count, r.mine])).to.deep.equal([
      ['❤️', 2, true],
      ['👍', 1, true],
    ]);
    expect(viewReactions(stored, 'bo')[1]!.mine).to.equal(false);
  });

  it('refuses a reaction set that is empty, repeats itself or holds text with spaces', () => {
    expect(() => resolvePolicy({ reactions: [] })).to.throw(RangeError);
    expect(() => resolvePolicy({ reactions: ['👍', '👍'] })).to.throw(RangeError);
    expect(() => resolvePolicy({ reactions: ['thumbs up'] })).to.throw(RangeError);
    expect(() => resolvePolicy({ editWindowMinutes: 0 })).to.throw(RangeError);
    expect(resolvePolicy({ reactions: ['✅'] }).reactions).to.deep.equal(['✅']);
  });
});
