/**
 * S18, request by request: a plain member of a group read by managers only is, for its
 * conversations, an outsider. Every request that names such a conversation or one of its
 * messages (the contract's own and each optional one the adapter declares) answers not found,
 * exactly as for an id that never existed, and changes nothing: no message, no edit, no
 * reaction, no read marker, no mute, no leave, no typing, nothing found by search. An edit path
 * that once judged these requests without the group's setting let such a member change what
 * they could not read; these scenarios keep every path honest.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability, type Capability } from '../../capabilities.js';
import type { AdapterEvent } from '../../events.js';
import { assert, assertDeepEqual, assertEqual, assertIndistinguishable, assertNotFound } from '../assert.js';
import { ghostId, group, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

const NEEDS = { needs: 'group-readers' } as const;

/** One request naming a conversation (and a message of it, and one of the viewer's own there). */
type Probe = (ids: { conversationId: string; messageId: string; ownId: string }) => Promise<unknown>;

/** The requests of the contract, then the optional ones this adapter declares. */
function probesOf(adapter: ConversationsAdapter, emoji: string): [string, Probe][] {
  const probes: [string, Probe][] = [
    ['getConversation', ({ conversationId }) => adapter.getConversation(conversationId)],
    ['listMessages', ({ conversationId }) => adapter.listMessages(conversationId)],
    [
      'listMessages around a message',
      ({ conversationId, messageId }) => adapter.listMessages(conversationId, { around: messageId }),
    ],
    [
      'sendMessage',
      ({ conversationId }) =>
        adapter.sendMessage({ conversationId, body: 'Still here?', clientId: newClientId() }),
    ],
    ['markRead', ({ conversationId, messageId }) => adapter.markRead(conversationId, messageId)],
    [
      'report (conversation)',
      ({ conversationId }) =>
        adapter.report({ target: { kind: 'conversation', conversationId }, reason: 'Spam' }),
    ],
    [
      'report (message)',
      ({ conversationId, messageId }) =>
        adapter.report({ target: { kind: 'message', conversationId, messageId }, reason: 'Spam' }),
    ],
  ];
  const optional: [Capability, keyof ConversationsAdapter, string, Probe][] = [
    [
      'edit',
      'editMessage',
      'editMessage (their own)',
      ({ conversationId, ownId }) =>
        adapter.editMessage!({ conversationId, messageId: ownId, body: 'Edited' }),
    ],
    [
      'delete',
      'deleteMessage',
      'deleteMessage (their own)',
      ({ conversationId, ownId }) => adapter.deleteMessage!({ conversationId, messageId: ownId }),
    ],
    [
      'reactions',
      'react',
      'react',
      ({ conversationId, messageId }) => adapter.react!({ conversationId, messageId, emoji, on: true }),
    ],
    ['receipts', 'getSeenBy', 'getSeenBy', ({ conversationId }) => adapter.getSeenBy!(conversationId)],
    ['typing', 'sendTyping', 'sendTyping', ({ conversationId }) => adapter.sendTyping!(conversationId)],
    ['mute', 'setMuted', 'setMuted', ({ conversationId }) => adapter.setMuted!(conversationId, true)],
    [
      'leave',
      'leaveConversation',
      'leaveConversation',
      ({ conversationId }) => adapter.leaveConversation!(conversationId),
    ],
    ['mark-unread', 'markUnread', 'markUnread', ({ conversationId }) => adapter.markUnread!(conversationId)],
  ];
  for (const [capability, method, name, probe] of optional) {
    if (!hasCapability(adapter, capability)) continue;
    assert(
      typeof adapter[method] === 'function',
      `the adapter declares '${capability}' but has no ${method}()`,
    );
    probes.push([name, probe]);
  }
  return probes;
}

function setReaders(world: World, groupId: string, readers: 'members' | 'managers'): Promise<void> {
  const set = world.backend.setGroupReaders;
  assert(set, 'the backend has no setGroupReaders');
  return set.call(world.backend, groupId, readers);
}

/** What search finds for `adapter`: message bodies for a word, conversation ids for a name. */
async function found(
  adapter: ConversationsAdapter,
  word: string,
  name: string,
): Promise<{ bodies: string[]; conversations: string[] } | undefined> {
  if (!hasCapability(adapter, 'search') || !adapter.searchConversations) return undefined;
  const byText = await adapter.searchConversations(word);
  const byName = await adapter.searchConversations(name);
  return {
    bodies: byText.messages.map((hit) => hit.message.body),
    conversations: byName.conversations.map((conversation) => conversation.id),
  };
}

/** Events that would tell of something bo did in the conversation. */
const fromBo = (conversationId: string) => (event: AdapterEvent) =>
  (event.type === 'typing' && event.conversationId === conversationId) ||
  (event.type === 'message-added' && event.message.author.id === 'bo') ||
  event.type === 'message-changed';

export function managersOnlyRequestScenarios(suite: Suite): void {
  suite.describe('S18: a plain member of a managers-only group, request by request', () => {
    suite.test(
      'every request naming its conversation or a message is not found, as one that never existed, and changes nothing',
      async (w) => {
        const zo = await w.as('zo');
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const { conversation, message } = await w.start(
          zo,
          [group('translators')],
          'Gooseberry jam for the guild',
        );
        const c = conversation.id;
        // While every member reads it, bo takes part: their own message is what they would edit.
        const own = await w.send(bo, c, 'I will bring bread');
        const last = await w.send(ana, c, 'Thanks, both');
        const searchBefore = await found(bo, 'gooseberry', 'Zoë');
        if (searchBefore) {
          assertDeepEqual(
            searchBefore.bodies,
            ['Gooseberry jam for the guild'],
            'bo finds it by text, first',
          );
          assert(searchBefore.conversations.includes(c), 'and by a participant’s name');
        }
        const unreadBefore = (await bo.getConversation(c)).unreadCount;
        const messagesBefore = await w.allMessages(ana, c);

        await setReaders(w, 'translators', 'managers');
        const anas = w.record(ana, "ana's adapter");
        const emoji = (await bo.getPolicy()).reactions[0]!;
        const ids = { conversationId: c, messageId: message.id, ownId: own.id };
        const ghosts = {
          conversationId: ghostId(c),
          messageId: ghostId(message.id),
          ownId: ghostId(own.id),
        };
        for (const [name, probe] of probesOf(bo, emoji)) {
          const hidden = await assertNotFound(() => probe(ids), `bo: ${name}`);
          const missing = await assertNotFound(() => probe(ghosts), `${name} of ids that never existed`);
          assertIndistinguishable(hidden, missing, `${name}: a managers-only conversation vs none`);
        }
        const searchAfter = await found(bo, 'gooseberry', 'Zoë');
        if (searchAfter) {
          assertDeepEqual(searchAfter.bodies, [], 'search finds none of its text');
          assert(!searchAfter.conversations.includes(c), 'nor the conversation by a participant’s name');
        }
        assertDeepEqual(await bo.getUnreadSummary(), { total: 0, conversations: 0 }, 'bo counts nothing');

        // Nothing changed, as the manager sees it: the same messages, texts and reactions, and
        // no event of anything bo tried (a message of ana's after the probes comes after them).
        assertDeepEqual(await w.allMessages(ana, c), messagesBefore, 'ana’s messages are as they were');
        const sync = await w.send(ana, c, 'Sync');
        await anas.waitFor(
          (e) => e.type === 'message-added' && e.message.id === sync.id,
          'ana’s own message',
        );
        assertEqual(anas.count(fromBo(c)), 0, 'ana heard nothing of bo’s attempts');

        // Read by every member again, bo finds it as they left it: listed, not muted, not left,
        // their read marker where it was (ana's two messages since are unread).
        await setReaders(w, 'translators', 'members');
        const again = await bo.getConversation(c);
        assertEqual(again.muted ?? false, false, 'bo did not mute it');
        assertEqual(again.unreadCount, unreadBefore + 1, 'bo’s read marker did not move');
        const listed = await w.allMessages(bo, c);
        assertDeepEqual(
          listed.map((m) => m.id),
          [message.id, own.id, last.id, sync.id],
          'bo lists every message, none added by the attempts',
        );
        const mine = listed.find((m) => m.id === own.id);
        assertEqual(mine?.body, 'I will bring bread', 'their own message kept its text');
        assertEqual(mine?.deleted ?? false, false, 'and was not deleted');
      },
      NEEDS,
    );

    suite.test(
      'a manager of the same group still does each of them',
      async (w) => {
        const zo = await w.as('zo');
        const ana = await w.as('ana');
        const { conversation, message } = await w.start(zo, [group('translators')], 'For the managers');
        await setReaders(w, 'translators', 'managers');
        assertEqual((await ana.getConversation(conversation.id)).id, conversation.id, 'ana reads it');
        const reply = await w.send(ana, conversation.id, 'Seen');
        await ana.markRead(conversation.id, reply.id);
        if (hasCapability(ana, 'reactions') && ana.react) {
          const emoji = (await ana.getPolicy()).reactions[0]!;
          const reacted = await ana.react({
            conversationId: conversation.id,
            messageId: message.id,
            emoji,
            on: true,
          });
          assert(
            reacted.reactions?.some((r) => r.emoji === emoji && r.mine),
            'ana reacted',
          );
        }
        if (hasCapability(ana, 'edit') && ana.editMessage) {
          const edited = await ana.editMessage({
            conversationId: conversation.id,
            messageId: reply.id,
            body: 'Seen, thanks',
          });
          assertEqual(edited.body, 'Seen, thanks', 'ana edited her own');
        }
      },
      NEEDS,
    );
  });
}
