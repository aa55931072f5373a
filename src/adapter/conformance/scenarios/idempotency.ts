/**
 * Requests retried with the same client-made id (an outbox resending after a lost answer) and
 * conversations reused for the same participants; and access that follows group membership at once.
 */
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIds,
  assertIndistinguishable,
  assertNotFound,
  assertSameIdSet,
} from '../assert.js';
import { ghostId, group, member, members, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';

export function idempotencyScenarios(suite: Suite): void {
  suite.describe('idempotent requests', () => {
    suite.test(
      'sending with the same clientId three times stores one message and answers the same',
      async (w) => {
        const ana = await w.as('ana');
        const { conversation, message } = await w.start(ana, [member('bo')], 'First');
        const input = { conversationId: conversation.id, body: 'Only once', clientId: newClientId() };
        const answers = [
          await ana.sendMessage(input),
          await ana.sendMessage(input),
          await ana.sendMessage(input),
        ];
        assertDeepEqual(answers[1], answers[0], 'the second answer');
        assertDeepEqual(answers[2], answers[0], 'the third answer');
        assertIds(
          await w.allMessages(ana, conversation.id),
          [message.id, answers[0]!.id],
          'the messages stored',
        );

        const changed = await ana.sendMessage({ ...input, body: 'A different text, same id' });
        assertDeepEqual(changed, answers[0], 'the same id with another body answers the first message');
        assertEqual(
          (await w.allMessages(await w.as('bo'), conversation.id)).length,
          2,
          'bo reads two messages',
        );
        assertEqual(
          (await (await w.as('bo')).getConversation(conversation.id)).unreadCount,
          2,
          'bo’s unread count',
        );
      },
    );

    suite.test('the same clientId sent three times at once still stores one message', async (w) => {
      const ana = await w.as('ana');
      const { conversation, message } = await w.start(ana, [member('bo')], 'First');
      const input = { conversationId: conversation.id, body: 'Racing retries', clientId: newClientId() };
      const answers = await Promise.all([
        ana.sendMessage(input),
        ana.sendMessage(input),
        ana.sendMessage(input),
      ]);
      assertEqual(new Set(answers.map((answer) => answer.id)).size, 1, 'one message id in all three answers');
      assertIds(
        await w.allMessages(ana, conversation.id),
        [message.id, answers[0].id],
        'the messages stored',
      );
    });

    suite.test('the same clientId from two members is two messages', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const { conversation } = await w.start(ana, [member('bo')], 'First');
      const clientId = newClientId();
      const fromAna = await ana.sendMessage({ conversationId: conversation.id, body: 'Ana', clientId });
      const fromBo = await bo.sendMessage({ conversationId: conversation.id, body: 'Bo', clientId });
      assert(fromAna.id !== fromBo.id, 'each member’s message has its own id');
      assertEqual((await w.allMessages(ana, conversation.id)).length, 3, 'three messages');
    });

    suite.test(
      'starting with the same clientId three times gives one conversation and one message',
      async (w) => {
        const ana = await w.as('ana');
        const clientId = newClientId();
        const answers = [];
        for (let i = 0; i < 3; i++)
          answers.push(await w.start(ana, members('bo', 'cy'), 'Hello', { clientId }));
        for (const answer of answers.slice(1)) {
          assertEqual(answer.conversation.id, answers[0]!.conversation.id, 'the same conversation');
          assertDeepEqual(answer.message, answers[0]!.message, 'the same message');
        }
        assertIds(await w.allConversations(ana), [answers[0]!.conversation.id], 'ana lists one conversation');
        assertIds(await w.allConversations(await w.as('bo')), [answers[0]!.conversation.id], 'bo lists one');
        assertEqual((await w.allMessages(ana, answers[0]!.conversation.id)).length, 1, 'one message');
      },
    );

    suite.test(
      'the same participants started again (another clientId) continue the same conversation',
      async (w) => {
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const first = await w.start(ana, [member('bo')], 'One');
        const again = await w.start(ana, [member('bo')], 'Two');
        assertEqual(again.conversation.id, first.conversation.id, 'ana starting with bo again');
        const fromBo = await w.start(bo, [member('ana')], 'Three');
        assertEqual(
          fromBo.conversation.id,
          first.conversation.id,
          'bo starting with ana: the same two people',
        );
        assertIds(
          await w.allMessages(ana, first.conversation.id),
          [first.message.id, again.message.id, fromBo.message.id],
          'the messages of the one conversation',
        );

        const trio = await w.start(ana, members('bo', 'cy'), 'Three of us');
        assert(
          trio.conversation.id !== first.conversation.id,
          'another participant makes another conversation',
        );
        const trioAgain = await w.start(ana, members('cy', 'bo', 'cy'), 'Named in another order, twice');
        assertEqual(trioAgain.conversation.id, trio.conversation.id, 'order and duplicates do not matter');
        assertSameIdSet(
          await w.allConversations(ana),
          [first.conversation.id, trio.conversation.id],
          'ana lists two',
        );
      },
    );
  });

  suite.describe('group membership changes', () => {
    suite.test('a member removed from a group loses access at once; added back, regains it', async (w) => {
      const { conversation, message } = await w.start(
        await w.as('ed'),
        [group('translators')],
        'Hello guild',
      );
      const c = conversation.id;
      const bo = await w.as('bo');
      assertIds(await w.allMessages(bo, c), [message.id], 'bo reads it while in the group');

      const events = w.record(bo, 'bo');
      await w.backend.setGroupRole('translators', 'bo', null);
      const changed = await events.waitFor(
        (e) => e.type === 'viewer-changed',
        'viewer-changed after leaving a group',
      );
      if (changed.type === 'viewer-changed') {
        assertSameIdSet(changed.viewer.groups, [], 'the groups in bo’s viewer-changed event');
      }
      assertIds(await w.allConversations(bo), [], 'bo’s list after removal');
      const hidden = await assertNotFound(() => bo.getConversation(c), 'bo: getConversation after removal');
      const missing = await assertNotFound(
        () => bo.getConversation(ghostId(c)),
        'getConversation of an id that never existed',
      );
      assertIndistinguishable(hidden, missing, 'removed vs never existed');
      await assertNotFound(() => bo.listMessages(c), 'bo: listMessages after removal');
      await assertNotFound(
        () => bo.sendMessage({ conversationId: c, body: 'Still here?', clientId: newClientId() }),
        'bo: sendMessage after removal',
      );
      await assertNotFound(() => bo.markRead(c, message.id), 'bo: markRead after removal');
      assertSameIdSet((await bo.getViewer()).groups, [], 'bo’s groups after removal');
      assertDeepEqual(
        await bo.getUnreadSummary(),
        { total: 0, conversations: 0 },
        'bo’s summary after removal',
      );
      assertEqual((await w.allMessages(await w.as('ed'), c)).length, 1, 'nothing was added');

      await w.backend.setGroupRole('translators', 'bo', 'member');
      assertIds(await w.allConversations(bo), [c], 'bo’s list after being added back');
      await w.send(bo, c, 'Back again');
    });

    suite.test('the manager role follows the group: demoted, refused; promoted, allowed', async (w) => {
      await w.backend.setGroupRole('translators', 'ana', 'member');
      const ana = await w.as('ana');
      await assertForbidden(
        () => w.start(ana, [member('ed')], 'As the guild', { asGroup: 'translators' }),
        'not-group-manager',
        'ana, no longer a manager',
      );
      assertIds(await w.allConversations(ana), [], 'nothing was stored');
      await w.backend.setGroupRole('translators', 'bo', 'manager');
      const { message } = await w.start(await w.as('bo'), [member('ed')], 'As the guild', {
        asGroup: 'translators',
      });
      assertEqual(message.onBehalfOf?.id, 'translators', 'bo, newly a manager, writes as the group');
      assertSameIdSet(
        (await (await w.as('bo')).getViewer()).managedGroups,
        ['translators'],
        'bo’s managed groups',
      );
    });
  });
}
