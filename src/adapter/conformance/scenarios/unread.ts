/**
 * Unread counts and read markers, per member: what the gold envelope (S12) and the inbox show.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { assertConvError, assertDeepEqual, assertEqual } from '../assert.js';
import { ghostId, group, member, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import { declares } from './capability.js';

async function unread(adapter: ConversationsAdapter, conversationId: string): Promise<number> {
  const fromGet = (await adapter.getConversation(conversationId)).unreadCount;
  const listed = (await adapter.listConversations()).items.find((c) => c.id === conversationId);
  assertEqual(listed?.unreadCount, fromGet, 'the listed unread count agrees with getConversation');
  return fromGet;
}

export function unreadScenarios(suite: Suite): void {
  suite.describe('unread counts and read markers', () => {
    suite.test('count per conversation and in total; the sender’s own messages never count', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const cy = await w.as('cy');
      const { conversation } = await w.start(ana, members('bo', 'cy'), 'One');
      const c = conversation.id;
      assertEqual(conversation.unreadCount, 0, 'the starter’s view of the new conversation');
      assertEqual(await unread(ana, c), 0, 'ana’s own first message');
      assertEqual(await unread(bo, c), 1, 'bo after one message');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 1, conversations: 1 }, 'bo’s summary');
      assertDeepEqual(await ana.getUnreadSummary(), { total: 0, conversations: 0 }, 'ana’s summary');

      await w.send(ana, c, 'Two');
      await w.send(ana, c, 'Three');
      await w.send(cy, c, 'From cy');
      assertEqual(await unread(bo, c), 4, 'bo after three from ana and one from cy');
      assertEqual(await unread(cy, c), 0, 'cy: writing read ana’s three, and her own never count');
      assertEqual(await unread(ana, c), 1, 'ana: cy’s one, not ana’s own three');

      await w.start(await w.as('di'), [member('bo')], 'From di');
      assertDeepEqual(
        await bo.getUnreadSummary(),
        { total: 5, conversations: 2 },
        'bo’s summary over two conversations',
      );
    });

    suite.test('markRead clears up to the message, for the reader only, and never moves back', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const cy = await w.as('cy');
      const { conversation, message } = await w.start(ana, members('bo', 'cy'), 'One');
      const c = conversation.id;
      const two = await w.send(ana, c, 'Two');
      await w.send(ana, c, 'Three');
      const four = await w.send(ana, c, 'Four');

      await bo.markRead(c, two.id);
      assertEqual(await unread(bo, c), 2, 'bo after reading up to the second of four');
      await bo.markRead(c, four.id);
      assertEqual(await unread(bo, c), 0, 'bo after reading all');
      assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'bo’s summary');
      assertEqual(await unread(cy, c), 4, 'cy is unaffected by bo’s reading');
      assertDeepEqual(await cy.getUnreadSummary(), { total: 4, conversations: 1 }, 'cy’s summary');

      await bo.markRead(c, message.id);
      assertEqual(await unread(bo, c), 0, 'marking an older message read does not move back');
      await w.send(ana, c, 'Five');
      assertEqual(await unread(bo, c), 1, 'bo after one new message');

      await assertConvError(
        () => bo.markRead(c, ghostId(four.id)),
        'marking read a message that does not exist',
      );
      const elsewhere = await w.start(await w.as('di'), [member('bo')], 'Elsewhere');
      await assertConvError(
        () => bo.markRead(c, elsewhere.message.id),
        'marking read a message of another conversation',
      );
      assertEqual(await unread(bo, c), 1, 'a refused markRead changes nothing');
      assertEqual(await unread(bo, elsewhere.conversation.id), 1, 'nor the other conversation');
    });

    suite.test(
      'writing reads the conversation for the writer, in every tab, and only for them',
      async (w) => {
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const cy = await w.as('cy');
        const { conversation } = await w.start(ana, members('bo', 'cy'), 'One');
        const c = conversation.id;
        await w.send(ana, c, 'Two');
        assertDeepEqual(await bo.getUnreadSummary(), { total: 2, conversations: 1 }, 'bo before writing');

        const otherTab = w.record(await w.anotherTab('bo'), 'bo’s other tab');
        const reply = await w.send(bo, c, 'Replying without opening it');
        assertEqual(await unread(bo, c), 0, 'bo: nothing before his own reply is unread');
        assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'bo’s envelope');
        await otherTab.waitFor(
          (e) => e.type === 'message-added' && e.message.id === reply.id && e.conversation.unreadCount === 0,
          'message-added with nothing unread, in bo’s other tab',
        );
        assertEqual(await unread(cy, c), 3, 'cy still has ana’s two and bo’s reply');
        assertEqual(await unread(ana, c), 1, 'ana has bo’s reply');

        await w.send(ana, c, 'Three');
        assertEqual(await unread(bo, c), 1, 'bo: what came after his reply is unread');
        if (declares(bo, 'mark-unread', ['markUnread'])) {
          assertEqual((await bo.markUnread!(c)).unreadCount, 1, 'marked unread');
          await w.send(bo, c, 'Back to it');
          assertEqual(await unread(bo, c), 0, 'writing clears the mark (S31) too');
          assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'and the envelope');
        }
      },
    );

    suite.test('members of a group read a group conversation each for themselves', async (w) => {
      const ed = await w.as('ed');
      const { conversation, message } = await w.start(ed, [group('translators')], 'Hello guild');
      const c = conversation.id;
      for (const id of ['ana', 'bo', 'cy'])
        assertEqual(await unread(await w.as(id), c), 1, `${id} before reading`);
      await (await w.as('bo')).markRead(c, message.id);
      assertEqual(await unread(await w.as('bo'), c), 0, 'bo after reading');
      for (const id of ['ana', 'cy']) {
        assertEqual(await unread(await w.as(id), c), 1, `${id} is not marked read by bo`);
        assertDeepEqual(
          await (await w.as(id)).getUnreadSummary(),
          { total: 1, conversations: 1 },
          `${id}’s summary`,
        );
      }
    });
  });
}
