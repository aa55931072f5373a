/**
 * S28, capability `'typing'`: an ephemeral event to the other participants, throttled, never to
 * outsiders, off with the read-receipt setting.
 */
import { RateLimitedError } from '../../../core/errors.js';
import { assert, assertEqual, assertNotFound, assertRejects } from '../assert.js';
import { member, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import { declares } from './capability.js';

export function typingScenarios(suite: Suite): void {
  suite.describe('typing (typing)', () => {
    suite.test('others in the conversation hear it; the typer and outsiders do not', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'typing', ['sendTyping'])) return;
      const { conversation } = await w.start(ana, members('bo', 'cy'), 'Hi');
      const c = conversation.id;
      const bo = w.record(await w.as('bo'), 'bo');
      const anas = w.record(ana, 'ana');
      const zo = w.record(await w.as('zo'), 'zo');
      await ana.sendTyping!(c);
      const event = await bo.waitFor((e) => e.type === 'typing' && e.conversationId === c, 'typing from ana');
      assertEqual(event.type === 'typing' && event.member.id, 'ana', 'who is typing');
      const message = await w.send(await w.as('cy'), c, 'Sync');
      await bo.waitFor((e) => e.type === 'message-added' && e.message.id === message.id, 'a later message');
      await anas.waitFor((e) => e.type === 'message-added' && e.message.id === message.id, 'a later message');
      assertEqual(
        anas.count((e) => e.type === 'typing'),
        0,
        'the typer hears no echo',
      );
      assertEqual(
        zo.count((e) => e.type === 'typing'),
        0,
        'an outsider hears nothing',
      );
      await assertNotFound(async () => (await w.as('zo')).sendTyping!(c), 'an outsider cannot type there');
    });

    suite.test('at most one event every few seconds: more is rate-limited and sends nothing', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'typing', ['sendTyping'])) return;
      const { conversation } = await w.start(ana, [member('bo')], 'Hi');
      const bo = w.record(await w.as('bo'), 'bo');
      await ana.sendTyping!(conversation.id);
      const error = await assertRejects(() => ana.sendTyping!(conversation.id), RateLimitedError, 'a second');
      assert(error.retryAfterMs > 0, 'the refusal says how long to wait');
      await bo.waitFor((e) => e.type === 'typing', 'the first');
      const later = await w.send(ana, conversation.id, 'Done');
      await bo.waitFor((e) => e.type === 'message-added' && e.message.id === later.id, 'a later message');
      assertEqual(
        bo.count((e) => e.type === 'typing'),
        1,
        'only the first was sent',
      );
    });

    suite.test('off with read receipts, both ways', async (w) => {
      const ana = await w.as('ana');
      if (!declares(ana, 'typing', ['sendTyping'])) return;
      const bo = await w.as('bo');
      const { conversation } = await w.start(ana, [member('bo')], 'Hi');
      const c = conversation.id;
      await bo.updateSettings({ readReceipts: false });
      const bos = w.record(bo, 'bo');
      const anas = w.record(ana, 'ana');
      await ana.sendTyping!(c);
      await bo.sendTyping!(c);
      const sync = await w.send(ana, c, 'Sync');
      await bos.waitFor((e) => e.type === 'message-added' && e.message.id === sync.id, 'a later message');
      await anas.waitFor((e) => e.type === 'message-added' && e.message.id === sync.id, 'a later message');
      assertEqual(
        bos.count((e) => e.type === 'typing'),
        0,
        'bo, with receipts off, sees no typing',
      );
      assertEqual(
        anas.count((e) => e.type === 'typing'),
        0,
        'bo, with receipts off, sends none',
      );
    });
  });
}
