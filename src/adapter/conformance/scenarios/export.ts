/**
 * S21, capability `'export'`: the member's data as one JSON document (`DataExport` of
 * `core/export.ts`). Told as a small story — a one-to-one with an edited, a deleted and a
 * reacted-to message and a read marker, a conversation of three with a member the portal then
 * deletes, a group conversation, one the member left, others' conversations, non-default
 * settings — and checked against what the member's own reads show: exactly the conversations
 * they can see, each with its participants and every message in order, as the elements show
 * them; their read marker; their settings; and nothing of others they could not see there.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, type DataExport } from '../../../core/export.js';
import type { Message, NotificationSettings } from '../../../core/types.js';
import { hasCapability } from '../../capabilities.js';
import type { ConversationsAdapter } from '../../adapter.js';
import { assert, assertDeepEqual, assertEqual, show } from '../assert.js';
import { DIRECTORY, group, member, MEMBER_NAMES, members, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';
import { declares } from './capability.js';

/** Everyone's address: the directory's, never the document's (the exporter's own excepted). */
const emailOf = (id: string) => `${id}.private@example.org`;

async function exported(adapter: ConversationsAdapter): Promise<{ data: DataExport; text: string }> {
  const blob = await adapter.exportData!();
  assert(blob instanceof Blob, `exportData resolves with a Blob, got ${show(blob)}`);
  assert(blob.type.startsWith('application/json'), `the Blob is JSON, got "${blob.type}"`);
  const text = await blob.text();
  return { data: JSON.parse(text) as DataExport, text };
}

/** The settings that differ from the defaults in every way this backend serves. */
function unusualSettings(adapter: ConversationsAdapter): Partial<NotificationSettings> {
  return {
    inApp: false,
    email: false,
    emailMode: 'digest',
    ...(hasCapability(adapter, 'receipts') ? { readReceipts: false } : {}),
    ...(hasCapability(adapter, 'accept-setting') ? { acceptFrom: 'followed' as const } : {}),
  };
}

function byBody(messages: readonly Message[], body: string): Message {
  const found = messages.find((message) => message.body === body);
  assert(found, `no message "${body}" among ${show(messages.map((message) => message.body))}`);
  return found;
}

/** The story; returns the ids the assertions name. */
async function tell(w: World) {
  const ana = await w.as('ana');
  const bo = await w.as('bo');
  const gu = await w.as('gu');
  const { reactions } = await ana.getPolicy();
  const emoji = reactions[0]!;

  // One-to-one with bo: ana's first message edited, bo's deleted, a reaction, a read marker.
  const oneToOne = await w.start(ana, [member('bo')], 'Hello Bo');
  const o = oneToOne.conversation.id;
  const hi = await w.send(bo, o, 'Hi Ana');
  const oops = await w.send(bo, o, 'Oops, wrong thread');
  await bo.deleteMessage!({ conversationId: o, messageId: oops.id });
  await ana.editMessage!({ conversationId: o, messageId: oneToOne.message.id, body: 'Hello Bo, edited' });
  await ana.react!({ conversationId: o, messageId: hi.id, emoji, on: true });
  await ana.markRead(o, hi.id);
  // After the marker: bo's is unread for ana; her own reply does not move her marker either.
  await w.send(bo, o, 'Are you there?');
  await w.send(ana, o, 'Yes');

  // Three people; gu reacts, then the portal deletes gu (keeping the messages).
  const three = await w.start(ana, members('gu', 'hu'), 'Three of us');
  const t = three.conversation.id;
  const fromGu = await w.send(gu, t, 'Hello from me');
  await gu.react!({ conversationId: t, messageId: three.message.id, emoji, on: true });
  await w.send(ana, t, 'Welcome');

  // A conversation with the group ana manages, one member written as the group.
  const withGroup = await w.start(await w.as('ju'), [group('translators')], 'To the guild');
  const g = withGroup.conversation.id;
  await (
    await w.as('cy')
  ).sendMessage({ conversationId: g, body: 'Cy for the guild', clientId: newClientId() });
  await ana.sendMessage({
    conversationId: g,
    body: 'Ana as the guild',
    asGroup: 'translators',
    clientId: newClientId(),
  });

  // Left: no longer hers. Others': never hers.
  const left = await w.start(await w.as('ka'), members('ana', 'lu'), 'Before Ana left');
  await ana.leaveConversation!(left.conversation.id);
  await w.send(await w.as('lu'), left.conversation.id, 'After Ana left');
  const others = await w.start(bo, [member('cy')], 'Not for Ana');
  const otherGroup = await w.start(await w.as('zo'), [group('events')], 'For the committee');

  await w.backend.deleteMember!('gu', {});
  await ana.updateSettings(unusualSettings(ana));
  return {
    o,
    t,
    g,
    hi: hi.id,
    fromGu: fromGu.id,
    hidden: [left.conversation.id, others.conversation.id, otherGroup.conversation.id],
  };
}

export function exportScenarios(suite: Suite): void {
  suite.describe('S21 export (export)', () => {
    suite.test(
      'the document holds exactly what the member sees: conversations, messages, marker, settings',
      async (w) => {
        const ana = await w.as('ana');
        if (!declares(ana, 'export', ['exportData'])) return;
        for (const [capability, method] of [
          ['edit', 'editMessage'],
          ['delete', 'deleteMessage'],
          ['reactions', 'react'],
          ['leave', 'leaveConversation'],
        ] as const) {
          // The story needs these too; an adapter exporting without them is not this scenario's.
          if (!declares(ana, capability, [method])) return;
        }
        // Every member has an address in the directory; none but her own is hers to export.
        await w.backend.loadDirectory({
          ...DIRECTORY,
          members: DIRECTORY.members.map((entry) => ({ ...entry, email: emailOf(entry.id) })),
        });
        const ids = await tell(w);

        const { data, text } = await exported(ana);
        const viewer = await ana.getViewer();
        assertEqual(data.format, EXPORT_FORMAT, 'format');
        assertEqual(data.version, EXPORT_VERSION, 'version');
        assert(Number.isFinite(data.exportedAt), `exportedAt is a time, got ${show(data.exportedAt)}`);
        assertDeepEqual(data.member, viewer.member, 'the member, as they see themselves');
        assertDeepEqual(
          data.groups,
          viewer.groups.map((g) => ({
            group: g,
            role: viewer.managedGroups.some((managed) => managed.id === g.id) ? 'manager' : 'member',
          })),
          'their groups, with their role',
        );
        assertDeepEqual(data.settings, await ana.getSettings(), 'their settings, as they left them');
        assertDeepEqual(data.settings, { ...unusualSettings(ana) }, 'not the defaults');

        assertDeepEqual(
          data.conversations.map((conversation) => conversation.id),
          [ids.o, ids.t, ids.g],
          'exactly her conversations, oldest first (exportOrder)',
        );
        for (const hidden of ids.hidden) {
          assert(!text.includes(hidden), `a conversation she cannot see (${hidden}) is nowhere in it`);
        }
        for (const absent of ['Not for Ana', 'For the committee', 'Before Ana left', 'After Ana left']) {
          assert(!text.includes(absent), `"${absent}" is not hers to export`);
        }

        for (const conversation of data.conversations) {
          const seen = await ana.getConversation(conversation.id);
          const label = `conversation ${conversation.id}`;
          assertDeepEqual(conversation.participants, seen.participants, `${label}: its participants`);
          assertDeepEqual(conversation.startedBy, seen.startedBy, `${label}: who started it`);
          assertEqual(conversation.createdAt, seen.createdAt, `${label}: when`);
          assertEqual(conversation.lastActivityAt, seen.lastActivityAt, `${label}: its last activity`);
          assertDeepEqual(
            conversation.messages,
            await w.allMessages(ana, conversation.id),
            `${label}: every message, oldest first, as she reads them`,
          );
        }

        const find = (id: string) => data.conversations.find((conversation) => conversation.id === id)!;
        const oneToOne = find(ids.o);
        assertDeepEqual(
          oneToOne.messages.map((message) => [message.author.id, message.body]),
          [
            ['ana', 'Hello Bo, edited'],
            ['bo', 'Hi Ana'],
            ['bo', ''],
            ['bo', 'Are you there?'],
            ['ana', 'Yes'],
          ],
          'the one-to-one, in order, with its authors',
        );
        const edited = oneToOne.messages[0]!;
        assert(
          typeof edited.editedAt === 'number' && edited.editedAt >= edited.sentAt,
          'the edit, with its time',
        );
        assertEqual(oneToOne.messages[2]!.deleted, true, 'the deleted message keeps its place, deleted');
        const sentTimes = oneToOne.messages.map((message) => message.sentAt);
        assertDeepEqual(
          sentTimes,
          [...sentTimes].sort((a, b) => a - b),
          'oldest first',
        );
        const [reaction] = byBody(oneToOne.messages, 'Hi Ana').reactions ?? [];
        assertEqual(reaction?.mine, true, 'her reaction, as hers');
        assertEqual(oneToOne.readUpTo, ids.hi, 'her read marker: where she marked it read, not her reply');
        assertEqual(find(ids.g).readUpTo, undefined, 'no marker where she never marked anything read');

        const three = find(ids.t);
        const gone = { kind: 'member', id: 'gu', name: '', status: 'deleted' };
        assertDeepEqual(
          three.participants.find((party) => party.id === 'gu'),
          gone,
          'the deleted member reads as deleted among the participants',
        );
        assertDeepEqual(
          three.messages.find((message) => message.id === ids.fromGu)?.author,
          gone,
          'and as the author of their message, which is kept',
        );
        assertDeepEqual(
          three.messages[0]!.reactions?.[0]?.by.find((ref) => ref.id === 'gu'),
          gone,
          'and as one who reacted',
        );
        assert(!text.includes(MEMBER_NAMES.gu), 'the deleted member’s name is nowhere in it');

        const asGroup = byBody(find(ids.g).messages, 'Ana as the guild');
        assertEqual(asGroup.onBehalfOf?.id, 'translators', 'a message written as the group says so');

        for (const entry of DIRECTORY.members) {
          if (entry.id === 'ana') continue;
          assert(!text.includes(emailOf(entry.id)), `no address of another member (${entry.id})`);
        }
      },
      { needs: 'moderation' },
    );
  });
}
