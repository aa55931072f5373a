/** S31, capability `'mark-unread'`: a conversation shows unread again until it is read. */
import { assertDeepEqual, assertEqual, assertNotFound } from '../assert.js';
import { member } from '../fixture.js';
import type { Suite } from '../suite.js';
import { declares } from './capability.js';

export function markUnreadScenarios(suite: Suite): void {
  suite.describe('mark as unread (mark-unread)', () => {
    suite.test('a read conversation counts one unread until read again', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'mark-unread', ['markUnread'])) return;
      const bo = await w.as('bo');
      const { conversation, message } = await w.start(ana, [member('bo')], 'Hi');
      const c = conversation.id;
      await bo.markRead(c, message.id);
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'read');
      const recorder = w.record(bo, 'bo');
      const marked = await bo.markUnread!(c);
      assertEqual(marked.unreadCount, 1, 'the answer counts one');
      await recorder.waitFor(
        (e) =>
          e.type === 'conversation-changed' && e.conversation.id === c && e.conversation.unreadCount === 1,
        'conversation-changed (unread)',
      );
      assertEqual((await bo.getConversation(c)).unreadCount, 1, 'read back');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 1, conversations: 1 }, 'the envelope counts it');
      assertEqual((await bo.markUnread!(c)).unreadCount, 1, 'twice is the same');
      assertEqual((await ana.getConversation(c)).unreadCount, 0, 'for bo only');

      await bo.markRead(c, message.id);
      assertEqual((await bo.getConversation(c)).unreadCount, 0, 'reading it again clears the mark');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'and the total');
      await assertNotFound(async () => (await w.as('zo')).markUnread!(c), 'an outsider');
    });

    suite.test('unread messages keep their count; the mark adds none', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'mark-unread', ['markUnread'])) return;
      const bo = await w.as('bo');
      const { conversation } = await w.start(ana, [member('bo')], 'Hi');
      await w.send(ana, conversation.id, 'Two');
      assertEqual((await bo.markUnread!(conversation.id)).unreadCount, 2, 'two stay two');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 2, conversations: 1 }, 'total');
    });
  });
}
