/**
 * The wrong values the malformed-input table (`./malformed-inputs.ts`) sends, by kind of field:
 * ids, page sizes, cursors, client ids, message bodies. Each is a value or a function of the
 * row's context (for a cursor that names the real conversation).
 */
import { encodeCursor } from '../../core/cursor.js';
import type { ConversationsAdapter } from '../adapter.js';
import { newClientId } from './fixture.js';

/** What each row may use: a conversation of the viewer and its first message, both real. */
export interface MalformedInputContext {
  readonly conversationId: string;
  readonly messageId: string;
}

export type CaseValue = unknown | ((context: MalformedInputContext) => unknown);
export type Case = readonly [shape: string, value: CaseValue];

export function valueOf(value: CaseValue, context: MalformedInputContext): unknown {
  return typeof value === 'function'
    ? (value as (context: MalformedInputContext) => unknown)(context)
    : value;
}

export const BAD_IDS: readonly Case[] = [
  ['a number', 42],
  ['null', null],
  ['missing', undefined],
  ['empty', ''],
  ['with surrounding spaces', ' id-1 '],
  ['holding a NUL', 'id\u0000one'],
  ['holding a control character', 'id\u0007one'],
  ['holding a lone surrogate', 'id\uD800one'],
  ['of 201 characters', 'x'.repeat(201)],
  ['of 201 emoji', '😀'.repeat(201)],
  ['"..", a path segment meaning "up"', '..'],
];

export const BAD_LIMITS: readonly Case[] = [
  ['0', 0],
  ['101', 101],
  ['-1', -1],
  ['2.5', 2.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['1e21', 1e21],
  ['the text "20"', '20'],
  ['the text "0x10"', '0x10'],
  ['null', null],
];

export const BAD_CURSORS: readonly Case[] = [
  ['a number', 42],
  ['null', null],
  ['empty', ''],
  ['not base64', 'not a cursor!'],
  ['of 600 characters', 'x'.repeat(600)],
  ['holding [1.5]', encodeCursor([1.5])],
  ['holding [1e20]', encodeCursor([1e20])],
  ['holding [2147483648]', encodeCursor([2147483648])],
  ['holding [-1]', encodeCursor([-1])],
  ['holding ["x"]', encodeCursor(['x'])],
  ['holding [1.5, "c"]', encodeCursor([1.5, 'c'])],
  ['holding [1e20, "c"]', encodeCursor([1e20, 'c'])],
];

export const BAD_MESSAGE_CURSORS: readonly Case[] = [
  ...BAD_CURSORS,
  ['holding [conversation, 1.5]', (c: MalformedInputContext) => encodeCursor([c.conversationId, 1.5])],
  [
    'holding [conversation, 2147483648]',
    (c: MalformedInputContext) => encodeCursor([c.conversationId, 2147483648]),
  ],
];

export const BAD_CLIENT_IDS: readonly Case[] = [
  ['missing', undefined],
  ['a number', 12345678],
  ['too short', 'short'],
  ['with spaces', 'has spaces in it'],
  ['of 65 characters', 'x'.repeat(65)],
  ['holding a NUL', 'abcdefgh\u0000'],
  ['with an accent', 'abcdéfgh'],
];

/** Bodies that are empty: not text, blank, or only invisible characters. */
export const EMPTY_BODIES: readonly Case[] = [
  ['missing', undefined],
  ['a number', 42],
  ['null', null],
  ['empty', ''],
  ['white space', ' \n\t\u00A0\u3000 '],
  ['only zero-width spaces and joiners', '\u200B\u200C\u200D\u2060'],
  ['only direction marks and isolates', ' \u200E\u200F\u202A\u202C\u2066\u2069 '],
  ['only a soft hyphen, a byte-order mark and a variation selector', '\u00AD\uFEFF\uFE0F'],
  ['only Hangul fillers', '\u3164\u115F'],
  ['only a blank Braille pattern', '\u2800\u2800'],
];

export const MALFORMED_BODIES: readonly Case[] = [
  ['holding a NUL', 'Hello\u0000there'],
  ['only a NUL', '\u0000'],
  ['holding a lone surrogate', 'half \uD83D here'],
];

export const REQUEST_OBJECTS: readonly Case[] = [
  ['null', null],
  ['a text', 'hello'],
  ['a list', []],
];

/** The table. Each row's request is refused; the scenario checks that nothing changed. */

/* Requests that are right but for the fields a row overrides. */

export function start(adapter: ConversationsAdapter, input: Record<string, unknown>): Promise<unknown> {
  return adapter.startConversation({
    recipients: [{ kind: 'member', id: 'cy' }],
    body: 'Hello',
    clientId: newClientId(),
    ...input,
  } as never);
}

export function send(
  adapter: ConversationsAdapter,
  context: MalformedInputContext,
  input: Record<string, unknown>,
): Promise<unknown> {
  return adapter.sendMessage({
    conversationId: context.conversationId,
    body: 'Hello',
    clientId: newClientId(),
    ...input,
  } as never);
}

export function report(
  adapter: ConversationsAdapter,
  context: MalformedInputContext,
  input: Record<string, unknown>,
): Promise<unknown> {
  return adapter.report({
    target: { kind: 'conversation', conversationId: context.conversationId },
    reason: 'Spam',
    ...input,
  } as never);
}
