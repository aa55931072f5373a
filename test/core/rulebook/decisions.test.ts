import { expect } from '@open-wc/testing';
import {
  applySettingsPatch,
  assertMayRead,
  conversationNotFound,
  decideEarlierAnswer,
  mayActAs,
  mayRead,
  maySend,
  mayStart,
  participantSetOf,
  readMarkerMoves,
  type ViewerFacts,
} from '../../../src/core/decisions.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { PartyRef } from '../../../src/core/types.js';

const member = (id: string): PartyRef => ({ kind: 'member', id });
const group = (id: string): PartyRef => ({ kind: 'group', id });

/** Ana manages the guild and is a member of the club; both are read by every member. */
const ana: ViewerFacts = {
  memberId: 'ana',
  roles: new Map([
    ['guild', 'manager'],
    ['club', 'member'],
  ]),
  readers: new Map([
    ['guild', 'members'],
    ['club', 'members'],
  ]),
};

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('rulebook: decisions', () => {
  it('mayRead: named in person or through any group of theirs (S5)', () => {
    expect(mayRead(ana, [member('bo'), member('ana')], [])).to.equal(true);
    expect(mayRead(ana, [member('bo'), group('club')], [])).to.equal(true);
    expect(mayRead(ana, [member('bo'), group('other')], [])).to.equal(false);
    expect(mayRead(ana, [member('anastasia')], [])).to.equal(false);
  });

  it('mayRead: a managers-only group is read by its managers alone (S18)', () => {
    const managersOnly: ViewerFacts = {
      ...ana,
      readers: new Map([
        ['guild', 'managers'],
        ['club', 'managers'],
      ]),
    };
    expect(mayRead(managersOnly, [member('bo'), group('guild')], [])).to.equal(true);
    expect(mayRead(managersOnly, [member('bo'), group('club')], [])).to.equal(false);
    // Named in person, they read it whatever the group's setting.
    expect(mayRead(managersOnly, [member('ana'), group('club')], [])).to.equal(true);
  });

  it('mayRead: a group whose setting the facts lack is read by its managers only (S18)', () => {
    const unknown: ViewerFacts = { ...ana, readers: new Map() };
    expect(mayRead(unknown, [member('bo'), group('club')], [])).to.equal(false);
    expect(mayRead(unknown, [member('bo'), group('guild')], [])).to.equal(true);
  });

  it('mayRead: a member who left reads it no more, in person or through a group (S29)', () => {
    expect(mayRead(ana, [member('ana'), member('bo')], ['ana'])).to.equal(false);
    expect(mayRead(ana, [member('bo'), group('guild')], ['ana'])).to.equal(false);
    expect(mayRead(ana, [member('ana'), member('bo')], ['bo'])).to.equal(true);
  });

  it('a hidden conversation and a missing one are the same NotFoundError', () => {
    const hidden = thrown(() =>
      assertMayRead(ana, { id: 'c1', participants: [member('bo'), member('cy')], left: [] }),
    );
    const missing = thrown(() => assertMayRead(ana, undefined));
    expect(hidden).to.be.instanceOf(NotFoundError);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((hidden as Error).message).to.equal((missing as Error).message);
    expect((hidden as Error).message).to.equal(conversationNotFound().message);
  });

  it('mayActAs: themselves, or a group they manage (S4)', () => {
    expect(mayActAs(ana, undefined)).to.deep.equal(member('ana'));
    expect(mayActAs(ana, 'guild')).to.deep.equal(group('guild'));
    for (const groupId of ['club', 'other']) {
      const error = thrown(() => mayActAs(ana, groupId));
      expect(error).to.be.instanceOf(ForbiddenError);
      expect(error).to.include({ reason: 'not-group-manager', field: 'asGroup' });
    }
  });

  it('mayStart: the sender first; unknown recipients are named', () => {
    expect(
      mayStart({ viewer: ana, asGroup: 'guild', recipients: [member('bo')], unknown: [] }),
    ).to.deep.equal({
      sender: group('guild'),
      participants: [group('guild'), member('bo')],
    });
    const error = thrown(() =>
      mayStart({ viewer: ana, recipients: [member('zz')], unknown: [member('zz')] }),
    );
    expect(error).to.be.instanceOf(ValidationError);
    expect(error).to.include({ reason: 'unknown-recipient', field: 'recipients' });
    expect((error as Error).message).to.contain('zz');
    // Writing as a group one does not manage is refused before recipients are looked at.
    expect(
      thrown(() => mayStart({ viewer: ana, asGroup: 'club', recipients: [], unknown: [member('zz')] })),
    ).to.be.instanceOf(ForbiddenError);
  });

  it('maySend: readable, managed, and the group in the conversation', () => {
    const conversation = { id: 'c1', participants: [group('guild'), member('bo')], left: [] };
    expect(maySend({ viewer: ana, conversation })).to.deep.equal(member('ana'));
    expect(maySend({ viewer: ana, asGroup: 'guild', conversation })).to.deep.equal(group('guild'));
    expect(thrown(() => maySend({ viewer: ana, conversation: undefined }))).to.be.instanceOf(NotFoundError);
    const elsewhere = { id: 'c2', participants: [member('ana'), member('bo')], left: [] };
    expect(thrown(() => maySend({ viewer: ana, asGroup: 'guild', conversation: elsewhere }))).to.include({
      reason: 'not-allowed',
      field: 'asGroup',
    });
  });

  it('decideEarlierAnswer: new, a repeat of the same request, or a conflict', () => {
    const earlier = { id: 'c1', participants: [member('ana'), member('bo')], left: [] };
    expect(
      decideEarlierAnswer({ viewer: ana, earlier: undefined, requested: { conversationId: 'c1' } }),
    ).to.equal('new');
    expect(decideEarlierAnswer({ viewer: ana, earlier, requested: { conversationId: 'c1' } })).to.equal(
      'repeat',
    );
    expect(
      decideEarlierAnswer({
        viewer: ana,
        earlier,
        requested: { participants: [member('bo'), member('ana')] },
      }),
    ).to.equal('repeat');
    expect(
      thrown(() => decideEarlierAnswer({ viewer: ana, earlier, requested: { conversationId: 'c2' } })),
    ).to.be.instanceOf(ConflictError);
    expect(
      thrown(() =>
        decideEarlierAnswer({
          viewer: ana,
          earlier,
          requested: { participants: [member('ana'), member('cy')] },
        }),
      ),
    ).to.be.instanceOf(ConflictError);
    // Stored in a conversation the viewer can no longer see: as for any request about it.
    const lost = { id: 'c3', participants: [group('gone'), member('bo')], left: [] };
    expect(
      thrown(() => decideEarlierAnswer({ viewer: ana, earlier: lost, requested: { conversationId: 'c3' } })),
    ).to.be.instanceOf(NotFoundError);
  });

  it('participant sets ignore order and repeats', () => {
    expect(participantSetOf([member('b'), group('a'), member('b')])).to.equal(
      participantSetOf([group('a'), member('b')]),
    );
    expect(participantSetOf([member('a')])).not.to.equal(participantSetOf([group('a')]));
  });

  it('read markers never move back; settings patches change only what they name', () => {
    expect(readMarkerMoves(undefined, 1)).to.equal(true);
    expect(readMarkerMoves(3, 4)).to.equal(true);
    expect(readMarkerMoves(3, 3)).to.equal(false);
    expect(readMarkerMoves(3, 2)).to.equal(false);
    const current = { inApp: true, email: true };
    expect(applySettingsPatch(current, {})).to.deep.equal({ settings: current, changed: false });
    expect(applySettingsPatch(current, { email: false })).to.deep.equal({
      settings: { inApp: true, email: false },
      changed: true,
    });
    expect(applySettingsPatch(current, { email: true })).to.deep.equal({ settings: current, changed: false });
  });
});
