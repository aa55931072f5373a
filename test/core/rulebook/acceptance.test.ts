import { expect } from '@open-wc/testing';
import {
  accepts,
  assertAccepted,
  notAcceptingError,
  parseBlockRequest,
  parseFollowChange,
  recipientsToJudge,
  type RecipientFacts,
} from '../../../src/core/acceptance.js';
import { applySettingsPatch } from '../../../src/core/decisions.js';
import { parseDirectory } from '../../../src/core/directory.js';
import type { ValidationError } from '../../../src/core/errors.js';
import { ForbiddenError, errorFromPayload } from '../../../src/core/errors.js';
import { parseSettingsPatch } from '../../../src/core/requests.js';

const facts = (over: Partial<RecipientFacts> = {}): RecipientFacts => ({
  memberId: 'bo',
  acceptFrom: 'anyone',
  followsSender: false,
  blockedSender: false,
  ...over,
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('rulebook: acceptance (S14, S15)', () => {
  it('accepts: anyone, or followed when the setting asks; never when blocked', () => {
    expect(accepts(facts())).to.equal(true);
    expect(accepts(facts({ acceptFrom: 'followed' }))).to.equal(false);
    expect(accepts(facts({ acceptFrom: 'followed', followsSender: true }))).to.equal(true);
    expect(accepts(facts({ blockedSender: true }))).to.equal(false);
    expect(accepts(facts({ blockedSender: true, followsSender: true }))).to.equal(false);
  });

  it('judges member participants other than the sender, each once; groups always accept', () => {
    expect(
      recipientsToJudge(
        [
          { kind: 'member', id: 'ana' },
          { kind: 'group', id: 'guild' },
          { kind: 'member', id: 'bo' },
          { kind: 'member', id: 'bo' },
        ],
        'ana',
      ),
    ).to.deep.equal(['bo']);
  });

  it('one refusal for a block and a setting, naming every member, field recipients', () => {
    const blocked = thrown(() => assertAccepted([facts({ blockedSender: true })])) as ForbiddenError;
    const setting = thrown(() => assertAccepted([facts({ acceptFrom: 'followed' })])) as ForbiddenError;
    expect(blocked).to.be.instanceOf(ForbiddenError);
    expect(blocked.toJSON()).to.deep.equal(setting.toJSON());
    expect(blocked.reason).to.equal('not-accepting');
    expect(blocked.field).to.equal('recipients');
    expect(blocked.members).to.deep.equal(['bo']);
    const two = thrown(() =>
      assertAccepted([
        facts({ blockedSender: true }),
        facts({ memberId: 'cy' }),
        facts({ memberId: 'di', acceptFrom: 'followed' }),
      ]),
    ) as ForbiddenError;
    expect(two.members).to.deep.equal(['bo', 'di']);
    expect(() =>
      assertAccepted([facts(), facts({ memberId: 'cy', acceptFrom: 'followed', followsSender: true })]),
    ).not.to.throw();
  });

  it('the refusal survives its plain-data form', () => {
    const again = errorFromPayload(notAcceptingError(['bo']).toJSON()) as ForbiddenError;
    expect(again).to.be.instanceOf(ForbiddenError);
    expect(again.reason).to.equal('not-accepting');
    expect(again.members).to.deep.equal(['bo']);
    expect(again.field).to.equal('recipients');
  });

  it('block and follow requests', () => {
    expect(parseBlockRequest('bo', 'ana')).to.equal('bo');
    expect((thrown(() => parseBlockRequest(' bo', 'ana')) as ValidationError).reason).to.equal('bad-id');
    expect((thrown(() => parseBlockRequest('ana', 'ana')) as ValidationError).reason).to.equal('bad-request');
    expect(parseFollowChange('ana', 'bo', true)).to.deep.equal({
      followerId: 'ana',
      followedId: 'bo',
      following: true,
    });
    for (const args of [
      ['ana', 'ana', true],
      ['ana', '', true],
      [1, 'bo', false],
      ['ana', 'bo', 'yes'],
      ['ana', 'bo', null],
    ] as [unknown, unknown, unknown][]) {
      const [follower, followed, following] = args;
      const error = thrown(() => parseFollowChange(follower, followed, following)) as ValidationError;
      expect(error.reason).to.equal('bad-request');
    }
  });

  it('settings: acceptFrom parsed, applied, and left out when it is the default', () => {
    expect(parseSettingsPatch({ acceptFrom: 'followed' })).to.deep.equal({ acceptFrom: 'followed' });
    for (const bad of [{ acceptFrom: 'nobody' }, { acceptFrom: null }, { acceptFrom: true }]) {
      expect((thrown(() => parseSettingsPatch(bad)) as ValidationError).reason).to.equal('bad-settings');
    }
    const base = { inApp: true, email: true };
    expect(applySettingsPatch(base, { acceptFrom: 'followed' })).to.deep.equal({
      settings: { inApp: true, email: true, acceptFrom: 'followed' },
      changed: true,
    });
    expect(applySettingsPatch({ ...base, acceptFrom: 'followed' }, { acceptFrom: 'anyone' })).to.deep.equal({
      settings: base,
      changed: true,
    });
    expect(applySettingsPatch(base, { acceptFrom: 'anyone' }).changed).to.equal(false);
    expect(applySettingsPatch({ ...base, acceptFrom: 'followed' }, { email: false })).to.deep.equal({
      settings: { inApp: true, email: false, acceptFrom: 'followed' },
      changed: true,
    });
  });

  it('directory: follows per member, checked; followed members outside the data are referenced', () => {
    const parsed = parseDirectory({
      members: [
        { id: 'ana', name: 'Ana', follows: ['bo', 'zed', 'bo'] },
        { id: 'bo', name: 'Bo' },
      ],
      groups: [],
    });
    expect(parsed.members[0]!.follows).to.deep.equal(['bo', 'zed']);
    expect(parsed.members[1]!.follows).to.equal(undefined);
    expect([...parsed.referenced]).to.deep.equal(['zed']);
    for (const follows of ['bo', [' bo'], ['ana'], [1]]) {
      const error = thrown(() =>
        parseDirectory({ members: [{ id: 'ana', name: 'Ana', follows }], groups: [] }),
      ) as ValidationError;
      expect(error.reason).to.equal('bad-request');
    }
  });
});
