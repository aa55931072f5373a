/** S6: recipients are found by part of their name, whatever its case and accents. */
import type { Party } from '../../../core/types.js';
import { assert, assertDeepEqual, assertEqual, assertNotFound, assertValidation } from '../assert.js';
import { group, GROUP_NAMES, member, MEMBER_NAMES } from '../fixture.js';
import type { Suite } from '../suite.js';

function keys(parties: readonly Party[]): string[] {
  return parties.map((party) => `${party.kind}:${party.id}`);
}

export function directoryScenarios(suite: Suite): void {
  suite.describe('S6 directory', () => {
    suite.test(
      'search finds members and groups by part of the name, ignoring case and accents',
      async (w) => {
        const ana = await w.as('ana');
        const cases: [string, string][] = [
          ['Álvarez', 'member:ana'],
          ['alvarez', 'member:ana'],
          ['ALV', 'member:ana'],
          ['nguyen', 'member:hu'],
          ['ÇELIK', 'member:cy'],
          ['celik', 'member:cy'],
          ['angstrom', 'member:zo'],
          ['ZOË', 'member:zo'],
          ['zoe', 'member:zo'],
          ['øBERG', 'member:gu'],
          ['guild', 'group:translators'],
          ['evenements', 'group:events'],
          ['ÉVÉNEMENTS comm', 'group:events'],
        ];
        for (const [query, expected] of cases) {
          const found = await ana.searchDirectory(query);
          assert(
            keys(found).includes(expected),
            `searching ${JSON.stringify(query)} finds ${expected}: got ${keys(found).join(', ') || 'nothing'}`,
          );
        }
        const berg = keys(await ana.searchDirectory('berg'));
        assert(
          berg.includes('member:bo') && berg.includes('member:gu'),
          `"berg" finds Bo Berg and Gunnar Øberg: ${berg.join(', ')}`,
        );
        assertDeepEqual(await ana.searchDirectory('xyzzy-nobody'), [], 'a name nobody has finds nothing');
      },
    );

    suite.test('search returns named parties, filtered by kind and limited', async (w) => {
      const ana = await w.as('ana');
      const found = await ana.searchDirectory('a');
      for (const party of found) {
        assert(
          party.kind === 'member' || party.kind === 'group',
          `a result has kind member or group: ${party.kind}`,
        );
        assert(
          typeof party.id === 'string' && typeof party.name === 'string',
          'a result has an id and a name',
        );
      }
      const guild = (await ana.searchDirectory('Translators')).find((party) => party.id === 'translators');
      assertEqual(guild?.name, GROUP_NAMES.translators, 'the group’s name');
      assertEqual(guild?.kind, 'group', 'the group’s kind');
      const groupsOnly = await ana.searchDirectory('o', { kind: 'group' });
      assert(
        groupsOnly.length === 2,
        `"o" with kind: group finds both groups: ${keys(groupsOnly).join(', ')}`,
      );
      assert(
        groupsOnly.every((party) => party.kind === 'group'),
        'kind: group returns groups only',
      );
      const membersOnly = await ana.searchDirectory('o', { kind: 'member' });
      assert(membersOnly.length > 0 && membersOnly.every((party) => party.kind === 'member'), 'kind: member');
      const limited = await ana.searchDirectory('a', { limit: 2 });
      assert(limited.length >= 1 && limited.length <= 2, `limit: 2 returns one or two: ${limited.length}`);
      await assertValidation(
        () => ana.searchDirectory('a', { limit: 0 }),
        'bad-limit',
        'search with limit 0',
      );
    });

    suite.test('getParty returns a member or group, and NotFoundError for anyone unknown', async (w) => {
      const ana = await w.as('ana');
      const bo = await ana.getParty(member('bo'));
      assertDeepEqual([bo.kind, bo.id, bo.name], ['member', 'bo', MEMBER_NAMES.bo], 'getParty of bo');
      const guild = await ana.getParty(group('translators'));
      assertDeepEqual(
        [guild.kind, guild.id, guild.name],
        ['group', 'translators', GROUP_NAMES.translators],
        'getParty of a group',
      );
      await assertNotFound(() => ana.getParty(member('nobody')), 'getParty of an unknown member');
      await assertNotFound(() => ana.getParty(group('nothing')), 'getParty of an unknown group');
      await assertNotFound(() => ana.getParty(group('bo')), 'a member’s id asked for as a group');
      await assertNotFound(() => ana.getParty(member('translators')), 'a group’s id asked for as a member');
    });

    suite.test('an unknown recipient is refused with unknown-recipient; nothing is stored', async (w) => {
      const ana = await w.as('ana');
      const bo = await w.as('bo');
      const refusals: [string, ReturnType<typeof member>[]][] = [
        ['an unknown member', [member('nobody')]],
        ['an unknown group beside a real member', [member('bo'), group('nothing')]],
        ['a member’s id named as a group', [member('cy'), group('bo')]],
      ];
      for (const [what, recipients] of refusals) {
        const error = await assertValidation(
          () => w.start(ana, recipients, 'Hello?'),
          'unknown-recipient',
          what,
        );
        assertEqual(error.field, 'recipients', `${what}: the refusal’s field`);
      }
      assertDeepEqual(await w.conversationIds(ana), [], 'ana lists nothing');
      assertDeepEqual(await w.conversationIds(bo), [], 'bo lists nothing');
    });
  });
}
