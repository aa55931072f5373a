/** S7: a participant reports a message or a conversation to the portal. */
import {
  assert,
  assertConvError,
  assertIndistinguishable,
  assertNotFound,
  assertValidation,
} from '../assert.js';
import { ghostId, group, member } from '../fixture.js';
import type { Suite } from '../suite.js';

export function reportScenarios(suite: Suite): void {
  suite.describe('S7 reports', () => {
    suite.test('a participant reports a message and a conversation, and gets an id for each', async (w) => {
      const { conversation } = await w.start(await w.as('ana'), [member('bo')], 'Hello');
      const rude = await w.send(await w.as('bo'), conversation.id, 'Something rude');
      const ana = await w.as('ana');
      const ofMessage = await ana.report({
        target: { kind: 'message', conversationId: conversation.id, messageId: rude.id },
        reason: 'Insulting language',
      });
      const ofConversation = await ana.report({
        target: { kind: 'conversation', conversationId: conversation.id },
        reason: '  Harassment  ',
      });
      assert(typeof ofMessage.id === 'string' && ofMessage.id.length > 0, 'a message report has an id');
      assert(
        typeof ofConversation.id === 'string' && ofConversation.id.length > 0,
        'a conversation report has an id',
      );
      assert(ofMessage.id !== ofConversation.id, 'each report has its own id');

      const group_ = await w.start(await w.as('ed'), [group('translators')], 'For the guild');
      const byGroupMember = await (
        await w.as('cy')
      ).report({
        target: { kind: 'conversation', conversationId: group_.conversation.id },
        reason: 'Off topic',
      });
      assert(byGroupMember.id.length > 0, 'a member of a participant group may report');
    });

    suite.test(
      'a non-participant gets NotFoundError, as for a conversation that never existed',
      async (w) => {
        const { conversation, message } = await w.start(await w.as('ana'), [member('bo')], 'Private');
        const zo = await w.as('zo');
        const hidden = await assertNotFound(
          () =>
            zo.report({
              target: { kind: 'message', conversationId: conversation.id, messageId: message.id },
              reason: 'Spam',
            }),
          'zo reporting a message of a conversation zo is not in',
        );
        const missing = await assertNotFound(
          () =>
            zo.report({
              target: {
                kind: 'message',
                conversationId: ghostId(conversation.id),
                messageId: ghostId(message.id),
              },
              reason: 'Spam',
            }),
          'reporting a message that never existed',
        );
        assertIndistinguishable(hidden, missing, 'hidden vs never existed');
        await assertNotFound(
          () =>
            zo.report({ target: { kind: 'conversation', conversationId: conversation.id }, reason: 'Spam' }),
          'zo reporting a conversation zo is not in',
        );
      },
    );

    suite.test('a message that is not in the conversation cannot be reported', async (w) => {
      const ana = await w.as('ana');
      const one = await w.start(ana, [member('bo')], 'One');
      const other = await w.start(ana, [member('cy')], 'Other');
      await assertNotFound(
        () =>
          ana.report({
            target: {
              kind: 'message',
              conversationId: one.conversation.id,
              messageId: ghostId(one.message.id),
            },
            reason: 'Spam',
          }),
        'a message id that does not exist',
      );
      await assertNotFound(
        () =>
          ana.report({
            target: { kind: 'message', conversationId: one.conversation.id, messageId: other.message.id },
            reason: 'Spam',
          }),
        'a message of another conversation',
      );
    });

    suite.test('an empty, white-space or overlong reason, or a malformed target, is refused', async (w) => {
      const ana = await w.as('ana');
      const { conversation } = await w.start(ana, [member('bo')], 'Hello');
      const target = { kind: 'conversation', conversationId: conversation.id } as const;
      await assertValidation(() => ana.report({ target, reason: '' }), 'bad-report', 'an empty reason');
      await assertValidation(
        () => ana.report({ target, reason: ' \n ' }),
        'bad-report',
        'a white-space reason',
      );
      await assertValidation(
        () => ana.report({ target, reason: 'x'.repeat(1001) }),
        'too-long',
        'a reason of 1,001',
      );
      await assertConvError(
        () => ana.report({ target: { kind: 'everything' } as never, reason: 'Spam' }),
        'a target of an unknown kind',
      );
    });
  });
}
