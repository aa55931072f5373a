/**
 * S18: who in a group reads its conversations. Switched to managers only, the group's other
 * members lose its conversations at once, exactly as when they leave the group; the list filters
 * by group, with unread counts per group.
 */
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertIds,
  assertIndistinguishable,
  assertNotFound,
  assertValidation,
} from '../assert.js';
import { ghostId, group, member } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

const NEEDS = { needs: 'group-readers' } as const;

function setReaders(world: World, groupId: string, readers: 'members' | 'managers'): Promise<void> {
  const set = world.backend.setGroupReaders;
  assert(set, 'the backend has no setGroupReaders');
  return set.call(world.backend, groupId, readers);
}

export function groupReaderScenarios(suite: Suite): void {
  suite.describe('S18: who in a group reads its conversations', () => {
    suite.test(
      'managers only: the members lose them at once, as when leaving the group',
      async (w) => {
        const { conversation } = await w.start(await w.as('zo'), [group('translators')], 'Hello guild');
        const c = conversation.id;
        const bo = await w.as('bo');
        const ana = await w.as('ana');
        assertIds(await w.allConversations(bo), [c], 'bo reads it while every member does');
        const events = w.record(bo, 'bo');

        await setReaders(w, 'translators', 'managers');
        await events.waitFor((e) => e.type === 'viewer-changed', 'viewer-changed after the switch');
        assertIds(await w.allConversations(bo), [], 'bo’s list');
        const hidden = await assertNotFound(() => bo.getConversation(c), 'bo: getConversation');
        const missing = await assertNotFound(
          () => bo.getConversation(ghostId(c)),
          'an id that never existed',
        );
        assertIndistinguishable(hidden, missing, 'a group conversation bo no longer reads');
        await assertNotFound(() => bo.listMessages(c), 'bo: listMessages');
        assertIds(await w.allConversations(ana), [c], 'ana, the manager, still reads it');

        const before = events.events.length;
        await w.send(await w.as('zo'), c, 'Only for the managers');
        await w.send(ana, c, 'Noted');
        assertEqual((await bo.getUnreadSummary()).total, 0, 'nothing unread for bo');
        assertEqual(
          events.events.slice(before).filter((e) => e.type !== 'viewer-changed').length,
          0,
          'no event tells bo of the new messages',
        );

        const again = w.record(bo, 'bo, after the first switch');
        await setReaders(w, 'translators', 'members');
        await again.waitFor((e) => e.type === 'viewer-changed', 'viewer-changed after switching back');
        assertIds(await w.allConversations(bo), [c], 'bo reads it again');
      },
      NEEDS,
    );

    suite.test(
      'a manager filters the list by group, with unread per group',
      async (w) => {
        const ana = await w.as('ana');
        await w.backend.setGroupRole('events', 'ana', 'member');
        const guild = (await w.start(await w.as('zo'), [group('translators')], 'For the guild')).conversation;
        const events = (await w.start(await w.as('gu'), [group('events')], 'For events')).conversation;
        const own = (await w.start(await w.as('hu'), [member('ana')], 'For ana')).conversation;

        assertIds(
          await ana.listConversations({ group: 'translators' }).then((p) => p.items),
          [guild.id],
          'guild only',
        );
        assertIds(
          await ana.listConversations({ group: 'events' }).then((p) => p.items),
          [events.id],
          'events only',
        );
        assertIds(
          await ana.listConversations({ group: 'nobody-group' }).then((p) => p.items),
          [],
          'a group that does not exist lists nothing',
        );
        assertEqual((await w.allConversations(ana)).length, 3, 'unfiltered, all three');
        assertDeepEqual(
          await ana.getUnreadSummary(),
          { total: 3, conversations: 3 },
          'without byGroup, totals only',
        );
        const summary = await ana.getUnreadSummary({ byGroup: true });
        assertEqual(summary.total, 3, 'three unread in all');
        assertDeepEqual(
          [...(summary.groups ?? [])].sort((a, b) => a.groupId.localeCompare(b.groupId)),
          [
            { groupId: 'events', total: 1, conversations: 1 },
            { groupId: 'translators', total: 1, conversations: 1 },
          ],
          'unread per group',
        );

        await setReaders(w, 'events', 'managers');
        assertIds(
          await ana.listConversations({ group: 'events' }).then((p) => p.items),
          [],
          'a group ana no longer reads lists nothing',
        );
        const after = await ana.getUnreadSummary({ byGroup: true });
        assertEqual(after.total, 2, 'the events conversation no longer counts');
        assert(
          !(after.groups ?? []).some((g) => g.groupId === 'events'),
          'nor is events in the per-group counts',
        );
        assertIds(
          (await w.allConversations(ana)).filter((c) => c.id === own.id),
          [own.id],
          'her own stays',
        );
      },
      NEEDS,
    );

    suite.test(
      'a bad setting or group is refused and changes nothing',
      async (w) => {
        const { conversation } = await w.start(await w.as('zo'), [group('translators')], 'Hello');
        await assertValidation(
          () => setReaders(w, 'translators', 'everyone' as 'members'),
          'bad-request',
          'readers that are neither members nor managers',
        );
        await assertNotFound(() => setReaders(w, 'no-such-group', 'managers'), 'a group that does not exist');
        await assertValidation(
          async () => (await w.as('ana')).listConversations({ group: ' x' }),
          'bad-id',
          'a malformed group filter',
        );
        assertIds(await w.allConversations(await w.as('bo')), [conversation.id], 'bo still reads it');
      },
      NEEDS,
    );
  });
}
