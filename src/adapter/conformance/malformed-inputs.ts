/**
 * The malformed-input table: every request of the contract with each wrong shape a careless or
 * hostile caller sends, and the typed refusal the rulebook (`core/requests.ts`) gives for it.
 * Every backend must give exactly that refusal (class, reason, field) and change nothing, so a
 * backend that drifts from the rulebook fails here. Exported so that a portal's own tests (or a
 * raw-HTTP test of a server) can walk the same rows.
 */
import type { ErrorField, ValidationReason } from '../../core/errors.js';
import type { ConversationsAdapter } from '../adapter.js';
import type { Capability } from '../capabilities.js';
import { MESSAGE_CHANGE_INPUTS } from './malformed-message-changes.js';
import { CAPABILITY_OF, type AdapterRequest } from './request-capabilities.js';
import type { ConformanceBackend } from './harness.js';
import {
  BAD_CLIENT_IDS,
  BAD_CURSORS,
  BAD_IDS,
  BAD_LIMITS,
  BAD_MESSAGE_CURSORS,
  EMPTY_BODIES,
  MALFORMED_BODIES,
  report,
  REQUEST_OBJECTS,
  send,
  start,
  valueOf,
  type Case,
  type MalformedInputContext,
} from './malformed-cases.js';

export type { MalformedInputContext } from './malformed-cases.js';

export { CAPABILITY_OF, type AdapterRequest } from './request-capabilities.js';

export interface MalformedInputRow {
  readonly request: AdapterRequest;
  /** The wrong shape, in words: "conversationId a number". */
  readonly shape: string;
  /** Makes the request as the fixture's member `ana`. */
  readonly call: (adapter: ConversationsAdapter, context: MalformedInputContext) => Promise<unknown>;
  /** The refusal it must get: a `ValidationError` with this reason and field. */
  readonly reason: ValidationReason;
  readonly field: ErrorField;
  /**
   * The optional part the row belongs to (`CAPABILITY_OF` of its request, or the part of a
   * required request it uses): the row runs only when the adapter declares it.
   */
  readonly capability?: Capability;
}

function rows(
  request: AdapterRequest,
  what: string,
  reason: ValidationReason,
  field: ErrorField,
  cases: readonly Case[],
  call: (value: unknown, adapter: ConversationsAdapter, context: MalformedInputContext) => Promise<unknown>,
): MalformedInputRow[] {
  const capability = CAPABILITY_OF[request];
  return cases.map(([shape, value]) => ({
    request,
    shape: `${what} ${shape}`,
    reason,
    field,
    call: (adapter, context) => call(valueOf(value, context), adapter, context),
    ...(capability ? { capability } : {}),
  }));
}

/**
 * The portal's host operations of S16–S18 (`ConformanceBackend.blockMember`, `deleteMember`,
 * `setGroupReaders`; the admin API on a server) with each wrong shape, and the refusal.
 */
export interface MalformedHostInputRow {
  readonly operation: 'blockMember' | 'unblockMember' | 'deleteMember' | 'setGroupReaders';
  readonly shape: string;
  readonly call: (backend: ConformanceBackend) => Promise<unknown> | undefined;
  readonly reason: ValidationReason;
  readonly field: ErrorField;
}

const HOST_BAD_IDS = BAD_IDS.filter(([, id]) => typeof id === 'string');

export const MALFORMED_HOST_INPUTS: readonly MalformedHostInputRow[] = [
  ...HOST_BAD_IDS.map(([shape, id]): MalformedHostInputRow => ({
    operation: 'blockMember',
    shape: `member id ${shape}`,
    reason: 'bad-id',
    field: 'request',
    call: (b) => b.blockMember?.(id as string),
  })),
  ...HOST_BAD_IDS.map(([shape, id]): MalformedHostInputRow => ({
    operation: 'deleteMember',
    shape: `member id ${shape}`,
    reason: 'bad-id',
    field: 'request',
    call: (b) => b.deleteMember?.(id as string, {}),
  })),
  ...HOST_BAD_IDS.map(([shape, id]): MalformedHostInputRow => ({
    operation: 'setGroupReaders',
    shape: `group id ${shape}`,
    reason: 'bad-id',
    field: 'request',
    call: (b) => b.setGroupReaders?.(id as string, 'managers'),
  })),
  ...[
    ['"everyone"', 'everyone'],
    ['"Managers"', 'Managers'],
    ['empty', ''],
  ].map(([shape, readers]): MalformedHostInputRow => ({
    operation: 'setGroupReaders',
    shape: `readers ${shape}`,
    reason: 'bad-request',
    field: 'request',
    call: (b) => b.setGroupReaders?.('translators', readers as 'members'),
  })),
];

/** The table. Each row's request is refused; the scenario checks that nothing changed. */
export const MALFORMED_INPUTS: readonly MalformedInputRow[] = [
  // searchDirectory(query, { limit, kind })
  ...rows(
    'searchDirectory',
    'query',
    'bad-request',
    'request',
    [
      ['a number', 42],
      ['null', null],
      ['missing', undefined],
    ],
    (q, a) => a.searchDirectory(q as never),
  ),
  ...rows(
    'searchDirectory',
    'query',
    'malformed-text',
    'request',
    [
      ['holding a NUL', 'an\u0000a'],
      ['holding a lone surrogate', 'an\uDC00a'],
    ],
    (q, a) => a.searchDirectory(q as never),
  ),
  ...rows(
    'searchDirectory',
    'query',
    'too-long',
    'request',
    [
      ['of 201 characters', 'a'.repeat(201)],
      ['of 201 emoji', '😀'.repeat(201)],
    ],
    (q, a) => a.searchDirectory(q as never),
  ),
  ...rows('searchDirectory', 'limit', 'bad-limit', 'request', BAD_LIMITS, (limit, a) =>
    a.searchDirectory('a', { limit } as never),
  ),
  ...rows(
    'searchDirectory',
    'kind',
    'bad-request',
    'request',
    [
      ['"robot"', 'robot'],
      ['a number', 5],
      ['"Member"', 'Member'],
    ],
    (kind, a) => a.searchDirectory('a', { kind } as never),
  ),
  ...rows('searchDirectory', 'options', 'bad-request', 'request', [['null', null]], (options, a) =>
    a.searchDirectory('a', options as never),
  ),

  // getParty(ref)
  ...rows(
    'getParty',
    'reference',
    'bad-recipient',
    'recipients',
    [
      ['null', null],
      ['a text', 'bo'],
      ['of kind "robot"', { kind: 'robot', id: 'bo' }],
      ['without a kind', { id: 'bo' }],
    ],
    (ref, a) => a.getParty(ref as never),
  ),
  ...rows('getParty', 'member id', 'bad-recipient', 'recipients', BAD_IDS, (id, a) =>
    a.getParty({ kind: 'member', id } as never),
  ),

  // listConversations({ after, limit })
  ...rows('listConversations', 'after', 'bad-cursor', 'cursor', BAD_CURSORS, (after, a) =>
    a.listConversations({ after } as never),
  ),
  ...rows('listConversations', 'limit', 'bad-limit', 'request', BAD_LIMITS, (limit, a) =>
    a.listConversations({ limit } as never),
  ),
  ...rows('listConversations', 'options', 'bad-request', 'request', [['null', null]], (options, a) =>
    a.listConversations(options as never),
  ),
  // S18: listConversations({ group }), getUnreadSummary({ byGroup })
  ...rows(
    'listConversations',
    'group',
    'bad-id',
    'request',
    BAD_IDS.filter(([shape]) => shape !== 'missing'),
    (group, a) => a.listConversations({ group } as never),
  ),
  ...rows(
    'getUnreadSummary',
    'byGroup',
    'bad-request',
    'request',
    [
      ['a text', 'true'],
      ['a number', 1],
      ['null', null],
    ],
    (byGroup, a) => a.getUnreadSummary({ byGroup } as never),
  ),
  ...rows('getUnreadSummary', 'options', 'bad-request', 'request', [['null', null]], (options, a) =>
    a.getUnreadSummary(options as never),
  ),

  // getConversation(id), listMessages(id, { before, limit })
  ...rows('getConversation', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.getConversation(id as never)),
  ...rows('listMessages', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.listMessages(id as never)),
  ...rows('listMessages', 'before', 'bad-cursor', 'cursor', BAD_MESSAGE_CURSORS, (before, a, c) =>
    a.listMessages(c.conversationId, { before } as never),
  ),
  ...rows('listMessages', 'limit', 'bad-limit', 'request', BAD_LIMITS, (limit, a, c) =>
    a.listMessages(c.conversationId, { limit } as never),
  ),
  ...searchRows(
    rows('listMessages', 'after', 'bad-cursor', 'cursor', BAD_MESSAGE_CURSORS, (after, a, c) =>
      a.listMessages(c.conversationId, { after } as never),
    ),
  ),
  ...searchRows(
    rows(
      'listMessages',
      'around',
      'bad-id',
      'request',
      BAD_IDS.filter(([shape]) => shape !== 'missing'),
      (around, a, c) => a.listMessages(c.conversationId, { around } as never),
    ),
  ),
  ...searchRows(
    rows(
      'listMessages',
      'options',
      'bad-request',
      'request',
      [['naming both before and around', 'before']],
      (_, a, c) => a.listMessages(c.conversationId, { around: c.messageId, before: 'x' } as never),
    ),
  ),

  // startConversation({ recipients, body, asGroup, clientId })
  ...rows('startConversation', 'input', 'bad-request', 'request', REQUEST_OBJECTS, (input, a) =>
    a.startConversation(input as never),
  ),
  ...rows('startConversation', 'input', 'bad-request', 'request', [['with an unknown key', 1]], (extra, a) =>
    start(a, { extra }),
  ),
  ...rows('startConversation', 'clientId', 'bad-id', 'clientId', BAD_CLIENT_IDS, (clientId, a) =>
    start(a, { clientId }),
  ),
  ...rows(
    'startConversation',
    'asGroup',
    'bad-request',
    'asGroup',
    BAD_IDS.filter(([shape]) => shape !== 'missing'),
    (asGroup, a) => start(a, { asGroup }),
  ),
  ...rows(
    'startConversation',
    'recipients',
    'bad-recipient',
    'recipients',
    [
      ['missing', undefined],
      ['null', null],
      ['a text', 'bo'],
      ['an object', { kind: 'member', id: 'bo' }],
      ['holding a robot', [{ kind: 'robot', id: 'r2' }]],
      ['holding a member without an id', [{ kind: 'member' }]],
      ...BAD_IDS.map(([shape, id]): Case => [
        `holding a member whose id is ${shape}`,
        [{ kind: 'member', id }],
      ]),
    ],
    (recipients, a) => start(a, { recipients }),
  ),
  ...rows(
    'startConversation',
    'recipients',
    'no-recipients',
    'recipients',
    [['empty', []]],
    (recipients, a) => start(a, { recipients }),
  ),
  ...rows(
    'startConversation',
    'recipients',
    'self-only',
    'recipients',
    [['only oneself', [{ kind: 'member', id: 'ana' }]]],
    (recipients, a) => start(a, { recipients }),
  ),
  ...rows(
    'startConversation',
    'recipients',
    'too-many-recipients',
    'recipients',
    [
      [
        'of ten members',
        ['bo', 'cy', 'di', 'ed', 'fa', 'gu', 'hu', 'io', 'ju', 'ka'].map((id) => ({ kind: 'member', id })),
      ],
    ],
    (recipients, a) => start(a, { recipients }),
  ),
  ...rows('startConversation', 'body', 'empty', 'body', EMPTY_BODIES, (body, a) => start(a, { body })),
  ...rows('startConversation', 'body', 'malformed-text', 'body', MALFORMED_BODIES, (body, a) =>
    start(a, { body }),
  ),
  ...rows(
    'startConversation',
    'body',
    'too-long',
    'body',
    [['of 1,001 characters', 'x'.repeat(1001)]],
    (body, a) => start(a, { body }),
  ),

  // sendMessage({ conversationId, body, asGroup, clientId })
  ...rows('sendMessage', 'input', 'bad-request', 'request', REQUEST_OBJECTS, (input, a) =>
    a.sendMessage(input as never),
  ),
  ...rows('sendMessage', 'input', 'bad-request', 'request', [['with an unknown key', 1]], (extra, a, c) =>
    send(a, c, { extra }),
  ),
  ...rows('sendMessage', 'conversationId', 'bad-id', 'request', BAD_IDS, (conversationId, a, c) =>
    send(a, c, { conversationId }),
  ),
  ...rows('sendMessage', 'clientId', 'bad-id', 'clientId', BAD_CLIENT_IDS, (clientId, a, c) =>
    send(a, c, { clientId }),
  ),
  ...rows(
    'sendMessage',
    'asGroup',
    'bad-request',
    'asGroup',
    BAD_IDS.filter(([shape]) => shape !== 'missing'),
    (asGroup, a, c) => send(a, c, { asGroup }),
  ),
  ...rows('sendMessage', 'body', 'empty', 'body', EMPTY_BODIES, (body, a, c) => send(a, c, { body })),
  ...rows('sendMessage', 'body', 'malformed-text', 'body', MALFORMED_BODIES, (body, a, c) =>
    send(a, c, { body }),
  ),
  ...rows(
    'sendMessage',
    'body',
    'too-long',
    'body',
    [['of 1,001 characters', 'x'.repeat(1001)]],
    (body, a, c) => send(a, c, { body }),
  ),

  // markRead(id, upTo)
  ...rows('markRead', 'id', 'bad-id', 'request', BAD_IDS, (id, a, c) => a.markRead(id as never, c.messageId)),
  ...rows('markRead', 'upTo', 'bad-id', 'request', BAD_IDS, (upTo, a, c) =>
    a.markRead(c.conversationId, upTo as never),
  ),

  // updateSettings(patch)
  ...rows(
    'updateSettings',
    'patch',
    'bad-settings',
    'settings',
    [
      ['null', null],
      ['a text', 'on'],
      ['a list', []],
      ['with an unknown switch', { sms: true }],
      ['with a text for a switch', { email: 'no' }],
      ['with null for a switch', { email: null }],
      ['with a number for a switch', { inApp: 1 }],
      ['with a text for read receipts', { readReceipts: 'off' }],
      ['with null for read receipts', { readReceipts: null }],
      ['with acceptFrom "nobody"', { acceptFrom: 'nobody' }],
      ['with acceptFrom null', { acceptFrom: null }],
      ['with acceptFrom true', { acceptFrom: true }],
      ['with acceptFrom "Followed"', { acceptFrom: 'Followed' }],
      // S22
      ['with an email mode that is not one', { emailMode: 'weekly' }],
      ['with a switch for the email mode', { emailMode: true }],
    ],
    (patch, a) => a.updateSettings(patch as never),
  ),

  // blockMember(memberId), unblockMember(memberId) (S15)
  ...rows('blockMember', 'member id', 'bad-id', 'request', BAD_IDS, (id, a) => a.blockMember!(id as never)),
  ...rows('blockMember', 'member id', 'bad-request', 'request', [['the viewer’s own', 'ana']], (id, a) =>
    a.blockMember!(id as never),
  ),
  ...rows('unblockMember', 'member id', 'bad-id', 'request', BAD_IDS, (id, a) =>
    a.unblockMember!(id as never),
  ),

  // report({ target, reason })
  ...rows(
    'report',
    'input',
    'bad-report',
    'request',
    [...REQUEST_OBJECTS, ['missing', undefined]],
    (input, a) => a.report(input as never),
  ),
  ...rows('report', 'input', 'bad-report', 'request', [['with an unknown key', 1]], (extra, a, c) =>
    report(a, c, { extra }),
  ),
  ...rows(
    'report',
    'target',
    'bad-report',
    'request',
    [
      ['missing', undefined],
      ['null', null],
      [
        'of kind "everything"',
        (c: MalformedInputContext) => ({ kind: 'everything', conversationId: c.conversationId }),
      ],
      ['without a conversation id', { kind: 'conversation' }],
      [
        'of a message without its id',
        (c: MalformedInputContext) => ({ kind: 'message', conversationId: c.conversationId }),
      ],
      ...BAD_IDS.filter(([shape]) => shape !== 'missing').map(([shape, id]): Case => [
        `whose conversationId is ${shape}`,
        { kind: 'conversation', conversationId: id },
      ]),
      ...BAD_IDS.filter(([shape]) => shape !== 'missing').map(([shape, id]): Case => [
        `whose messageId is ${shape}`,
        (c: MalformedInputContext) => ({ kind: 'message', conversationId: c.conversationId, messageId: id }),
      ]),
    ],
    (target, a, c) => report(a, c, { target }),
  ),
  ...rows(
    'report',
    'reason',
    'bad-report',
    'reason',
    [
      ['missing', undefined],
      ['a number', 42],
      ['empty', ''],
      ['white space', ' \n '],
      ['only zero-width spaces and direction marks', '\u200B\u200E\u200F'],
    ],
    (reason, a, c) => report(a, c, { reason }),
  ),
  ...rows(
    'report',
    'reason',
    'malformed-text',
    'reason',
    [
      ['holding a NUL', 'Spam\u0000'],
      ['holding a lone surrogate', 'Spam \uD800'],
    ],
    (reason, a, c) => report(a, c, { reason }),
  ),
  ...rows(
    'report',
    'reason',
    'too-long',
    'reason',
    [['of 1,001 characters', 'x'.repeat(1001)]],
    (reason, a, c) => report(a, c, { reason }),
  ),

  // editMessage, deleteMessage, react (S25, S26)
  ...MESSAGE_CHANGE_INPUTS,

  // S27–S29, S31: the optional requests of presence, each naming a conversation.
  ...rows('getSeenBy', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.getSeenBy!(id as never)),
  ...rows('sendTyping', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.sendTyping!(id as never)),
  ...rows('setMuted', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.setMuted!(id as never, true)),
  ...rows(
    'setMuted',
    'muted',
    'bad-request',
    'request',
    [
      ['missing', undefined],
      ['null', null],
      ['a text', 'yes'],
      ['a number', 1],
    ],
    (muted, a, c) => a.setMuted!(c.conversationId, muted as never),
  ),
  ...rows('leaveConversation', 'id', 'bad-id', 'request', BAD_IDS, (id, a) =>
    a.leaveConversation!(id as never),
  ),
  ...rows('markUnread', 'id', 'bad-id', 'request', BAD_IDS, (id, a) => a.markUnread!(id as never)),
  // searchConversations(query, { limit }) (S30): an optional part, walked where declared.
  ...searchRows([
    ...rows(
      'searchConversations',
      'query',
      'bad-request',
      'request',
      [
        ['a number', 42],
        ['null', null],
        ['missing', undefined],
      ],
      (q, a) => searchConversations(a, q),
    ),
    ...rows(
      'searchConversations',
      'query',
      'empty',
      'request',
      [
        ['empty', ''],
        ['of spaces', '   '],
        ['of invisible characters only', '\u200B\u200D'],
        ['of punctuation only', '?!…'],
      ],
      (q, a) => searchConversations(a, q),
    ),
    ...rows(
      'searchConversations',
      'query',
      'malformed-text',
      'request',
      [
        ['holding a NUL', 'an\u0000a'],
        ['holding a lone surrogate', 'an\uDC00a'],
      ],
      (q, a) => searchConversations(a, q),
    ),
    ...rows(
      'searchConversations',
      'query',
      'too-long',
      'request',
      [
        ['of 201 characters', 'a'.repeat(201)],
        ['of 201 emoji', '😀'.repeat(201)],
      ],
      (q, a) => searchConversations(a, q),
    ),
    ...rows('searchConversations', 'limit', 'bad-limit', 'request', BAD_LIMITS, (limit, a) =>
      searchConversations(a, 'hello', { limit }),
    ),
    ...rows('searchConversations', 'options', 'bad-request', 'request', [['null', null]], (options, a) =>
      searchConversations(a, 'hello', options),
    ),
  ]),
];

/** Rows that use the `'search'` part (S30): `listMessages` around a hit, and the search itself. */
function searchRows(list: readonly MalformedInputRow[]): MalformedInputRow[] {
  return list.map((row) => ({ ...row, capability: 'search' }));
}

function searchConversations(
  adapter: ConversationsAdapter,
  query: unknown,
  options?: unknown,
): Promise<unknown> {
  if (!adapter.searchConversations) throw new TypeError('This adapter does not search conversations.');
  return adapter.searchConversations(query as never, options as never);
}
