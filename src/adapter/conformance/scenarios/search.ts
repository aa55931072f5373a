/**
 * S30: a member searches their conversations by a participant's name and by message text, and
 * jumps to a message (`listMessages(id, { around })`). Runs only on an adapter that declares the
 * `'search'` capability.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability } from '../../capabilities.js';
import { assert, assertDeepEqual, assertEqual, assertNotFound } from '../assert.js';
import { ghostId, group, member, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

type Searching = ConversationsAdapter & Required<Pick<ConversationsAdapter, 'searchConversations'>>;

/** The adapter as `memberId`, or undefined when this backend does not declare search. */
async function searcher(w: World, memberId: string): Promise<Searching | undefined> {
  const adapter = await w.as(memberId);
  if (!hasCapability(adapter, 'search')) return undefined;
  assert(
    typeof adapter.searchConversations === 'function',
    "an adapter declaring 'search' has searchConversations",
  );
  return adapter as Searching;
}

async function bodiesFound(adapter: Searching, query: string): Promise<string[]> {
  const { messages } = await adapter.searchConversations(query);
  return messages.map((hit) => hit.message.body);
}

export function searchScenarios(suite: Suite): void {
  suite.describe('S30 search', () => {
    suite.test(
      'message text: every word begins a word of the message, accents and case ignored',
      async (w) => {
        const ana = await searcher(w, 'ana');
        if (!ana) return;
        const { conversation } = await w.start(ana, [member('bo')], 'Café tomorrow at nine?');
        await w.send(await w.as('bo'), conversation.id, 'The TRANSLATION of the minutes is ready');
        await w.send(ana, conversation.id, 'Nothing to see here');

        assertDeepEqual(await bodiesFound(ana, 'cafe'), ['Café tomorrow at nine?'], '"cafe" finds "Café"');
        assertDeepEqual(
          await bodiesFound(ana, 'transl minutes'),
          ['The TRANSLATION of the minutes is ready'],
          'every word of the query begins a word of the message',
        );
        assertDeepEqual(await bodiesFound(ana, 'lation'), [], 'a word is matched from its beginning only');
        assertDeepEqual(
          await bodiesFound(ana, 'minutes café'),
          [],
          '"café" is not in the message of "minutes"',
        );
        const { messages } = await ana.searchConversations('  NINE  ');
        assertEqual(messages.length, 1, 'one message holds "nine"');
        assertEqual(messages[0]!.conversation.id, conversation.id, 'a hit names its conversation');
        assertEqual(messages[0]!.message.conversationId, conversation.id, 'and the message is in it');
      },
    );

    suite.test('names: conversations with a participant whose name holds the query', async (w) => {
      const ana = await searcher(w, 'ana');
      if (!ana) return;
      const withZo = await w.start(ana, [member('zo')], 'Hi Zoë');
      await w.start(ana, [member('bo')], 'Hi Bo');
      const withGuild = await w.start(ana, [group('events')], 'For the committee');
      const { conversations } = await ana.searchConversations('angstrom');
      assertDeepEqual(
        conversations.map((c) => c.id),
        [withZo.conversation.id],
        '"angstrom" finds the conversation with Zoë Ångström',
      );
      assertDeepEqual(
        (await ana.searchConversations('evenements')).conversations.map((c) => c.id),
        [withGuild.conversation.id],
        'a group participant is found by its name too',
      );
      assertDeepEqual(
        (await ana.searchConversations('alvarez')).conversations,
        [],
        'the viewer’s own name finds nothing: it is in every conversation of theirs',
      );
    });

    suite.test('only conversations the viewer can read are searched', async (w) => {
      const ana = await searcher(w, 'ana');
      const zo = await searcher(w, 'zo');
      if (!ana || !zo) return;
      await w.start(ana, [member('bo')], 'The secret word is pineapple');
      await w.start(ana, [group('translators')], 'Guild pineapple party');
      assertDeepEqual(await bodiesFound(zo, 'pineapple'), [], 'an outsider finds nothing');
      assertDeepEqual((await zo.searchConversations('berg')).conversations, [], 'nor by a name');
      const cy = await searcher(w, 'cy');
      assertDeepEqual(
        await bodiesFound(cy!, 'pineapple'),
        ['Guild pineapple party'],
        'a member of a participant group finds its conversation, and only that',
      );
    });

    suite.test('results are newest first and at most the limit', async (w) => {
      const ana = await searcher(w, 'ana');
      if (!ana) return;
      const { conversation } = await w.start(ana, [member('bo')], 'report one');
      for (const n of ['two', 'three', 'four']) await w.send(ana, conversation.id, `report ${n}`);
      const { messages } = await ana.searchConversations('report', { limit: 3 });
      assertDeepEqual(
        messages.map((hit) => hit.message.body),
        ['report four', 'report three', 'report two'],
        'the three newest',
      );
    });

    suite.test(
      'an edited message is found by its new text, not its old; a deleted one by neither',
      async (w) => {
        const ana = await searcher(w, 'ana');
        if (!ana || !hasCapability(ana, 'edit') || !hasCapability(ana, 'delete')) return;
        const bo = await searcher(w, 'bo');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Meet at the harbour');
        await ana.editMessage!({
          conversationId: conversation.id,
          messageId: message.id,
          body: 'Meet at the station',
        });
        assertDeepEqual(await bodiesFound(ana, 'harbour'), [], 'the old text is found no more');
        assertDeepEqual(await bodiesFound(bo!, 'station'), ['Meet at the station'], 'the new text is');
        const [hit] = (await ana.searchConversations('station')).messages;
        assertEqual(typeof hit?.message.editedAt, 'number', 'the hit shows the message as edited');

        await ana.deleteMessage!({ conversationId: conversation.id, messageId: message.id });
        assertDeepEqual(await bodiesFound(ana, 'station'), [], 'a deleted message is not found');
        assertDeepEqual(await bodiesFound(bo!, 'meet'), [], 'by any of its words, by anyone');
      },
    );

    suite.test('listMessages around a message: the page holds it, with cursors both ways', async (w) => {
      const ana = await searcher(w, 'ana');
      if (!ana) return;
      const { conversation } = await w.start(ana, members('bo'), 'message 1');
      const sent = [];
      for (let n = 2; n <= 12; n++) sent.push(await w.send(ana, conversation.id, `message ${n}`));
      const target = sent[4]!; // "message 6"
      const page = await ana.listMessages(conversation.id, { around: target.id, limit: 4 });
      const bodies = page.items.map((message) => message.body);
      assert(bodies.includes('message 6'), `the page holds the message: ${bodies.join(', ')}`);
      assertEqual(bodies.length, 4, 'a page of the limit');
      assert(typeof page.before === 'string', 'older messages exist: a before cursor');
      assert(typeof page.after === 'string', 'newer messages exist: an after cursor');

      const newer: string[] = [];
      for (let after: string | undefined = page.after; after !== undefined;) {
        const next = await ana.listMessages(conversation.id, { after, limit: 4 });
        newer.push(...next.items.map((message) => message.body));
        after = next.after;
      }
      const older = await ana.listMessages(conversation.id, { before: page.before!, limit: 100 });
      assertDeepEqual(
        [...older.items.map((message) => message.body), ...bodies, ...newer],
        Array.from({ length: 12 }, (_, i) => `message ${i + 1}`),
        'before, around and after together are the whole conversation, once each, in order',
      );

      const newest = await ana.listMessages(conversation.id, { around: sent.at(-1)!.id, limit: 4 });
      assertEqual(newest.after, undefined, 'around the newest message there is nothing newer');
    });

    suite.test('a conversation the member left is found neither by text nor by name (S29)', async (w) => {
      const bo = await searcher(w, 'bo');
      if (!bo || !hasCapability(bo, 'leave') || !bo.leaveConversation) return;
      const ana = (await searcher(w, 'ana'))!;
      const { conversation } = await w.start(ana, members('bo', 'zo'), 'Gooseberry jam for the fair');
      assertEqual((await bodiesFound(bo, 'gooseberry')).length, 1, 'found before leaving');
      await bo.leaveConversation(conversation.id);
      assertDeepEqual(await bodiesFound(bo, 'gooseberry'), [], 'not by its text once left');
      assertDeepEqual(
        (await bo.searchConversations('angstrom')).conversations,
        [],
        'nor by a participant’s name',
      );
      assertEqual((await bodiesFound(ana, 'gooseberry')).length, 1, 'the others still find it');
    });

    suite.test('listMessages around a message of another conversation is NotFoundError', async (w) => {
      const ana = await searcher(w, 'ana');
      if (!ana) return;
      const first = await w.start(ana, [member('bo')], 'In the first');
      const second = await w.start(ana, [member('cy')], 'In the second');
      await assertNotFound(
        () => ana.listMessages(first.conversation.id, { around: second.message.id }),
        'a message of another conversation',
      );
      await assertNotFound(
        () => ana.listMessages(first.conversation.id, { around: ghostId(first.message.id) }),
        'a message that never existed',
      );
    });
  });
}
