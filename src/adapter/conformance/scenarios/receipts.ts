/**
 * S27, capability `'receipts'`: "Seen by" under the viewer's own newest message, live, and off
 * for a member who turned read receipts off (they neither send nor see them).
 */
import type { SeenBy } from '../../../core/types.js';
import { assertDeepEqual, assertEqual, assertNotFound } from '../assert.js';
import { group, member, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import { declares } from './capability.js';

const readerIds = (seen: SeenBy): string[] => seen.readers.map((reader) => reader.id);

export function receiptScenarios(suite: Suite): void {
  suite.describe('read receipts (receipts)', () => {
    suite.test('names who read the viewer’s newest message, and nobody else', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'receipts', ['getSeenBy'])) return;
      const bo = await w.as('bo');
      const cy = await w.as('cy');
      const { conversation, message } = await w.start(ana, members('bo', 'cy'), 'One');
      const c = conversation.id;
      const none = await ana.getSeenBy!(c);
      assertEqual(none.messageId, message.id, 'the viewer’s newest message');
      assertDeepEqual(readerIds(none), [], 'nobody has read it yet');

      const recorder = w.record(ana, 'ana');
      await bo.markRead(c, message.id);
      const event = await recorder.waitFor(
        (e) => e.type === 'seen-changed' && e.seenBy.conversationId === c,
        'seen-changed after bo read',
      );
      assertDeepEqual(event.type === 'seen-changed' && readerIds(event.seenBy), ['bo'], 'the live event');
      assertDeepEqual(readerIds(await ana.getSeenBy!(c)), ['bo'], 'bo has read it');

      // Bo has written nothing: nothing of his is "seen". Cy's reply reads what came before it.
      assertDeepEqual(readerIds(await bo.getSeenBy!(c)), [], 'bo has no message to be seen');
      const reply = await w.send(cy, c, 'Reply');
      assertDeepEqual(readerIds(await cy.getSeenBy!(c)), [], 'cy’s reply, unread by others');
      assertEqual((await cy.getSeenBy!(c)).messageId, reply.id, 'cy’s newest message');
      assertDeepEqual(readerIds(await ana.getSeenBy!(c)), ['bo', 'cy'], 'writing, cy read ana’s message');
      await cy.markRead(c, reply.id);
      assertDeepEqual(readerIds(await ana.getSeenBy!(c)), ['bo', 'cy'], 'and reading on changes nothing');

      await w.send(ana, c, 'Two');
      assertDeepEqual(readerIds(await ana.getSeenBy!(c)), [], 'a newer message of ana’s: read by nobody yet');
    });

    suite.test('members of a group conversation are readers; outsiders learn nothing', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'receipts', ['getSeenBy'])) return;
      const { conversation, message } = await w.start(ana, [group('events')], 'To events');
      await (await w.as('ed')).markRead(conversation.id, message.id);
      assertDeepEqual(
        readerIds(await ana.getSeenBy!(conversation.id)),
        ['ed'],
        'ed read it through the group',
      );
      await assertNotFound(
        () => (async () => (await w.as('zo')).getSeenBy!(conversation.id))(),
        'an outsider',
      );
    });

    suite.test('a member with receipts off neither shows as a reader nor sees readers', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'receipts', ['getSeenBy'])) return;
      const bo = await w.as('bo');
      const { conversation, message } = await w.start(ana, [member('bo')], 'Hi');
      const c = conversation.id;
      const settings = await bo.updateSettings({ readReceipts: false });
      assertEqual(settings.readReceipts, false, 'bo’s setting is stored');
      await bo.markRead(c, message.id);
      assertDeepEqual(readerIds(await ana.getSeenBy!(c)), [], 'bo’s read is not shared');

      const answer = await w.send(bo, c, 'Back');
      await ana.markRead(c, answer.id);
      assertDeepEqual(readerIds(await bo.getSeenBy!(c)), [], 'bo, with receipts off, sees none');
      await bo.updateSettings({ readReceipts: true });
      assertDeepEqual(readerIds(await bo.getSeenBy!(c)), ['ana'], 'turned on again, he sees them');
      assertEqual((await bo.getSettings()).readReceipts, undefined, 'on is the default: absent');
    });
  });
}
