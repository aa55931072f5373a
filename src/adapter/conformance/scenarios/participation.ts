/**
 * Who takes part, and who sees what: one to one (S1), several people (S2), groups (S3), writing
 * as a group (S4), and the invisibility of a conversation to everyone else (S5).
 */
import type { Conversation, Party, PartyRef } from '../../../core/types.js';
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIds,
  assertIndistinguishable,
  assertNotFound,
  assertSameIdSet,
  assertValidation,
} from '../assert.js';
import { ghostId, group, member, MEMBER_NAMES, members, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

/** "member:ana", "group:translators": participants compared as a set of keys. */
export function partyKeys(parties: readonly PartyRef[]): string[] {
  return parties.map((party) => `${party.kind}:${party.id}`).sort();
}

function assertParticipants(
  conversation: Conversation,
  expected: readonly PartyRef[],
  message: string,
): void {
  assertDeepEqual(partyKeys(conversation.participants), partyKeys(expected), `${message}: participants`);
}

function assertNamedParties(parties: readonly Party[], message: string): void {
  for (const party of parties) {
    assert(
      typeof party.name === 'string' && party.name.length > 0,
      `${message}: participant ${party.kind}:${party.id} has no name`,
    );
  }
}

/** Everyone's lists, to show that a refused request changed none of them. */
async function snapshotLists(world: World, ids: readonly string[]): Promise<Record<string, string[]>> {
  const lists: Record<string, string[]> = {};
  for (const id of ids) lists[id] = await world.conversationIds(await world.as(id));
  return lists;
}

async function lists(world: World, memberId: string): Promise<string[]> {
  return world.conversationIds(await world.as(memberId));
}

export function participationScenarios(suite: Suite): void {
  suite.describe('S1 one to one', () => {
    suite.test('both see the conversation and read it; the reply follows the first message', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const { conversation, message } = await w.start(ana, [member('bo')], '  Hello Bo  ');

      assertEqual(message.body, 'Hello Bo', 'the first message is stored trimmed');
      assertEqual(message.author.id, 'ana', 'the first message’s author');
      assertEqual(message.author.kind, 'member', 'the author is a member');
      assertEqual(message.author.name, MEMBER_NAMES.ana, 'the author’s name comes from the directory');
      assertEqual(message.conversationId, conversation.id, 'the message names its conversation');
      assertEqual(message.onBehalfOf, undefined, 'a message written as oneself has no onBehalfOf');
      assertDeepEqual(conversation.startedBy, member('ana'), 'startedBy');
      assertParticipants(conversation, members('ana', 'bo'), 'the new conversation');
      assertNamedParties(conversation.participants, 'the new conversation');
      assertEqual(conversation.lastMessage?.id, message.id, 'lastMessage is the first message');
      assertEqual(conversation.lastActivityAt, message.sentAt, 'lastActivityAt is the first message’s time');
      assert(conversation.createdAt <= conversation.lastActivityAt, 'createdAt is not after lastActivityAt');

      assertIds(await w.allConversations(ana), [conversation.id], 'ana lists it');
      assertIds(await w.allConversations(bo), [conversation.id], 'bo lists it');
      const seenByBo = await bo.getConversation(conversation.id);
      assertParticipants(seenByBo, members('ana', 'bo'), 'bo’s view');
      const bosMessages = await w.allMessages(bo, conversation.id);
      assertIds(bosMessages, [message.id], 'bo reads the first message');
      assertEqual(bosMessages[0]?.body, 'Hello Bo', 'bo reads the same text');

      const reply = await w.send(bo, conversation.id, 'Hi Ana');
      assertEqual(reply.author.id, 'bo', 'the reply’s author');
      assertEqual(reply.conversationId, conversation.id, 'the reply’s conversation');
      assert(reply.sentAt >= message.sentAt, 'the reply is not sent before the first message');
      assertIds(
        await w.allMessages(ana, conversation.id),
        [message.id, reply.id],
        'ana reads both, in order',
      );
      assertIds(await w.allMessages(bo, conversation.id), [message.id, reply.id], 'bo reads both, in order');
      assertEqual(
        (await ana.getConversation(conversation.id)).lastMessage?.id,
        reply.id,
        'lastMessage moves',
      );
    });

    suite.test('the viewer is the member the adapter was made for', async (w) => {
      const ana = await (await w.as('ana')).getViewer();
      assertEqual(ana.member.id, 'ana', 'ana’s viewer');
      assertEqual(ana.member.name, MEMBER_NAMES.ana, 'ana’s name');
      assertSameIdSet(ana.managedGroups, ['translators'], 'ana manages translators');
      assertSameIdSet(ana.groups, ['translators'], 'ana belongs to translators');
      const bo = await (await w.as('bo')).getViewer();
      assertSameIdSet(bo.managedGroups, [], 'bo manages no group');
      assertSameIdSet(bo.groups, ['translators'], 'bo belongs to translators');
      const zo = await (await w.as('zo')).getViewer();
      assertSameIdSet(zo.groups, [], 'zo belongs to no group');
    });
  });

  suite.describe('S2 several people', () => {
    const nine = ['bo', 'cy', 'di', 'ed', 'fa', 'gu', 'hu', 'io', 'ju'];

    suite.test('the starter and nine invitees all list it, read it and can reply', async (w) => {
      const ana = await w.as('ana');
      const { conversation, message } = await w.start(ana, members(...nine), 'Hello all');
      assertParticipants(conversation, members('ana', ...nine), 'the conversation of ten');
      for (const id of nine) {
        const adapter = await w.as(id);
        assertIds(await w.allConversations(adapter), [conversation.id], `${id} lists it`);
        assertIds(await w.allMessages(adapter, conversation.id), [message.id], `${id} reads it`);
      }
      const reply = await w.send(await w.as('ju'), conversation.id, 'Hello from ju');
      assertIds(
        await w.allMessages(await w.as('bo'), conversation.id),
        [message.id, reply.id],
        'bo reads ju’s reply',
      );
    });

    suite.test('a tenth invitee is refused with too-many-recipients; nothing is stored', async (w) => {
      const ana = await w.as('ana');
      const everyone = ['ana', ...nine, 'ka'];
      await w.start(ana, [member('bo')], 'An earlier conversation');
      const before = await snapshotLists(w, everyone);
      const error = await assertValidation(
        () => w.start(ana, members(...nine, 'ka'), 'Hello all'),
        'too-many-recipients',
        'starting with ten invitees',
      );
      assertEqual(error.limit, 9, 'the refusal names the limit');
      assertEqual(error.actual, 10, 'the refusal names the count');
      assertDeepEqual(await snapshotLists(w, everyone), before, 'everyone’s list after the refusal');
    });

    suite.test('a group counts as one invitee; duplicates and the starter are not counted', async (w) => {
      const ana = await w.as('ana');
      const recipients = [...members('ana', ...nine.slice(0, 8), 'bo'), group('events')];
      const { conversation } = await w.start(ana, recipients, 'Eight people and a group');
      assertParticipants(
        conversation,
        [...members('ana', ...nine.slice(0, 8)), group('events')],
        'participants',
      );
    });
  });

  suite.describe('S3 conversations with a group', () => {
    suite.test('every member of the group lists it, reads it and can reply; others cannot', async (w) => {
      const ed = await w.as('ed');
      const { conversation, message } = await w.start(ed, [group('translators')], 'Hello translators');
      assertParticipants(conversation, [member('ed'), group('translators')], 'participants');
      const replies: string[] = [];
      for (const id of ['ana', 'bo', 'cy']) {
        const adapter = await w.as(id);
        assertIds(await w.allConversations(adapter), [conversation.id], `${id} (in the group) lists it`);
        assertParticipants(
          await adapter.getConversation(conversation.id),
          [member('ed'), group('translators')],
          id,
        );
        const reply = await w.send(adapter, conversation.id, `Reply from ${id}`);
        replies.push(reply.id);
      }
      assertIds(await w.allMessages(ed, conversation.id), [message.id, ...replies], 'ed reads every reply');
      for (const id of ['di', 'zo']) {
        assertIds(await w.allConversations(await w.as(id)), [], `${id} (not in the group) lists nothing`);
      }
    });
  });

  suite.describe('S4 writing as a group', () => {
    suite.test(
      'a manager starts as the group: onBehalfOf and startedBy name it; its members see it',
      async (w) => {
        const ana = await w.as('ana');
        const { conversation, message } = await w.start(ana, members('ed', 'fa'), 'From the guild', {
          asGroup: 'translators',
        });
        assertEqual(message.author.id, 'ana', 'the author is the manager who wrote');
        assertEqual(message.onBehalfOf?.id, 'translators', 'onBehalfOf');
        assertEqual(message.onBehalfOf?.kind, 'group', 'onBehalfOf is a group');
        assertDeepEqual(conversation.startedBy, group('translators'), 'startedBy is the group');
        const keys = partyKeys(conversation.participants);
        for (const key of ['group:translators', 'member:ed', 'member:fa']) {
          assert(keys.includes(key), `participants include ${key}: ${keys.join(', ')}`);
        }
        for (const id of ['ed', 'fa', 'bo', 'cy']) {
          assertIds(await w.allConversations(await w.as(id)), [conversation.id], `${id} lists it`);
        }
        const seenByEd = await w.allMessages(await w.as('ed'), conversation.id);
        assertEqual(seenByEd[0]?.onBehalfOf?.id, 'translators', 'ed sees it came from the group');

        const asGroupReply = await ana.sendMessage({
          conversationId: conversation.id,
          body: 'Again from the guild',
          asGroup: 'translators',
          clientId: newClientId(),
        });
        assertEqual(asGroupReply.onBehalfOf?.id, 'translators', 'a reply as the group');
        const bo = await w.as('bo');
        await assertForbidden(
          () =>
            bo.sendMessage({
              conversationId: conversation.id,
              body: 'x',
              asGroup: 'translators',
              clientId: newClientId(),
            }),
          'not-group-manager',
          'bo (a member, not a manager) replying as the group',
        );
      },
    );

    suite.test('as the group, nine participants pass and a tenth is refused', async (w) => {
      const ana = await w.as('ana');
      const nine = ['di', 'ed', 'fa', 'gu', 'hu', 'io', 'ju', 'ka', 'lu'];
      await w.start(ana, members(...nine), 'Nine', { asGroup: 'translators' });
      const before = await snapshotLists(w, ['ana', 'zo', 'di']);
      await assertValidation(
        () => w.start(ana, members(...nine, 'zo'), 'Ten', { asGroup: 'translators' }),
        'too-many-recipients',
        'the group starting with ten',
      );
      assertDeepEqual(await snapshotLists(w, ['ana', 'zo', 'di']), before, 'lists after the refusal');
    });

    suite.test('a member who does not manage the group is refused with not-group-manager', async (w) => {
      const before = await snapshotLists(w, ['bo', 'di', 'ed']);
      await assertForbidden(
        async () => w.start(await w.as('bo'), [member('ed')], 'As the guild', { asGroup: 'translators' }),
        'not-group-manager',
        'bo, a plain member, starting as translators',
      );
      await assertForbidden(
        async () => w.start(await w.as('di'), [member('ed')], 'As the guild', { asGroup: 'translators' }),
        'not-group-manager',
        'di, manager of another group, starting as translators',
      );
      assertDeepEqual(await snapshotLists(w, ['bo', 'di', 'ed']), before, 'lists after the refusals');
    });
  });

  suite.describe('S5 only participants', () => {
    async function provesInvisible(
      w: World,
      outsiderId: string,
      conversationId: string,
      messageId: string,
    ): Promise<void> {
      const outsider = await w.as(outsiderId);
      const ghost = ghostId(conversationId);
      const ghostMessage = ghostId(messageId);
      assert(!(await lists(w, outsiderId)).includes(conversationId), `${outsiderId} does not list it`);

      const probes: [string, (id: string, message: string) => Promise<unknown>][] = [
        ['getConversation', (id) => outsider.getConversation(id)],
        ['listMessages', (id) => outsider.listMessages(id)],
        [
          'sendMessage',
          (id) => outsider.sendMessage({ conversationId: id, body: 'Let me in', clientId: newClientId() }),
        ],
        ['markRead', (id, message) => outsider.markRead(id, message)],
        [
          'report (conversation)',
          (id) => outsider.report({ target: { kind: 'conversation', conversationId: id }, reason: 'Spam' }),
        ],
        [
          'report (message)',
          (id, message) =>
            outsider.report({
              target: { kind: 'message', conversationId: id, messageId: message },
              reason: 'Spam',
            }),
        ],
      ];
      for (const [name, probe] of probes) {
        const hidden = await assertNotFound(() => probe(conversationId, messageId), `${outsiderId}: ${name}`);
        const missing = await assertNotFound(
          () => probe(ghost, ghostMessage),
          `${name} of an id that never existed`,
        );
        assertIndistinguishable(hidden, missing, `${name}: hidden vs never existed`);
      }
      assertDeepEqual(
        await outsider.getUnreadSummary(),
        { total: 0, conversations: 0 },
        `${outsiderId}'s unread summary`,
      );
    }

    suite.test(
      'an outsider cannot list, read, send to, mark read or report a 1:1 conversation',
      async (w) => {
        const ana = await w.as('ana');
        const { conversation, message } = await w.start(ana, [member('bo')], 'Private');
        await provesInvisible(w, 'zo', conversation.id, message.id);
        assertIds(await w.allMessages(ana, conversation.id), [message.id], 'nothing was added');
        assertEqual(
          (await (await w.as('bo')).getConversation(conversation.id)).unreadCount,
          1,
          'bo’s unread',
        );
      },
    );

    suite.test('a member of another group cannot see a group’s conversation', async (w) => {
      const ed = await w.as('ed');
      const { conversation, message } = await w.start(ed, [group('translators')], 'For the guild');
      await provesInvisible(w, 'di', conversation.id, message.id);
      assertIds(await w.allMessages(ed, conversation.id), [message.id], 'nothing was added');
    });
  });
}
