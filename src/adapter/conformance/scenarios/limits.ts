/**
 * S9 and the other refusals of bad input: the 1,000-character limit counted in code points, the
 * policy a backend is made with, request ids, and cancelled requests. A refusal stores nothing.
 */
import { ValidationError } from '../../../core/errors.js';
import { DEFAULT_POLICY } from '../../../core/policy.js';
import type { Policy } from '../../../core/policy.js';
import type { ConversationsAdapter } from '../../adapter.js';
import {
  assertDeepEqual,
  assertEqual,
  assertIds,
  assertRejects,
  assertValidation,
  fail,
  show,
} from '../assert.js';
import { member, members, newClientId } from '../fixture.js';
import type { Suite } from '../suite.js';

/** Code points a member might type: astral emoji, a flag's halves, a combining mark, RTL, CJK. */
const MIXED = Array.from('Hé😀🇩🇪 שלום مرحبا 漢字 e\u0301👩‍👩‍👧‍👦!');

/** Exactly `count` code points, not starting or ending with white space. */
export function textOf(count: number): string {
  const points = Array.from({ length: count }, (_, i) => MIXED[i % MIXED.length]!);
  points[0] = 'H';
  points[count - 1] = '!';
  return points.join('');
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

export function limitScenarios(suite: Suite): void {
  suite.describe('S9 message length', () => {
    suite.test('1,000 characters pass, counted in code points, whether starting or replying', async (w) => {
      const ana = await w.as('ana');
      const emoji = '😀'.repeat(1000);
      const { conversation, message } = await w.start(ana, [member('bo')], `  ${emoji}\n`);
      assertEqual(message.body, emoji, '1,000 emoji (2,000 UTF-16 units) are stored whole, trimmed');
      const mixed = textOf(1000);
      const reply = await w.send(await w.as('bo'), conversation.id, `\t${mixed} `);
      assertEqual(codePoints(reply.body), 1000, 'the stored reply’s code points');
      assertEqual(reply.body, mixed, 'mixed scripts, flags, ZWJ sequences and marks are stored unchanged');
    });

    suite.test('1,001 characters are refused with too-long; nothing is stored', async (w) => {
      const ana = await w.as('ana');
      const { conversation, message } = await w.start(ana, [member('bo')], 'First');
      for (const body of ['😀'.repeat(1001), textOf(1001)]) {
        const started = await assertValidation(
          () => w.start(ana, [member('cy')], body),
          'too-long',
          'starting with 1,001 characters',
        );
        assertDeepEqual(
          [started.field, started.limit, started.actual],
          ['body', 1000, 1001],
          'the refusal’s details',
        );
        const sent = await assertValidation(
          () => w.send(ana, conversation.id, body),
          'too-long',
          'sending 1,001 characters',
        );
        assertDeepEqual([sent.limit, sent.actual], [1000, 1001], 'the refusal’s limit and count');
      }
      assertIds(await w.allConversations(ana), [conversation.id], 'no conversation was added');
      assertIds(await w.allMessages(ana, conversation.id), [message.id], 'no message was added');
      assertIds(await w.allConversations(await w.as('cy')), [], 'cy lists nothing');
    });

    suite.test('empty, white-space-only and malformed messages are refused; nothing is stored', async (w) => {
      const ana = await w.as('ana');
      const { conversation, message } = await w.start(ana, [member('bo')], 'First');
      for (const body of ['', '   ', ' \n\t\u00A0\u3000 ']) {
        await assertValidation(
          () => w.start(ana, [member('cy')], body),
          'empty',
          `starting with ${show(body)}`,
        );
        await assertValidation(() => w.send(ana, conversation.id, body), 'empty', `sending ${show(body)}`);
      }
      await assertValidation(
        () => w.send(ana, conversation.id, 'half \uD83D here'),
        'malformed-text',
        'a lone surrogate',
      );
      await assertRejects(
        () =>
          ana.sendMessage({
            conversationId: conversation.id,
            body: null as unknown as string,
            clientId: newClientId(),
          }),
        ValidationError,
        'a body that is not text',
      );
      assertIds(await w.allConversations(ana), [conversation.id], 'no conversation was added');
      assertIds(await w.allMessages(ana, conversation.id), [message.id], 'no message was added');
    });
  });

  suite.describe('policy', () => {
    suite.test('getPolicy reports the defaults', async (w) => {
      const policy = await (await w.as('ana')).getPolicy();
      assertDeepEqual({ ...policy }, { ...DEFAULT_POLICY }, 'the default policy');
    });

    suite.test(
      'a policy given to the backend is reported and enforced',
      async (w) => {
        const ana = await w.as('ana');
        const policy: Policy = await ana.getPolicy();
        assertEqual(policy.maxMessageLength, 20, 'maxMessageLength');
        assertEqual(policy.maxInvitees, 2, 'maxInvitees');
        assertEqual(
          policy.maxMessageBytes,
          DEFAULT_POLICY.maxMessageBytes,
          'maxMessageBytes keeps its default',
        );
        assertEqual(
          policy.maxReportLength,
          DEFAULT_POLICY.maxReportLength,
          'maxReportLength keeps its default',
        );

        const { conversation } = await w.start(ana, members('bo', 'cy'), textOf(20));
        const long = await assertValidation(
          () => w.send(ana, conversation.id, textOf(21)),
          'too-long',
          '21 characters',
        );
        assertDeepEqual([long.limit, long.actual], [20, 21], 'the refusal’s limit and count');
        await assertValidation(
          () => w.start(ana, [member('di')], textOf(21)),
          'too-long',
          'starting with 21',
        );
        const many = await assertValidation(
          () => w.start(ana, members('di', 'ed', 'fa'), 'Hello'),
          'too-many-recipients',
          'three invitees',
        );
        assertDeepEqual([many.limit, many.actual], [2, 3], 'the refusal’s limit and count');
        assertIds(await w.allConversations(ana), [conversation.id], 'only the allowed conversation exists');
        assertEqual((await w.allMessages(ana, conversation.id)).length, 1, 'only the allowed message exists');
      },
      { policy: { maxMessageLength: 20, maxInvitees: 2 } },
    );
  });

  suite.describe('bad requests', () => {
    suite.test('bad request ids and recipient lists are refused; nothing is stored', async (w) => {
      const ana = await w.as('ana');
      const { conversation, message } = await w.start(ana, [member('bo')], 'First');
      for (const clientId of ['short', 'has spaces in it', '', 'x'.repeat(65)]) {
        await assertValidation(
          () => ana.startConversation({ recipients: [member('cy')], body: 'Hi', clientId }),
          'bad-id',
          `starting with clientId ${show(clientId)}`,
        );
        await assertValidation(
          () => ana.sendMessage({ conversationId: conversation.id, body: 'Hi', clientId }),
          'bad-id',
          `sending with clientId ${show(clientId)}`,
        );
      }
      for (const recipients of [[], null, 'bo', [{ kind: 'robot', id: 'r2' }]]) {
        await assertRejects(
          () => w.start(ana, recipients as never, 'Hi'),
          ValidationError,
          `recipients ${show(recipients)}`,
        );
      }
      await assertValidation(
        () => w.start(ana, [member('ana')], 'Hi'),
        'self-only',
        'writing only to oneself',
      );
      assertIds(await w.allConversations(ana), [conversation.id], 'no conversation was added');
      assertIds(await w.allMessages(ana, conversation.id), [message.id], 'no message was added');
    });

    suite.test(
      'a request with an aborted signal rejects with the signal’s reason and stores nothing',
      async (w) => {
        const ana = await w.as('ana');
        const { conversation, message } = await w.start(ana, [member('bo')], 'First');
        const controller = new AbortController();
        const reason = new Error('the member navigated away');
        controller.abort(reason);
        const { signal } = controller;
        const requests: [string, (adapter: ConversationsAdapter) => Promise<unknown>][] = [
          ['getViewer', (a) => a.getViewer({ signal })],
          ['listConversations', (a) => a.listConversations({ signal })],
          ['listMessages', (a) => a.listMessages(conversation.id, { signal })],
          [
            'sendMessage',
            (a) =>
              a.sendMessage(
                { conversationId: conversation.id, body: 'x', clientId: newClientId() },
                { signal },
              ),
          ],
          [
            'startConversation',
            (a) =>
              a.startConversation(
                { recipients: [member('cy')], body: 'x', clientId: newClientId() },
                { signal },
              ),
          ],
        ];
        for (const [name, request] of requests) {
          try {
            await request(ana);
          } catch (error) {
            assertEqual(error, reason, `${name} rejects with the signal's reason`);
            continue;
          }
          fail(`${name} with an aborted signal succeeded`);
        }
        assertIds(await w.allConversations(ana), [conversation.id], 'no conversation was added');
        assertIds(await w.allMessages(ana, conversation.id), [message.id], 'no message was added');
      },
    );
  });
}
