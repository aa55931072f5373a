/**
 * S16 and S17: members the portal's moderators block, and members the portal deletes. Each
 * refusal is typed and stores nothing; a blocked or deleted member's own adapter (a token issued
 * before the block, on a server) is refused; they read with a status and no name everywhere.
 */
import { ValidationError } from '../../../core/errors.js';
import type { Conversation, Party } from '../../../core/types.js';
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability } from '../../capabilities.js';
import {
  assert,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIds,
  assertNotFound,
  assertRejects,
  assertValidation,
} from '../assert.js';
import { DIRECTORY, member, MEMBER_NAMES, members } from '../fixture.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

const NEEDS = { needs: 'moderation' } as const;

function partyIn(conversation: Conversation, id: string): Party {
  const party = conversation.participants.find((p) => p.kind === 'member' && p.id === id);
  assert(party, `member ${id} is not among the participants of ${conversation.id}`);
  return party;
}

/** A member the portal hides: this status, an empty name, no avatar or profile link. */
function assertHidden(party: Party, status: 'blocked' | 'deleted', message: string): void {
  assertDeepEqual(party, { kind: 'member', id: party.id, name: '', status }, message);
}

async function assertViewerRefused(adapter: ConversationsAdapter, message: string): Promise<void> {
  for (const [what, request] of [
    ['getViewer', () => adapter.getViewer()],
    ['listConversations', () => adapter.listConversations()],
    ['searchDirectory', () => adapter.searchDirectory('')],
  ] as const) {
    await assertForbidden(request, 'not-allowed', `${message}: ${what}`);
  }
}

async function assertUnavailable(
  action: () => Promise<unknown>,
  who: string,
  message: string,
): Promise<void> {
  const error = await assertForbidden(action, 'recipient-unavailable', message);
  assertEqual(error.field, 'recipients', `${message}: the refusal's field`);
  assert(error.message.includes(`"${who}"`), `${message}: the refusal names ${who}: ${error.message}`);
}

async function backend(world: World) {
  const { blockMember, unblockMember, deleteMember } = world.backend;
  assert(blockMember && unblockMember && deleteMember, 'the backend has no moderation operations');
  return {
    block: (id: string) => blockMember.call(world.backend, id),
    unblock: (id: string) => unblockMember.call(world.backend, id),
    remove: (id: string, eraseMessages?: boolean) =>
      deleteMember.call(world.backend, id, eraseMessages === undefined ? {} : { eraseMessages }),
  };
}

export function moderationScenarios(suite: Suite): void {
  suite.describe('S16: a member the moderators block', () => {
    suite.test(
      'is gone from search, refused with their own adapter, and cannot be written to',
      async (w) => {
        const host = await backend(w);
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const { conversation } = await w.start(ana, [member('bo')], 'Before the block');
        await bo.getViewer();
        await host.block('bo');

        const found = await ana.searchDirectory('Bo');
        assert(
          !found.some((p) => p.id === 'bo'),
          `search still finds bo: ${found.map((p) => p.id).join(', ')}`,
        );
        await assertViewerRefused(bo, 'the blocked member’s adapter');

        const before = await w.allMessages(ana, conversation.id);
        await assertUnavailable(() => w.send(ana, conversation.id, 'After'), 'bo', 'a send to bo');
        await assertUnavailable(
          () => w.start(ana, members('bo', 'cy'), 'A new one'),
          'bo',
          'a start naming bo',
        );
        assertIds(
          await w.allMessages(ana, conversation.id),
          before.map((m) => m.id),
          'nothing stored',
        );
        assertIds(await w.allConversations(ana), [conversation.id], 'no conversation started');
      },
      NEEDS,
    );

    suite.test(
      'who also does not accept the sender is refused for the block, in one order everywhere',
      async (w) => {
        const host = await backend(w);
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const { conversation } = await w.start(ana, [member('bo')], 'Before');
        const refuses = hasCapability(bo, 'accept-setting') || hasCapability(bo, 'member-blocks');
        if (hasCapability(bo, 'accept-setting')) await bo.updateSettings({ acceptFrom: 'followed' });
        if (hasCapability(bo, 'member-blocks') && bo.blockMember) await bo.blockMember('ana');
        await host.block('bo');
        // Both reasons hold; the rulebook gives the moderators' block (core/delivery).
        await assertUnavailable(() => w.send(ana, conversation.id, 'After'), 'bo', 'a send to bo');
        await assertUnavailable(() => w.start(ana, [member('bo')], 'Again'), 'bo', 'a start naming bo');
        await host.unblock('bo');
        if (refuses) {
          await assertForbidden(
            () => w.send(ana, conversation.id, 'After'),
            'not-accepting',
            'once unblocked, bo’s own choice',
          );
        }
      },
      NEEDS,
    );

    suite.test(
      'reads as a blocked member without name or avatar until unblocked',
      async (w) => {
        const host = await backend(w);
        const ana = await w.as('ana');
        const { conversation } = await w.start(await w.as('bo'), [member('ana')], 'From bo');
        await host.block('bo');
        const seen = await ana.getConversation(conversation.id);
        assertHidden(partyIn(seen, 'bo'), 'blocked', 'bo in the conversation');
        const [message] = await w.allMessages(ana, conversation.id);
        assertHidden(message!.author, 'blocked', 'bo as the author');
        assertEqual(message!.body, 'From bo', 'the message itself stays');
        assertHidden((await ana.getParty(member('bo'))) as Party, 'blocked', 'getParty of bo');
        await host.block('bo'); // twice: the same

        await host.unblock('bo');
        assertEqual(
          partyIn(await ana.getConversation(conversation.id), 'bo').name,
          MEMBER_NAMES.bo,
          'name back',
        );
        assert(
          (await ana.searchDirectory('Bo')).some((p) => p.id === 'bo'),
          'found again after unblock',
        );
        await w.send(ana, conversation.id, 'Welcome back');
        await (await w.anotherTab('bo')).getViewer();
      },
      NEEDS,
    );

    suite.test(
      'blocking nobody is refused and changes nothing',
      async (w) => {
        const host = await backend(w);
        await assertNotFound(() => host.block('nobody-here'), 'blocking a member who does not exist');
        await assertValidation(() => host.block(' ana'), 'bad-id', 'blocking a malformed id');
        await assertValidation(() => host.remove(' ana'), 'bad-id', 'deleting a malformed id');
        await (await w.as('ana')).getViewer();
      },
      NEEDS,
    );
  });

  suite.describe('S17: a member the portal deletes', () => {
    suite.test(
      'reads as a deleted member; their messages stay; nobody left to answer',
      async (w) => {
        const host = await backend(w);
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        const { conversation } = await w.start(ana, [member('bo')], 'Hi bo');
        const reply = await w.send(bo, conversation.id, 'Hi ana');
        await host.remove('bo');

        await assertViewerRefused(bo, 'the deleted member’s adapter');
        assert(!(await ana.searchDirectory('Bo')).some((p) => p.id === 'bo'), 'search never finds bo');
        const seen = await ana.getConversation(conversation.id);
        assertHidden(partyIn(seen, 'bo'), 'deleted', 'bo in the conversation');
        const messages = await w.allMessages(ana, conversation.id);
        assertDeepEqual(
          messages.map((m) => m.body),
          ['Hi bo', 'Hi ana'],
          'their messages stay',
        );
        assertHidden(messages[1]!.author, 'deleted', 'bo as the author');
        assertEqual(messages[1]!.id, reply.id, 'the same message');

        await assertUnavailable(() => w.send(ana, conversation.id, 'Anyone?'), 'bo', 'a send with only bo');
        await assertUnavailable(() => w.start(ana, [member('bo')], 'Again'), 'bo', 'a start naming bo');
        assertEqual((await w.allMessages(ana, conversation.id)).length, 2, 'nothing stored');
      },
      NEEDS,
    );

    suite.test(
      'erasing their messages leaves "message deleted" in place; deleting is final',
      async (w) => {
        const host = await backend(w);
        const ana = await w.as('ana');
        const { conversation } = await w.start(ana, members('bo', 'cy'), 'Hello both');
        await w.send(await w.as('bo'), conversation.id, 'Something personal');
        await host.remove('bo');
        await host.remove('bo', true); // again, and now erasing: idempotent, still erases

        const messages = await w.allMessages(ana, conversation.id);
        assertEqual(messages[0]!.body, 'Hello both', 'others’ messages are untouched');
        assertEqual(messages[1]!.body, '', 'the erased message has no text');
        assertEqual(messages[1]!.deleted, true, 'the erased message says so');
        const [listed] = await w.allConversations(ana);
        assertEqual(listed!.lastMessage?.deleted, true, 'the list’s last message is erased too');
        assertEqual(listed!.lastMessage?.body, '', 'the list shows no text of it');

        // cy is still there: the conversation goes on.
        await w.send(ana, conversation.id, 'Still here, cy?');
        await assertRejects(() => host.block('bo'), ValidationError, 'blocking a deleted member');
        await assertRejects(() => host.unblock('bo'), ValidationError, 'unblocking a deleted member');
        await w.backend.loadDirectory(DIRECTORY);
        assertHidden(
          partyIn(await ana.getConversation(conversation.id), 'bo'),
          'deleted',
          'loading the directory again does not bring bo back',
        );
        // Any refusal: a harness may report the admin API's answer its own way.
        await assertRejects(
          () => w.backend.setGroupRole('translators', 'bo', 'member'),
          Error,
          'a role for a deleted member',
        );

        await assertNotFound(() => host.remove('nobody-here'), 'deleting a member who does not exist');
      },
      NEEDS,
    );
  });
}
