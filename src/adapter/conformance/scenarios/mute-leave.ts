/**
 * S29, capabilities `'mute'` and `'leave'`: a muted conversation keeps its count but leaves the
 * envelope's total; one who leaves a conversation of several people no longer sees or hears it,
 * and the others see that they left. A one-to-one cannot be left.
 */
import { assert, assertDeepEqual, assertEqual, assertForbidden, assertNotFound } from '../assert.js';
import { group, member, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import { declares } from './capability.js';

export function muteLeaveScenarios(suite: Suite): void {
  suite.describe('mute (mute)', () => {
    suite.test('a muted conversation keeps its count but leaves the total, for the muter only', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'mute', ['setMuted'])) return;
      const bo = await w.as('bo');
      const cy = await w.as('cy');
      const { conversation } = await w.start(ana, members('bo', 'cy'), 'One');
      const c = conversation.id;
      await w.send(ana, c, 'Two');
      const recorder = w.record(bo, 'bo');
      const muted = await bo.setMuted!(c, true);
      assertEqual(muted.muted, true, 'the answer is muted');
      assertEqual(muted.unreadCount, 2, 'still with its count');
      await recorder.waitFor(
        (e) => e.type === 'conversation-changed' && e.conversation.id === c && e.conversation.muted === true,
        'conversation-changed (muted)',
      );
      assertEqual((await bo.getConversation(c)).muted, true, 'read back');
      const listed = (await bo.listConversations()).items.find((item) => item.id === c);
      assertEqual(listed?.unreadCount, 2, 'listed with its count');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'out of bo’s total');
      await w.send(ana, c, 'Three');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'new messages too');
      assertDeepEqual(await cy.getUnreadSummary(), { total: 3, conversations: 1 }, 'cy did not mute');
      assert(!(await cy.getConversation(c)).muted, 'not muted for cy');

      const unmuted = await bo.setMuted!(c, false);
      assert(!unmuted.muted, 'unmuted');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 3, conversations: 1 }, 'back in the total');
      await assertNotFound(async () => (await w.as('zo')).setMuted!(c, true), 'an outsider');
    });
  });

  suite.describe('leave (leave)', () => {
    suite.test('the leaver loses it; the others see "left" and go on without them', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'leave', ['leaveConversation'])) return;
      const bo = await w.as('bo');
      const cy = await w.as('cy');
      const { conversation } = await w.start(ana, members('bo', 'cy'), 'One');
      const c = conversation.id;
      const bos = w.record(bo, 'bo');
      const anas = w.record(ana, 'ana');
      await bo.leaveConversation!(c);
      await bos.waitFor(
        (e) => e.type === 'conversation-removed' && e.conversationId === c,
        'conversation-removed',
      );
      const left = await anas.waitFor(
        (e) => e.type === 'message-added' && e.message.system === 'left',
        'the "left" entry',
      );
      assertEqual(left.type === 'message-added' && left.message.author.id, 'bo', 'who left');
      const page = await ana.listMessages(c);
      const entry = page.items.at(-1);
      assertEqual(entry?.system, 'left', 'the thread ends with the entry');
      assertEqual(entry?.body, '', 'it has no text of its own');

      await assertNotFound(() => bo.getConversation(c), 'the leaver cannot read it');
      await assertNotFound(() => bo.listMessages(c), 'nor its messages');
      assert(!(await w.allConversations(bo)).some((item) => item.id === c), 'gone from the leaver’s list');
      await assertNotFound(() => w.send(bo, c, 'Still here?'), 'nor write to it');

      const later = await w.send(cy, c, 'After bo');
      await anas.waitFor((e) => e.type === 'message-added' && e.message.id === later.id, 'a later message');
      assertEqual(
        bos.count((e) => e.type === 'message-added' && e.message.conversationId === c),
        0,
        'the leaver hears nothing more of it',
      );
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'nor counts it');
    });

    suite.test(
      'a one-to-one cannot be left; a member reading through a group leaves the group instead',
      async (w) => {
        const ana = await w.as('ana');
        if (!declares(ana, 'leave', ['leaveConversation'])) return;
        const { conversation } = await w.start(ana, [member('bo')], 'Hi');
        await assertForbidden(() => ana.leaveConversation!(conversation.id), 'cannot-leave', 'a one-to-one');
        assertEqual((await ana.getConversation(conversation.id)).id, conversation.id, 'still there');
        const withGroup = await w.start(await w.as('gu'), [group('events')], 'To events');
        await assertForbidden(
          async () => (await w.as('ed')).leaveConversation!(withGroup.conversation.id),
          'not-allowed',
          'ed is there through the group',
        );
        await assertNotFound(
          async () => (await w.as('zo')).leaveConversation!(conversation.id),
          'an outsider',
        );
      },
    );

    suite.test(
      'a member of the group who left it by name no longer reads it through the group',
      async (w) => {
        const ana = await w.as('ana');
        if (!declares(ana, 'leave', ['leaveConversation'])) return;
        const bo = await w.as('bo');
        const { conversation } = await w.start(ana, [member('bo'), group('translators')], 'Both ways');
        await bo.leaveConversation!(conversation.id);
        await assertNotFound(() => bo.getConversation(conversation.id), 'bo, also in translators');
        assert(!(await w.allConversations(bo)).some((c) => c.id === conversation.id), 'not listed');
      },
    );
  });
}
