import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import type { PartyRef } from '../../../src/core/types.js';
import { freshBackend } from '../../helpers/local-backend.js';

/**
 * The unread totals are kept up to date write by write (so the badge's summary is one small
 * read). Whatever members do, in whatever order, they must equal what counting every listed
 * conversation's unread count gives.
 */

const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm8'];
const GROUPS = ['g1', 'g2'];

type Step =
  | {
      readonly kind: 'start';
      readonly by: string;
      readonly to: readonly PartyRef[];
      readonly asGroup: boolean;
    }
  | { readonly kind: 'send'; readonly by: string; readonly pick: number }
  | { readonly kind: 'read'; readonly by: string; readonly pick: number; readonly depth: number }
  | {
      readonly kind: 'role';
      readonly group: string;
      readonly member: string;
      readonly role: 'member' | 'manager' | null;
    };

const party = fc.oneof(
  fc.constantFrom(...MEMBERS).map((id): PartyRef => ({ kind: 'member', id })),
  fc.constantFrom(...GROUPS).map((id): PartyRef => ({ kind: 'group', id })),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('start' as const),
    by: fc.constantFrom(...MEMBERS),
    to: fc.uniqueArray(party, { minLength: 1, maxLength: 3, selector: (p) => `${p.kind}:${p.id}` }),
    asGroup: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('send' as const), by: fc.constantFrom(...MEMBERS), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('read' as const),
    by: fc.constantFrom(...MEMBERS),
    pick: fc.nat(),
    depth: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('role' as const),
    group: fc.constantFrom(...GROUPS),
    member: fc.constantFrom(...MEMBERS),
    role: fc.constantFrom('member' as const, 'manager' as const, null),
  }),
);

let ids = 0;
const cid = (): string => `prop-${(ids += 1).toString().padStart(6, '0')}`;

async function apply(backend: LocalBackend, s: Step): Promise<void> {
  // Refusals (a group not managed, writing to oneself) are part of the run: they must change nothing.
  const ignoreRefusal = (error: unknown): void => {
    if (!(error instanceof Error) || !('code' in error)) throw error;
  };
  if (s.kind === 'role') {
    await backend.setGroupRole(s.group, s.member, s.role);
    return;
  }
  const adapter = backend.adapterFor(s.by);
  try {
    if (s.kind === 'start') {
      const viewer = await adapter.getViewer();
      const asGroup = s.asGroup ? viewer.managedGroups[0]?.id : undefined;
      await adapter
        .startConversation({ recipients: s.to, body: 'hi', clientId: cid(), ...(asGroup ? { asGroup } : {}) })
        .catch(ignoreRefusal);
      return;
    }
    const { items } = await adapter.listConversations({ limit: 100 });
    const conversation = items[s.pick % Math.max(1, items.length)];
    if (!conversation) return;
    if (s.kind === 'send') {
      await adapter.sendMessage({ conversationId: conversation.id, body: 'more', clientId: cid() });
    } else {
      const { items: messages } = await adapter.listMessages(conversation.id, { limit: 100 });
      const upTo = messages[s.depth % messages.length]!;
      await adapter.markRead(conversation.id, upTo.id);
    }
  } finally {
    adapter.close();
  }
}

describe('local adapter: unread totals', () => {
  it('always equal the sum of the listed conversations’ unread counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const backend = await freshBackend();
        try {
          for (const s of steps) await apply(backend, s);
          for (const id of MEMBERS) {
            const adapter = backend.adapterFor(id);
            const { items } = await adapter.listConversations({ limit: 100 });
            const counted = {
              total: items.reduce((sum, c) => sum + c.unreadCount, 0),
              conversations: items.filter((c) => c.unreadCount > 0).length,
            };
            expect(await adapter.getUnreadSummary(), `${id} after ${JSON.stringify(steps)}`).to.deep.equal(
              counted,
            );
          }
        } finally {
          await backend.destroy();
        }
      }),
      { numRuns: 40 },
    );
  });
});
