/**
 * S26: reactions from the portal's set, toggled per member, with counts and who reacted, seen
 * live by the participants and by nobody else. Run only against an adapter declaring `reactions`.
 */
import { hasCapability } from '../../capabilities.js';
import type { Reaction } from '../../../core/types.js';
import { assert, assertDeepEqual, assertEqual, assertNotFound, assertValidation } from '../assert.js';
import { member, members } from '../fixture.js';
import { messageAdded, messageChanged } from '../recorder.js';
import type { Suite } from '../suite.js';

/** `emoji count mine by…`, comparable across backends whatever else a `by` entry carries. */
function summary(reactions: readonly Reaction[] | undefined): string[] {
  return (reactions ?? []).map(
    (r) =>
      `${r.emoji} ${r.count} ${r.mine ? 'mine' : '-'} ${r.by.map((ref) => `${ref.kind}:${ref.id}`).join(',')}`,
  );
}

export function reactionScenarios(suite: Suite): void {
  suite.describe('S26 reactions', () => {
    suite.test('members toggle reactions; counts, "mine" and who reacted are per viewer, live', async (w) => {
      const ana = await w.as('ana');
      if (!hasCapability(ana, 'reactions')) return;
      const [bo, cy] = [await w.as('bo'), await w.as('cy')];
      const { conversation, message } = await w.start(ana, members('bo', 'cy'), 'Lunch?');
      const [first, second] = (await ana.getPolicy()).reactions;
      assert(first && second, 'the default set has at least two reactions');
      const anaEvents = w.record(ana, "ana's adapter");
      const ref = { conversationId: conversation.id, messageId: message.id };

      const byBo = await bo.react!({ ...ref, emoji: first, on: true });
      assertDeepEqual(summary(byBo.reactions), [`${first} 1 mine member:bo`], "bo's answer");
      await cy.react!({ ...ref, emoji: first, on: true });
      const twice = await bo.react!({ ...ref, emoji: first, on: true });
      assertDeepEqual(
        summary(twice.reactions),
        [`${first} 2 mine member:bo,member:cy`],
        'on again changes nothing',
      );
      await cy.react!({ ...ref, emoji: second, on: true });
      await anaEvents.waitFor(
        messageChanged(message.id, (m) => summary(m.reactions).length === 2),
        'message-changed with both reactions',
      );
      const seenByAna = (await ana.listMessages(conversation.id)).items[0]!;
      assertDeepEqual(
        summary(seenByAna.reactions),
        [`${first} 2 - member:bo,member:cy`, `${second} 1 - member:cy`],
        'ana sees counts and who, none of them hers',
      );
      const named = seenByAna.reactions![0]!.by[0] as { name?: string };
      assertEqual(named.name, 'Bo Berg', 'who reacted comes with their name');

      const off = await bo.react!({ ...ref, emoji: first, on: false });
      assertDeepEqual(
        summary(off.reactions),
        [`${first} 1 - member:cy`, `${second} 1 - member:cy`],
        "bo's reaction taken back",
      );
      const offAgain = await bo.react!({ ...ref, emoji: first, on: false });
      assertDeepEqual(summary(offAgain.reactions), summary(off.reactions), 'off again changes nothing');
      assertEqual(anaEvents.count(messageAdded(message.id)), 0, 'a reaction is not a new message');
    });

    suite.test('a reaction outside the set is refused and stores nothing', async (w) => {
      const ana = await w.as('ana');
      if (!hasCapability(ana, 'reactions')) return;
      const { conversation, message } = await w.start(ana, [member('bo')], 'Hi');
      const ref = { conversationId: conversation.id, messageId: message.id };
      const set = (await ana.getPolicy()).reactions;
      for (const emoji of ['🦄', '', `${set[0]} `, 'like', 42] as unknown[]) {
        await assertValidation(
          () => ana.react!({ ...ref, emoji: emoji as string, on: true }),
          'bad-reaction',
          `the reaction ${JSON.stringify(emoji)}`,
        );
      }
      const stored = (await ana.listMessages(conversation.id)).items[0]!;
      assertEqual(stored.reactions?.length ?? 0, 0, 'no reaction stored');
    });

    suite.test(
      "the portal's own set replaces the default one",
      async (w) => {
        const ana = await w.as('ana');
        if (!hasCapability(ana, 'reactions')) return;
        assertDeepEqual([...(await ana.getPolicy()).reactions], ['🎉', '✅'], 'the policy names the set');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Shipped');
        const ref = { conversationId: conversation.id, messageId: message.id };
        await assertValidation(
          () => ana.react!({ ...ref, emoji: '👍', on: true }),
          'bad-reaction',
          'a default one',
        );
        const done = await ana.react!({ ...ref, emoji: '✅', on: true });
        assertDeepEqual(summary(done.reactions), ['✅ 1 mine member:ana'], 'one of the set');
      },
      { policy: { reactions: ['🎉', '✅'] } },
    );

    suite.test('nobody outside the conversation can react, or hears who did', async (w) => {
      const ana = await w.as('ana');
      if (!hasCapability(ana, 'reactions')) return;
      const [bo, zo] = [await w.as('bo'), await w.as('zo')];
      const { conversation, message } = await w.start(ana, [member('bo')], 'Between us');
      const marker = await w.start(ana, [member('zo')], 'Marker for zo');
      const zoEvents = w.record(zo, "zo's adapter");
      const anaEvents = w.record(ana, "ana's adapter");
      const emoji = (await ana.getPolicy()).reactions[0]!;
      const ref = { conversationId: conversation.id, messageId: message.id };
      await assertNotFound(() => zo.react!({ ...ref, emoji, on: true }), 'zo reacting');
      await bo.react!({ ...ref, emoji, on: true });
      await anaEvents.waitFor(messageChanged(message.id), "ana hears bo's reaction");
      const ping = await w.send(ana, marker.conversation.id, 'ping');
      await zoEvents.waitFor(messageAdded(ping.id), 'the marker message');
      assertEqual(zoEvents.count(messageChanged(message.id)), 0, 'zo hears nothing of the reaction');
      assertEqual(
        (await ana.listMessages(conversation.id)).items[0]!.reactions?.[0]?.count,
        1,
        "zo's refused reaction stored nothing",
      );
    });
  });
}
