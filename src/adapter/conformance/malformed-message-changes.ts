/**
 * The malformed-input rows of S25 and S26 (edit, delete, react), spread into `MALFORMED_INPUTS`:
 * each runs only against an adapter that declares the row's capability.
 */
import type { ErrorField, ValidationReason } from '../../core/errors.js';
import type { ConversationsAdapter } from '../adapter.js';
import type { Capability } from '../capabilities.js';
import { CAPABILITY_OF, type MessageChangeRequest } from './request-capabilities.js';
import {
  BAD_IDS,
  EMPTY_BODIES,
  MALFORMED_BODIES,
  REQUEST_OBJECTS,
  valueOf,
  type Case,
  type MalformedInputContext,
} from './malformed-cases.js';

export interface MessageChangeRow {
  readonly request: MessageChangeRequest;
  readonly capability: Capability;
  readonly shape: string;
  readonly call: (adapter: ConversationsAdapter, context: MalformedInputContext) => Promise<unknown>;
  readonly reason: ValidationReason;
  readonly field: ErrorField;
}

function rows(
  request: MessageChangeRequest,
  what: string,
  reason: ValidationReason,
  field: ErrorField,
  cases: readonly Case[],
  call: (value: unknown, adapter: ConversationsAdapter, context: MalformedInputContext) => Promise<unknown>,
): MessageChangeRow[] {
  return cases.map(([shape, value]) => ({
    request,
    capability: CAPABILITY_OF[request]!,
    shape: `${what} ${shape}`,
    reason,
    field,
    call: (adapter, context) => call(valueOf(value, context), adapter, context),
  }));
}

/* Requests that are right (ana's own first message) but for the fields a row overrides. */
const edit = (a: ConversationsAdapter, c: MalformedInputContext, input: Record<string, unknown>) =>
  a.editMessage!({
    conversationId: c.conversationId,
    messageId: c.messageId,
    body: 'Edited',
    ...input,
  } as never);
const remove = (a: ConversationsAdapter, c: MalformedInputContext, input: Record<string, unknown>) =>
  a.deleteMessage!({ conversationId: c.conversationId, messageId: c.messageId, ...input } as never);
const react = (a: ConversationsAdapter, c: MalformedInputContext, input: Record<string, unknown>) =>
  a.react!({
    conversationId: c.conversationId,
    messageId: c.messageId,
    emoji: '👍',
    on: true,
    ...input,
  } as never);

export const MESSAGE_CHANGE_INPUTS: readonly MessageChangeRow[] = [
  // editMessage({ conversationId, messageId, body })
  ...rows('editMessage', 'input', 'bad-request', 'request', REQUEST_OBJECTS, (input, a) =>
    a.editMessage!(input as never),
  ),
  ...rows('editMessage', 'input', 'bad-request', 'request', [['with an unknown key', 1]], (extra, a, c) =>
    edit(a, c, { extra }),
  ),
  ...rows('editMessage', 'conversationId', 'bad-id', 'request', BAD_IDS, (conversationId, a, c) =>
    edit(a, c, { conversationId }),
  ),
  ...rows('editMessage', 'messageId', 'bad-id', 'request', BAD_IDS, (messageId, a, c) =>
    edit(a, c, { messageId }),
  ),
  ...rows('editMessage', 'body', 'empty', 'body', EMPTY_BODIES, (body, a, c) => edit(a, c, { body })),
  ...rows('editMessage', 'body', 'malformed-text', 'body', MALFORMED_BODIES, (body, a, c) =>
    edit(a, c, { body }),
  ),
  ...rows(
    'editMessage',
    'body',
    'too-long',
    'body',
    [['of 1,001 characters', 'x'.repeat(1001)]],
    (body, a, c) => edit(a, c, { body }),
  ),

  // deleteMessage({ conversationId, messageId })
  ...rows('deleteMessage', 'input', 'bad-request', 'request', REQUEST_OBJECTS, (input, a) =>
    a.deleteMessage!(input as never),
  ),
  ...rows('deleteMessage', 'input', 'bad-request', 'request', [['with an unknown key', 1]], (extra, a, c) =>
    remove(a, c, { extra }),
  ),
  ...rows('deleteMessage', 'conversationId', 'bad-id', 'request', BAD_IDS, (conversationId, a, c) =>
    remove(a, c, { conversationId }),
  ),
  ...rows('deleteMessage', 'messageId', 'bad-id', 'request', BAD_IDS, (messageId, a, c) =>
    remove(a, c, { messageId }),
  ),

  // react({ conversationId, messageId, emoji, on })
  ...rows('react', 'input', 'bad-request', 'request', REQUEST_OBJECTS, (input, a) =>
    a.react!(input as never),
  ),
  ...rows('react', 'input', 'bad-request', 'request', [['with an unknown key', 1]], (extra, a, c) =>
    react(a, c, { extra }),
  ),
  ...rows('react', 'conversationId', 'bad-id', 'request', BAD_IDS, (conversationId, a, c) =>
    react(a, c, { conversationId }),
  ),
  ...rows('react', 'messageId', 'bad-id', 'request', BAD_IDS, (messageId, a, c) =>
    react(a, c, { messageId }),
  ),
  ...rows(
    'react',
    'on',
    'bad-request',
    'request',
    [
      ['missing', undefined],
      ['a text', 'yes'],
      ['null', null],
    ],
    (on, a, c) => react(a, c, { on }),
  ),
  ...rows(
    'react',
    'emoji',
    'bad-reaction',
    'emoji',
    [
      ['missing', undefined],
      ['a number', 42],
      ['empty', ''],
      ['outside the set', '🦄'],
      ['with a space after it', '👍 '],
      ['a word', 'like'],
      ['".."', '..'],
      ['holding a NUL', '👍\u0000'],
    ],
    (emoji, a, c) => react(a, c, { emoji }),
  ),
];
