/**
 * S14 (who may message me: anyone, or only members I follow) and S15 (a member blocks a member).
 * Each refusal is the one `ForbiddenError('not-accepting')`, field `recipients`, naming the
 * members; it stores nothing and announces nothing; a block reads exactly like the setting.
 * Runs only for adapters declaring `accept-setting` / `member-blocks`.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability } from '../../capabilities.js';
import type { ForbiddenError } from '../../../core/errors.js';
import type { Member, Party } from '../../../core/types.js';
import { assert, assertDeepEqual, assertEqual, assertForbidden, assertIds, fail, show } from '../assert.js';
import { group, member, members, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

/** Expects the refusal of S14/S15 naming exactly these members. */
async function assertNotAccepting(
  action: () => Promise<unknown>,
  named: readonly string[],
  message: string,
): Promise<ForbiddenError> {
  const error = await assertForbidden(action, 'not-accepting', message);
  assertEqual(error.field, 'recipients', `${message}: the refusal's field`);
  assertDeepEqual([...(error.members ?? [])], named, `${message}: the members named`);
  assert(error.message.trim().length > 0, `${message}: the refusal has no message a person can read`);
  return error;
}

/** Nothing stored for either side: no conversation listed, nothing unread. */
async function assertNothingStored(w: World, ids: readonly string[], message: string): Promise<void> {
  for (const id of ids) {
    const adapter = await w.as(id);
    assertDeepEqual(await w.conversationIds(adapter), [], `${message}: ${id}'s conversations`);
    assertEqual((await adapter.getUnreadSummary()).total, 0, `${message}: ${id}'s unread`);
  }
}

async function found(adapter: ConversationsAdapter, query: string, id: string): Promise<Member> {
  const hit = (await adapter.searchDirectory(query)).find(
    (p): p is Member => p.kind === 'member' && p.id === id,
  );
  if (!hit) fail(`searching ${show(query)} did not find ${id}`);
  return hit;
}

/** `getParty` of a member, as a member. */
async function party(adapter: ConversationsAdapter, id: string): Promise<Member> {
  const got = await adapter.getParty(member(id));
  if (got.kind !== 'member') fail(`getParty of member ${id} answered ${show(got)}`);
  return got;
}

async function setFollow(w: World, follower: string, followed: string, following: boolean): Promise<void> {
  if (!w.backend.setFollow) fail('the backend declares accept-setting but gives the suite no setFollow');
  await w.backend.setFollow(follower, followed, following);
}

export function acceptanceScenarios(suite: Suite): void {
  suite.describe('S14 who may message me', () => {
    suite.test('acceptFrom is a setting of its own, "anyone" by default, refused when bad', async (w) => {
      const bo = await w.as('bo');
      if (!hasCapability(bo, 'accept-setting')) return;
      assertEqual((await bo.getSettings()).acceptFrom ?? 'anyone', 'anyone', 'the default');
      const after = await bo.updateSettings({ acceptFrom: 'followed' });
      assertDeepEqual(after, { inApp: true, email: true, acceptFrom: 'followed' }, 'after "followed"');
      assertDeepEqual(await (await w.anotherTab('bo')).getSettings(), after, 'read back in another tab');
      assertEqual((await (await w.as('ana')).getSettings()).acceptFrom ?? 'anyone', 'anyone', 'ana’s own');
      for (const bad of ['nobody', null, true, 'Followed']) {
        const error = await assertForbiddenOrValidation(() =>
          bo.updateSettings({ acceptFrom: bad } as never),
        );
        assertEqual(error, 'bad-settings', `acceptFrom ${show(bad)}`);
      }
      assertDeepEqual(await bo.getSettings(), after, 'unchanged by the refusals');
      assertDeepEqual(
        await bo.updateSettings({ acceptFrom: 'anyone' }),
        { inApp: true, email: true },
        'back to anyone (the default is left out)',
      );
    });

    suite.test(
      '"followed": others are refused, naming who, storing nothing; a follow lets them in',
      async (w) => {
        const [ana, bo] = [await w.as('ana'), await w.as('bo')];
        if (!hasCapability(bo, 'accept-setting')) return;
        await bo.updateSettings({ acceptFrom: 'followed' });
        const boEvents = w.record(bo, 'bo');
        assertEqual((await found(ana, 'Bo', 'bo')).accepting, false, 'search marks bo for ana');
        assertEqual((await party(ana, 'bo')).accepting, false, 'getParty marks bo for ana');
        assertEqual((await found(bo, 'Ana', 'ana')).accepting, undefined, 'ana accepts bo');

        await assertNotAccepting(() => w.start(ana, [member('bo')]), ['bo'], 'ana writes to bo');
        await assertNotAccepting(
          () => w.start(ana, members('bo', 'cy', 'gu')),
          ['bo'],
          'ana writes to bo, cy and gu',
        );
        await assertNothingStored(w, ['ana', 'bo', 'cy'], 'after the refusals');

        // A group always accepts, even with bo in it.
        const { conversation: withGuild } = await w.start(ana, [group('translators')]);
        assert(withGuild.id.length > 0, 'writing to the translators group works');

        await setFollow(w, 'bo', 'ana', true);
        assertEqual((await found(ana, 'Bo', 'bo')).accepting, undefined, 'bo follows ana now');
        const { conversation } = await w.start(ana, [member('bo')], 'Now you follow me');
        await boEvents.waitFor(
          (e) => e.type === 'conversation-added' && e.conversation.id === conversation.id,
          'the conversation ana started',
        );
        assertEqual(
          boEvents.count((e) => e.type === 'conversation-added' && e.conversation.id !== withGuild.id),
          1,
          'bo heard of the one conversation that was stored, and of nothing refused',
        );
        // Someone bo does not follow is still refused.
        const cy = await w.as('cy');
        await assertNotAccepting(() => w.start(cy, [member('bo')]), ['bo'], 'cy writes to bo');
        await setFollow(w, 'bo', 'ana', true); // again: no change, no error
      },
    );

    suite.test(
      'an existing conversation stays readable; a reply is refused; a retry is answered',
      async (w) => {
        const [ana, bo] = [await w.as('ana'), await w.as('bo')];
        if (!hasCapability(bo, 'accept-setting')) return;
        const clientId = newClientId();
        const { conversation, message } = await w.start(ana, [member('bo')], 'Before', { clientId });
        await bo.updateSettings({ acceptFrom: 'followed' });
        await assertNotAccepting(() => w.send(ana, conversation.id, 'After'), ['bo'], 'ana replies');
        assertIds(await w.allMessages(ana, conversation.id), [message.id], 'ana still reads the history');
        assertIds(await w.allMessages(bo, conversation.id), [message.id], 'nothing was stored for bo');
        // The first message's retry gets the stored answer: no message lost, none doubled.
        const again = await w.start(ana, [member('bo')], 'Before', { clientId });
        assertEqual(again.message.id, message.id, 'the retry answers the stored message');
        // bo can still write to ana, and ana's answer to a third member in a group chat is refused.
        await w.send(bo, conversation.id, 'I can still write');
        const { conversation: three } = await w.start(ana, members('cy', 'gu'));
        await setFollow(w, 'bo', 'cy', true);
        const gu = await w.as('gu');
        await gu.updateSettings({ acceptFrom: 'followed' });
        await assertNotAccepting(() => w.send(ana, three.id, 'Hi both'), ['gu'], 'gu does not accept ana');
      },
    );
  });

  suite.describe('S15 a member blocks a member', () => {
    suite.test('the blocked member is refused exactly as by the setting, and learns nothing', async (w) => {
      const [ana, bo, cy] = [await w.as('ana'), await w.as('bo'), await w.as('cy')];
      if (!hasCapability(bo, 'member-blocks') || !bo.blockMember) return;
      const { conversation } = await w.start(ana, [member('bo')], 'Hello Bo');
      const anaEvents = w.record(ana, 'ana');
      await bo.blockMember('ana');
      await bo.blockMember('ana'); // idempotent
      assertIds((await bo.listBlockedMembers!()) as Party[], ['ana'], 'bo’s blocked members');
      assertIds((await ana.listBlockedMembers!()) as Party[], [], 'ana has blocked nobody');

      const blocked = await assertNotAccepting(
        () => w.send(ana, conversation.id, 'Are you there?'),
        ['bo'],
        'ana replies to bo',
      );
      await assertNotAccepting(() => w.start(ana, members('bo', 'cy')), ['bo'], 'ana starts with bo');
      assertEqual((await found(ana, 'Bo', 'bo')).accepting, false, 'search marks bo for ana');
      assertEqual((await party(ana, 'bo')).accepting, false, 'getParty marks bo for ana');

      // The same refusal as "only members I follow", word for word but the name.
      await (await w.as('gu')).updateSettings({ acceptFrom: 'followed' });
      const setting = await assertNotAccepting(() => w.start(ana, [member('gu')]), ['gu'], 'ana to gu');
      assertEqual(setting.message.replace('gu', 'bo'), blocked.message, 'the message');
      assertDeepEqual(
        { ...setting.toJSON(), message: '', members: [] },
        { ...blocked.toJSON(), message: '', members: [] },
        'the payload',
      );

      // bo, who blocked, may still write; ana's history is intact.
      await w.send(bo, conversation.id, 'Goodbye');
      assertEqual((await w.allMessages(ana, conversation.id)).length, 2, 'ana reads both messages');
      // A group conversation bo reads only through the group is the group's: it goes on.
      await w.start(ana, [group('translators')], 'To the guild');
      assertEqual(
        anaEvents.count((e) => e.type === 'viewer-changed' || e.type === 'settings-changed'),
        0,
        'no event told ana of the block',
      );

      await bo.unblockMember!('ana');
      await bo.unblockMember!('ana'); // idempotent
      assertIds((await bo.listBlockedMembers!()) as Party[], [], 'nobody blocked after unblocking');
      await w.send(ana, conversation.id, 'Thanks for unblocking');
      assertEqual((await found(ana, 'Bo', 'bo')).accepting, undefined, 'bo accepts ana again');
      assertEqual((await found(cy, 'Bo', 'bo')).accepting, undefined, 'others were never refused');
    });

    suite.test('blocking nobody, oneself or a bad id is refused and stores nothing', async (w) => {
      const bo = await w.as('bo');
      if (!hasCapability(bo, 'member-blocks') || !bo.blockMember) return;
      await assertRejectsReason(() => bo.blockMember!('nobody-here'), 'not-found', 'an unknown member');
      await assertRejectsReason(() => bo.blockMember!('bo'), 'bad-request', 'oneself');
      await assertRejectsReason(() => bo.blockMember!(' ana'), 'bad-id', 'a bad id');
      await assertRejectsReason(() => bo.unblockMember!(''), 'bad-id', 'unblocking a bad id');
      assertIds((await bo.listBlockedMembers!()) as Party[], [], 'nothing stored');
    });
  });
}

/** The validation reason (or `not-found`) a request was refused with. */
async function assertForbiddenOrValidation(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    const e = error as { code?: string; reason?: string };
    return e.code === 'validation' ? (e.reason ?? '') : (e.code ?? show(error));
  }
  fail('expected a refusal, but the request succeeded');
}

async function assertRejectsReason(
  action: () => Promise<unknown>,
  reason: string,
  message: string,
): Promise<void> {
  assertEqual(await assertForbiddenOrValidation(action), reason, message);
}
