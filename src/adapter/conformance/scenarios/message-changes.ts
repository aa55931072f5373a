/**
 * S25: a member edits their own message within the policy's window and deletes it at any time;
 * the other participants see the change live; an edit is never a new message (no unread, no
 * notification). Run only against an adapter that declares `edit` / `delete`.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability, type Capability } from '../../capabilities.js';
import type { Message } from '../../../core/types.js';
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIndistinguishable,
  assertNotFound,
  assertValidation,
} from '../assert.js';
import { ghostId, member, members } from '../fixture.js';
import { messageAdded, messageChanged } from '../recorder.js';
import type { Suite } from '../suite.js';

/** The adapter's `editMessage`/`deleteMessage`, when it declares the capability. */
function serves(adapter: ConversationsAdapter, capability: Capability): boolean {
  return hasCapability(adapter, capability);
}

async function messageIn(
  adapter: ConversationsAdapter,
  conversationId: string,
  id: string,
): Promise<Message> {
  const { items } = await adapter.listMessages(conversationId);
  const found = items.find((message) => message.id === id);
  assert(found, `message ${id} is still listed in its conversation`);
  return found;
}

export function messageChangeScenarios(suite: Suite): void {
  suite.describe('S25 edit and delete', () => {
    suite.test(
      'the author edits within the window; everyone sees the new text, marked edited, live',
      async (w) => {
        const ana = await w.as('ana');
        if (!serves(ana, 'edit')) return;
        const bo = await w.as('bo');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Helo Bo');
        const boEvents = w.record(bo, "bo's adapter");
        const unreadBefore = await bo.getUnreadSummary();
        const edited = await ana.editMessage!({
          conversationId: conversation.id,
          messageId: message.id,
          body: '  Hello Bo  ',
        });
        assertEqual(edited.id, message.id, 'an edit keeps the message id');
        assertEqual(edited.body, 'Hello Bo', 'the edit is stored trimmed');
        assertEqual(edited.sentAt, message.sentAt, 'an edit keeps the sending time');
        assert(typeof edited.editedAt === 'number' && edited.editedAt >= message.sentAt, 'editedAt is set');
        const seen = await boEvents.waitFor(
          messageChanged(message.id, (m) => m.body === 'Hello Bo'),
          'message-changed with the new text',
        );
        assertEqual(
          seen.type === 'message-changed' && seen.conversation.id,
          conversation.id,
          'its conversation',
        );
        const listed = await messageIn(bo, conversation.id, message.id);
        assertEqual(listed.body, 'Hello Bo', 'bo lists the new text');
        assertEqual(listed.editedAt, edited.editedAt, 'bo sees when it was edited');
        assertEqual((await bo.listMessages(conversation.id)).items.length, 1, 'an edit adds no message');
        assertDeepEqual(await bo.getUnreadSummary(), unreadBefore, 'an edit changes no unread count');
        assertEqual(boEvents.count(messageAdded(message.id)), 0, 'an edit is not a new message');
        const last = (await bo.getConversation(conversation.id)).lastMessage;
        assertEqual(last?.body, 'Hello Bo', "the conversation's last message shows the edit");
      },
    );

    suite.test(
      "someone else's message, or one of a conversation one is not in, reads as missing",
      async (w) => {
        const ana = await w.as('ana');
        if (!serves(ana, 'edit') || !serves(ana, 'delete')) return;
        const bo = await w.as('bo');
        const zo = await w.as('zo');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Mine');
        const ref = { conversationId: conversation.id, messageId: message.id };
        const others = await assertNotFound(
          () => bo.editMessage!({ ...ref, body: 'Hijacked' }),
          "bo editing ana's",
        );
        const missing = await assertNotFound(
          () => bo.editMessage!({ ...ref, messageId: ghostId(message.id), body: 'x' }),
          'editing a message that does not exist',
        );
        assertIndistinguishable(others, missing, "someone else's vs missing");
        const otherDelete = await assertNotFound(() => bo.deleteMessage!(ref), "bo deleting ana's");
        const missingDelete = await assertNotFound(
          () => bo.deleteMessage!({ ...ref, messageId: ghostId(message.id) }),
          'deleting a message that does not exist',
        );
        assertIndistinguishable(otherDelete, missingDelete, "someone else's vs missing, deleting");
        const outside = await assertNotFound(() => zo.deleteMessage!(ref), 'zo, outside the conversation');
        const nowhere = await assertNotFound(
          () =>
            zo.deleteMessage!({ conversationId: ghostId(conversation.id), messageId: ghostId(message.id) }),
          'a conversation that does not exist',
        );
        assertIndistinguishable(outside, nowhere, 'outside vs a conversation that does not exist');
        const other = await w.start(ana, [member('cy')], 'Elsewhere');
        await assertNotFound(
          () => ana.editMessage!({ conversationId: other.conversation.id, messageId: message.id, body: 'x' }),
          'a message named in another conversation',
        );
        assertEqual((await messageIn(ana, conversation.id, message.id)).body, 'Mine', 'nothing changed');
      },
    );

    suite.test('an edit keeps the rules of a new message and changes nothing when refused', async (w) => {
      const ana = await w.as('ana');
      if (!serves(ana, 'edit')) return;
      const { conversation, message } = await w.start(ana, [member('bo')], 'Short', {});
      const ref = { conversationId: conversation.id, messageId: message.id };
      const policy = await ana.getPolicy();
      await assertValidation(
        () => ana.editMessage!({ ...ref, body: 'x'.repeat(policy.maxMessageLength + 1) }),
        'too-long',
        'an edit over the length limit',
      );
      await assertValidation(() => ana.editMessage!({ ...ref, body: '  \u200b ' }), 'empty', 'an empty edit');
      const stored = await messageIn(ana, conversation.id, message.id);
      assertEqual(stored.body, 'Short', 'a refused edit stores nothing');
      assertEqual(stored.editedAt, undefined, 'a refused edit marks nothing edited');
    });

    suite.test(
      'after the window an edit is refused as edit-window-closed; deleting still works',
      async (w) => {
        const ana = await w.as('ana');
        if (!serves(ana, 'edit') || !w.backend.ageMessages) return;
        const { conversation, message } = await w.start(ana, [member('bo')], 'Old news');
        const policy = await ana.getPolicy();
        await w.backend.ageMessages(policy.editWindowMinutes * 60_000 + 1000);
        const ref = { conversationId: conversation.id, messageId: message.id };
        await assertForbidden(
          () => ana.editMessage!({ ...ref, body: 'New news' }),
          'edit-window-closed',
          'an edit after the window',
        );
        assertEqual((await messageIn(ana, conversation.id, message.id)).body, 'Old news', 'nothing changed');
        if (serves(ana, 'delete')) {
          assertEqual((await ana.deleteMessage!(ref)).deleted, true, 'deletion has no window');
        }
      },
    );

    suite.test(
      'a deleted message keeps its place as deleted, for everyone, live; again is the same',
      async (w) => {
        const ana = await w.as('ana');
        if (!serves(ana, 'delete')) return;
        const bo = await w.as('bo');
        const { conversation, message } = await w.start(ana, members('bo'), 'Oops');
        const after = await w.send(bo, conversation.id, 'What?');
        const boEvents = w.record(bo, "bo's adapter");
        const ref = { conversationId: conversation.id, messageId: message.id };
        const deleted = await ana.deleteMessage!(ref);
        assertEqual(deleted.deleted, true, 'the answer says deleted');
        assertEqual(deleted.body, '', 'a deleted message has no text');
        assertEqual(deleted.reactions?.length ?? 0, 0, 'nor reactions');
        await boEvents.waitFor(
          messageChanged(message.id, (m) => m.deleted === true),
          'message-changed (deleted)',
        );
        const items = (await bo.listMessages(conversation.id)).items;
        assertDeepEqual(
          items.map((m) => m.id),
          [message.id, after.id],
          'the deleted message keeps its place',
        );
        assertEqual(items[0]!.deleted, true, 'bo sees it deleted');
        assertEqual(items[0]!.body, '', 'bo sees no text');
        const again = await ana.deleteMessage!(ref);
        assertEqual(again.deleted, true, 'deleting again answers the same');
        if (serves(ana, 'edit')) {
          await assertNotFound(() => ana.editMessage!({ ...ref, body: 'Back' }), 'editing a deleted message');
        }
        if (serves(ana, 'reactions')) {
          const emoji = (await bo.getPolicy()).reactions[0]!;
          await assertNotFound(() => bo.react!({ ...ref, emoji, on: true }), 'reacting to a deleted message');
        }
      },
    );
  });
}
