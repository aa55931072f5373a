/**
 * The malformed-input table (`../malformed-inputs.ts`) walked request by request, and the
 * directory rules walked through `loadDirectory`: every backend refuses the same bad input with
 * the same typed error and changes nothing. A failure lists every row that drifted, so one run
 * says everything a backend still has to fix.
 */
import { ValidationError } from '../../../core/errors.js';
import type { DirectoryData } from '../../../core/types.js';
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability } from '../../capabilities.js';
import { assertDeepEqual, fail, show } from '../assert.js';
import { member } from '../fixture.js';
import {
  MALFORMED_HOST_INPUTS,
  MALFORMED_INPUTS,
  type AdapterRequest,
  type MalformedInputContext,
  type MalformedInputRow,
} from '../malformed-inputs.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

/** What a refused request must leave unchanged, as the contract lets one see it. */
async function observable(w: World, conversationId: string): Promise<unknown> {
  const [ana, cy] = [await w.as('ana'), await w.as('cy')];
  return {
    anaConversations: await w.conversationIds(ana),
    messages: (await w.allMessages(ana, conversationId)).map((message) => [
      message.id,
      message.body,
      message.editedAt ?? null,
      message.deleted ?? false,
      message.reactions?.length ?? 0,
    ]),
    settings: await ana.getSettings(),
    blocked: ana.listBlockedMembers ? await ana.listBlockedMembers() : [],
    unread: await (await w.as('bo')).getUnreadSummary(),
    cyConversations: await w.conversationIds(cy),
  };
}

/** Undefined when the row got its refusal; otherwise what went wrong, in a line. */
async function drift(
  row: MalformedInputRow,
  adapter: ConversationsAdapter,
  context: MalformedInputContext,
): Promise<string | undefined> {
  const expected = `ValidationError ${row.reason} (field ${row.field})`;
  let promise: Promise<unknown>;
  try {
    promise = row.call(adapter, context);
  } catch (error) {
    return `${row.shape}: threw synchronously (${show(error)}) instead of rejecting with ${expected}`;
  }
  try {
    const value = await promise;
    return `${row.shape}: accepted (${show(value)}), expected ${expected}`;
  } catch (error) {
    if (!(error instanceof ValidationError)) return `${row.shape}: expected ${expected}, got ${show(error)}`;
    if (error.reason !== row.reason || error.field !== row.field) {
      return `${row.shape}: expected ${expected}, got ${error.reason} (field ${error.field})`;
    }
    if (error.message.trim().length === 0)
      return `${row.shape}: the refusal has no message a person can read`;
    return undefined;
  }
}

const REQUESTS: readonly AdapterRequest[] = [...new Set(MALFORMED_INPUTS.map((row) => row.request))];

/** `data` with every "Newcomer" and "newcomer" in its strings made `name` (and its lower case). */
function renamed(data: unknown, name: string): unknown {
  if (typeof data === 'string')
    return data.replaceAll('Newcomer', name).replaceAll('newcomer', name.toLowerCase());
  if (Array.isArray(data)) return data.map((item) => renamed(item, name));
  if (typeof data === 'object' && data !== null) {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, renamed(value, name)]));
  }
  return data;
}

/** Directory data with one fault each: refused whole, and nothing of it stored. */
const BAD_DIRECTORIES: readonly (readonly [string, unknown])[] = [
  ['no list of groups', { members: [{ id: 'newcomer', name: 'Newcomer' }] }],
  ['an unknown top-level key', { members: [], groups: [], admins: [] }],
  ['an id with surrounding spaces', { members: [{ id: ' newcomer ', name: 'Newcomer' }], groups: [] }],
  ['an id holding a NUL', { members: [{ id: 'new\u0000comer', name: 'Newcomer' }], groups: [] }],
  ['an id of 201 characters', { members: [{ id: 'n'.repeat(201), name: 'Newcomer' }], groups: [] }],
  ['the id ".."', { members: [{ id: '..', name: 'Newcomer' }], groups: [] }],
  ['an empty name', { members: [{ id: 'newcomer', name: '  ' }], groups: [] }],
  [
    'a name of only invisible characters',
    { members: [{ id: 'newcomer', name: '\u200B\u200D' }], groups: [] },
  ],
  ['a name holding a NUL', { members: [{ id: 'newcomer', name: 'New\u0000comer' }], groups: [] }],
  [
    'a name of 201 characters',
    { members: [{ id: 'newcomer', name: `Newcomer ${'n'.repeat(192)}` }], groups: [] },
  ],
  [
    'a javascript: profile link',
    { members: [{ id: 'newcomer', name: 'Newcomer', profileUrl: 'javascript:alert(1)' }], groups: [] },
  ],
  [
    'a data: avatar',
    { members: [{ id: 'newcomer', name: 'Newcomer', avatarUrl: 'data:image/png;base64,AAAA' }], groups: [] },
  ],
  [
    'a protocol-relative avatar',
    { members: [{ id: 'newcomer', name: 'Newcomer', avatarUrl: '//evil.example/a.png' }], groups: [] },
  ],
  [
    'a document-relative avatar',
    { members: [{ id: 'newcomer', name: 'Newcomer', avatarUrl: 'img/a.png' }], groups: [] },
  ],
  [
    'an ftp: avatar',
    { members: [{ id: 'newcomer', name: 'Newcomer', avatarUrl: 'ftp://portal.example/a.png' }], groups: [] },
  ],
  [
    'an email that is not an address',
    { members: [{ id: 'newcomer', name: 'Newcomer', email: 'newcomer' }], groups: [] },
  ],
  [
    'an email holding a NUL',
    { members: [{ id: 'newcomer', name: 'Newcomer', email: 'new\u0000@portal.example' }], groups: [] },
  ],
  [
    'follows that are not a list',
    { members: [{ id: 'newcomer', name: 'Newcomer', follows: 'ana' }], groups: [] },
  ],
  [
    'a member following themselves',
    { members: [{ id: 'newcomer', name: 'Newcomer', follows: ['newcomer'] }], groups: [] },
  ],
  [
    'a member following a bad id',
    { members: [{ id: 'newcomer', name: 'Newcomer', follows: [' ana'] }], groups: [] },
  ],
  [
    'a member following a member nobody loaded',
    { members: [{ id: 'newcomer', name: 'Newcomer', follows: ['nobody-at-all'] }], groups: [] },
  ],
  [
    'a member with an unknown key',
    { members: [{ id: 'newcomer', name: 'Newcomer', nickname: 'New' }], groups: [] },
  ],
  [
    'a member listed twice',
    {
      members: [
        { id: 'newcomer', name: 'Newcomer' },
        { id: 'newcomer', name: 'Newcomer Two' },
      ],
      groups: [],
    },
  ],
  [
    'a group whose managers are not a list',
    {
      members: [{ id: 'newcomer', name: 'Newcomer' }],
      groups: [{ id: 'newgroup', name: 'Newcomers', managers: 'newcomer', members: [] }],
    },
  ],
  [
    'a group with "manager" for "managers"',
    {
      members: [{ id: 'newcomer', name: 'Newcomer' }],
      groups: [{ id: 'newgroup', name: 'Newcomers', manager: ['newcomer'], managers: [], members: [] }],
    },
  ],
  [
    'a group naming a member nobody loaded',
    {
      members: [{ id: 'newcomer', name: 'Newcomer' }],
      groups: [{ id: 'newgroup', name: 'Newcomers', managers: ['nobody-at-all'], members: [] }],
    },
  ],
];

/** Directory data at the edges of the rules: accepted, and stored as the rulebook normalises it. */
const GOOD_DIRECTORIES: readonly (readonly [
  string,
  DirectoryData,
  { id: string; name: string; avatarUrl?: string; profileUrl?: string },
])[] = [
  [
    'a name with surrounding spaces, stored trimmed',
    { members: [{ id: 'newcomer', name: '  Newcomer  ' }], groups: [] },
    { id: 'newcomer', name: 'Newcomer' },
  ],
  [
    'an absolute https avatar and an http profile link',
    {
      members: [
        {
          id: 'newcomer',
          name: 'Newcomer',
          avatarUrl: 'https://portal.example/a/n.png',
          profileUrl: 'http://portal.example/members/n',
        },
      ],
      groups: [],
    },
    {
      id: 'newcomer',
      name: 'Newcomer',
      avatarUrl: 'https://portal.example/a/n.png',
      profileUrl: 'http://portal.example/members/n',
    },
  ],
  [
    'links from the portal’s root',
    {
      members: [
        { id: 'newcomer', name: 'Newcomer', avatarUrl: '/avatars/n.png', profileUrl: '/members/newcomer' },
      ],
      groups: [],
    },
    { id: 'newcomer', name: 'Newcomer', avatarUrl: '/avatars/n.png', profileUrl: '/members/newcomer' },
  ],
  [
    'an email, which no view shows',
    { members: [{ id: 'newcomer', name: 'Newcomer', email: 'newcomer@portal.example' }], groups: [] },
    { id: 'newcomer', name: 'Newcomer' },
  ],
  [
    'an id of 200 emoji (400 UTF-16 units)',
    { members: [{ id: '😀'.repeat(200), name: 'Newcomer' }], groups: [] },
    { id: '😀'.repeat(200), name: 'Newcomer' },
  ],
];

export function malformedInputScenarios(suite: Suite): void {
  suite.describe('malformed input: every backend gives the rulebook’s refusal', () => {
    for (const request of REQUESTS) {
      const table = MALFORMED_INPUTS.filter((row) => row.request === request);
      suite.test(
        `${request}: ${table.length} malformed shapes, each refused as the rulebook says; nothing changes`,
        async (w) => {
          const ana = await w.as('ana');
          // A row of an optional part runs only against an adapter that declares that part.
          const served = table.filter((row) => !row.capability || hasCapability(ana, row.capability));
          if (served.length === 0) return;
          const { conversation, message } = await w.start(ana, [member('bo')], 'First');
          const context = { conversationId: conversation.id, messageId: message.id };
          const before = await observable(w, conversation.id);
          const drifts: string[] = [];
          for (const row of served) {
            const problem = await drift(row, ana, context);
            if (problem) drifts.push(problem);
          }
          if (drifts.length > 0) {
            fail(
              `${request}: ${drifts.length} of ${table.length} rows drift from the rulebook:\n  - ${drifts.join('\n  - ')}`,
            );
          }
          assertDeepEqual(await observable(w, conversation.id), before, `${request}: what the refusals left`);
        },
      );
    }

    suite.test(
      `moderation (S16–S18): ${MALFORMED_HOST_INPUTS.length} malformed host requests, each refused; nothing changes`,
      async (w) => {
        const ana = await w.as('ana');
        const { conversation } = await w.start(ana, [member('bo')], 'First');
        const before = await observable(w, conversation.id);
        const drifts: string[] = [];
        for (const row of MALFORMED_HOST_INPUTS) {
          const pending = row.call(w.backend);
          if (!pending) continue; // an operation this backend does not have
          const expected = `ValidationError ${row.reason} (field ${row.field})`;
          try {
            drifts.push(
              `${row.operation} ${row.shape}: accepted (${show(await pending)}), expected ${expected}`,
            );
          } catch (error) {
            if (
              !(error instanceof ValidationError) ||
              error.reason !== row.reason ||
              error.field !== row.field
            ) {
              drifts.push(`${row.operation} ${row.shape}: expected ${expected}, got ${show(error)}`);
            }
          }
        }
        if (drifts.length > 0) fail(`moderation: ${drifts.length} rows drift:\n  - ${drifts.join('\n  - ')}`);
        assertDeepEqual(await observable(w, conversation.id), before, 'what the refusals left');
      },
      { needs: 'moderation' },
    );

    suite.test(`loadDirectory: ${BAD_DIRECTORIES.length} kinds of bad data are refused whole`, async (w) => {
      const ana = await w.as('ana');
      const problems: string[] = [];
      for (const [i, [shape, data]] of BAD_DIRECTORIES.entries()) {
        // Each row's newcomer has a name of its own, so that what one row stored is not blamed on the next.
        const name = `Newcomer q${i}q`;
        try {
          await w.backend.loadDirectory(renamed(data, name) as DirectoryData);
          problems.push(`${shape}: accepted`);
        } catch {
          // Refused, as it must be: the harness's errors need not be typed (an admin API's may not be).
        }
        const found = await ana.searchDirectory(name);
        if (found.length > 0) problems.push(`${shape}: stored ${show(found)}`);
      }
      if (problems.length > 0)
        fail(`loadDirectory drifts from the rulebook:\n  - ${problems.join('\n  - ')}`);
    });

    suite.test(
      `loadDirectory: ${GOOD_DIRECTORIES.length} kinds of data at the edges are accepted`,
      async (w) => {
        const ana = await w.as('ana');
        const problems: string[] = [];
        // Each row replaces the member "newcomer" (or adds another): the rows do not build on each other.
        for (const [shape, data, expected] of GOOD_DIRECTORIES) {
          try {
            await w.backend.loadDirectory(data);
            const party = await ana.getParty({ kind: 'member', id: expected.id });
            assertDeepEqual(party, { kind: 'member', ...expected }, shape);
          } catch (error) {
            problems.push(`${shape}: ${show(error)}`);
          }
        }
        if (problems.length > 0)
          fail(`loadDirectory drifts from the rulebook:\n  - ${problems.join('\n  - ')}`);
      },
    );
  });
}
