/**
 * Paging: conversations newest activity first, with `next` cursors; messages newest page first
 * and oldest first within a page, with `before` cursors. Every item exactly once.
 */
import type { Conversation, Message, Page } from '../../../core/types.js';
import type { ConversationsAdapter } from '../../adapter.js';
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertIds,
  assertSameIdSet,
  assertValidation,
  fail,
} from '../assert.js';
import { member, members } from '../fixture.js';
import type { Suite } from '../suite.js';

/**
 * Waits until the wall clock has passed `time`. Times are milliseconds, so two changes in the
 * same millisecond tie; a test that needs one change to be strictly newer waits out the tie.
 * There is no event to await for the passing of a millisecond; this waits one at most.
 */
async function clockPasses(time: number): Promise<void> {
  while (Date.now() <= time) await new Promise((resolve) => setTimeout(resolve, 1));
}

function assertNewestFirst(items: readonly Conversation[], message: string): void {
  for (let i = 1; i < items.length; i++) {
    assert(
      items[i - 1]!.lastActivityAt >= items[i]!.lastActivityAt,
      `${message}: ${items[i - 1]!.id} (${items[i - 1]!.lastActivityAt}) is listed before ` +
        `${items[i]!.id} (${items[i]!.lastActivityAt})`,
    );
  }
}

/** Pages through the viewer's conversations, checking the shape of every page. */
async function pages(adapter: ConversationsAdapter, limit: number): Promise<Page<Conversation>[]> {
  const all: Page<Conversation>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await adapter.listConversations({ after, limit });
    all.push(page);
    assert(page.items.length <= limit, `a page holds at most ${limit} items, got ${page.items.length}`);
    if (page.next === undefined) break;
    assertEqual(page.items.length, limit, 'a page with a next cursor is full');
    if (all.length > 50) fail('the next cursors never end');
    after = page.next;
  }
  const last = all[all.length - 1]!;
  // An adapter may learn that a full page was the last only by asking again: allow one trailing
  // empty page, but no other empty page.
  assert(
    last.items.length > 0 || all.length === 1 || all[all.length - 2]!.items.length === limit,
    'an empty page',
  );
  return all;
}

export function paginationScenarios(suite: Suite): void {
  suite.describe('pagination', () => {
    const partners = ['bo', 'cy', 'di', 'ed', 'fa', 'gu', 'hu'];

    suite.test(
      'conversations come newest activity first, in pages whose cursors cover all exactly once',
      async (w) => {
        const ana = await w.as('ana');
        const started: string[] = [];
        for (const id of partners)
          started.push((await w.start(ana, [member(id)], `Hello ${id}`)).conversation.id);

        for (const limit of [1, 3, 7]) {
          const items = (await pages(ana, limit)).flatMap((page) => page.items);
          assertSameIdSet(items, started, `pages of ${limit}: every conversation exactly once`);
          assertNewestFirst(items, `pages of ${limit}`);
        }
        const whole = await ana.listConversations();
        assertSameIdSet(whole.items, started, 'the default page (50) holds all seven');
        assertEqual(whole.next, undefined, 'the default page is the last');
        assertNewestFirst(whole.items, 'the default page');
      },
    );

    suite.test('a reply moves its conversation to the top, for every participant', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const first = await w.start(ana, members('bo', 'cy'), 'The oldest');
      let newest = first.message.sentAt;
      for (const id of partners.slice(2))
        newest = (await w.start(ana, [member(id)], `Hello ${id}`)).message.sentAt;
      await w.start(bo, [member('di')], 'Bo and Di');

      await clockPasses(newest);
      const reply = await w.send(bo, first.conversation.id, 'Back to the top');
      for (const [who, adapter] of [
        ['ana', ana],
        ['bo', bo],
      ] as const) {
        const page = await adapter.listConversations({ limit: 2 });
        assertEqual(page.items[0]?.id, first.conversation.id, `${who}: the replied conversation is first`);
        assertEqual(page.items[0]?.lastMessage?.id, reply.id, `${who}: its lastMessage is the reply`);
        assertEqual(
          page.items[0]?.lastActivityAt,
          reply.sentAt,
          `${who}: its lastActivityAt is the reply’s time`,
        );
        assertNewestFirst(await w.allConversations(adapter, 3), `${who}: the whole list`);
      }
    });

    suite.test(
      'messages: newest page first, oldest first within a page, before cursors cover all once',
      async (w) => {
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Message 1');
        const sent: Message[] = [message];
        for (let i = 2; i <= 12; i++)
          sent.push(await w.send(i % 2 ? ana : bo, conversation.id, `Message ${i}`));
        const ids = sent.map((m) => m.id);

        const first = await bo.listMessages(conversation.id, { limit: 5 });
        assertIds(first.items, ids.slice(7, 12), 'the first page: the newest five, oldest first');
        assert(first.before !== undefined, 'the first page has a before cursor');
        const second = await bo.listMessages(conversation.id, { limit: 5, before: first.before });
        assertIds(second.items, ids.slice(2, 7), 'the second page');
        assert(second.before !== undefined, 'the second page has a before cursor');
        const third = await bo.listMessages(conversation.id, { limit: 5, before: second.before });
        assertIds(third.items, ids.slice(0, 2), 'the last page: the oldest two');
        if (third.before !== undefined) {
          const after = await bo.listMessages(conversation.id, { limit: 5, before: third.before });
          assertDeepEqual(after.items, [], 'a page before the oldest message is empty');
        }
        for (const limit of [1, 4, 12]) {
          assertIds(await w.allMessages(ana, conversation.id, limit), ids, `pages of ${limit}, joined`);
        }
        const whole = await ana.listMessages(conversation.id);
        assertIds(whole.items, ids, 'the default page holds all twelve, oldest first');
        assertEqual(whole.before, undefined, 'the default page reaches the first message');
        assertDeepEqual(
          whole.items.map((m) => m.body),
          sent.map((m) => m.body),
          'the bodies, in order',
        );
      },
    );

    suite.test(
      'cursors stay anchored while new conversations and messages arrive between pages',
      async (w) => {
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const started: string[] = [];
        for (const id of partners)
          started.push((await w.start(ana, [member(id)], `Hello ${id}`)).conversation.id);
        const first = await ana.listConversations({ limit: 3 });
        await w.start(bo, members('cy', 'ana'), 'A new conversation while ana pages');
        const seen = [...first.items];
        let after = first.next;
        while (after !== undefined) {
          const page = await ana.listConversations({ after, limit: 3 });
          seen.push(...page.items);
          after = page.next;
        }
        assertSameIdSet(
          seen,
          started,
          'the pages begun before the new conversation: each old one exactly once',
        );

        const conversationId = started[0]!;
        const sent = [(await w.allMessages(ana, conversationId))[0]!];
        for (let i = 2; i <= 6; i++)
          sent.push(await w.send(i % 2 ? ana : bo, conversationId, `Message ${i}`));
        const newest = await ana.listMessages(conversationId, { limit: 2 });
        for (let i = 0; i < 3; i++) await w.send(bo, conversationId, `Arrived while paging ${i}`);
        const older: string[] = [];
        let before = newest.before;
        while (before !== undefined) {
          const page = await ana.listMessages(conversationId, { before, limit: 2 });
          older.unshift(...page.items.map((m) => m.id));
          before = page.before;
        }
        assertDeepEqual(
          [...older, ...newest.items.map((m) => m.id)],
          sent.map((m) => m.id),
          'older pages after new messages arrived: every earlier message exactly once, in order',
        );
      },
    );

    suite.test('malformed cursors are refused with bad-cursor', async (w) => {
      const ana = await w.as('ana');
      const { conversation } = await w.start(ana, [member('bo')], 'Hello');
      for (const cursor of ['not a cursor', '%%%', 'e30', 'W10', '🙂']) {
        await assertValidation(
          () => ana.listConversations({ after: cursor }),
          'bad-cursor',
          `after ${cursor}`,
        );
        await assertValidation(
          () => ana.listMessages(conversation.id, { before: cursor }),
          'bad-cursor',
          `before ${cursor}`,
        );
      }
    });

    suite.test('bad page sizes are refused with bad-limit', async (w) => {
      const ana = await w.as('ana');
      const { conversation } = await w.start(ana, [member('bo')], 'Hello');
      for (const limit of [0, -1, 101, 2.5, Number.NaN]) {
        await assertValidation(
          () => ana.listConversations({ limit }),
          'bad-limit',
          `listConversations limit ${limit}`,
        );
        await assertValidation(
          () => ana.listMessages(conversation.id, { limit }),
          'bad-limit',
          `listMessages limit ${limit}`,
        );
      }
      assertEqual((await ana.listConversations({ limit: 100 })).items.length, 1, 'limit 100 is allowed');
    });
  });
}
