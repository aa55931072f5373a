/**
 * The calls of `HttpAdapter` that a portal's first view (the envelope, the list and an open
 * thread) never makes: sending, starting, searching, the directory search, changing a message,
 * muting, leaving, blocking and unblocking, reporting, settings and export. (The open thread does
 * ask for its members' parties and the blocked list, S14, S15: those stay in the adapter.) `http-adapter.ts` loads this module on the
 * first of them, so the first view's script does not carry their code. Each takes the adapter's
 * `send` (its authenticated request, with its retries and error mapping) and works as it did when
 * it was a method: the same path, body and refusals.
 */
import type {
  EditMessageInput,
  MessageInput,
  ReactionInput,
  ReportInput,
  RequestOptions,
  SearchConversationsOptions,
  SearchOptions,
  SendMessageInput,
  StartConversationInput,
  StartConversationResult,
} from '../../adapter/adapter.js';
import { parseBlockRequest } from '../../core/acceptance.js';
import type { Policy } from '../../core/policy.js';
import { parseMuteRequest, parseSendRequest } from '../../core/change-requests.js';
import {
  parseConversationSearchRequest,
  parseSearchRequest,
  type ConversationSearchResults,
} from '../../core/search.js';
import { isRecord, isWellFormedText } from '../../core/text.js';
import type {
  Conversation,
  ConversationId,
  MemberId,
  Message,
  NotificationSettings,
  Party,
} from '../../core/types.js';
import { conversationPath, limitParam, optionsOf, pathSegment, queryText, type Send } from './encode.js';

/** `/v1/blocks/<id>`; an id no path can carry is refused as the rulebook does (`bad-id`). */
function blockPath(id: unknown): string {
  return `/v1/blocks/${pathSegment(id, (value) => parseBlockRequest(value, ''))}`;
}

/**
 * The rulebook's parsers of S25 and S26, loaded only to refuse a request that cannot even be put
 * in a URL (a well-formed one is the server's to judge), so a page that never edits carries none.
 */
async function refuse(request: 'edit' | 'ref' | 'reaction', input: unknown, policy?: Policy): Promise<never> {
  const rules = await import('../../core/message-changes.js');
  if (request === 'edit') rules.parseEditRequest(input, policy);
  else if (request === 'ref') rules.parseMessageRef(input);
  else rules.parseReactionRequest(input, policy);
  // Every shape the adapter cannot send is one the rulebook refuses; this is not reached.
  throw rules.badReaction();
}

/** Present keys other than the request's own. */
function extraKeys(input: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(input).some((key) => input[key] !== undefined && !keys.includes(key));
}

const MESSAGE_REF = ['conversationId', 'messageId'];

/** Text a URL path segment can carry as it is (as `pathSegment` of ./encode.ts decides). */
function fitsPath(value: unknown): value is string {
  return (
    typeof value === 'string' && value !== '' && value !== '.' && value !== '..' && isWellFormedText(value)
  );
}

/** `/v1/conversations/<id>/messages/<id>`, or the rulebook's refusal of an id a path cannot hold. */
async function messagePath(
  conversationId: unknown,
  messageId: unknown,
  refused: () => Promise<never>,
): Promise<string> {
  if (!fitsPath(conversationId) || !fitsPath(messageId)) return refused();
  return `/v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}`;
}

export async function searchDirectory(
  send: Send,
  query: string,
  options?: SearchOptions,
): Promise<readonly Party[]> {
  const q = queryText(query, (value) => parseSearchRequest(value).query);
  const { limit, kind, signal } = optionsOf(options, (value) => parseSearchRequest(q, value));
  const { items } = await send<{ items: Party[] }>('GET', '/v1/directory', {
    query: { q, limit: limitParam(limit), kind: kind === undefined ? undefined : String(kind) },
    signal,
  });
  return items;
}

export async function searchConversations(
  send: Send,
  query: string,
  options?: SearchConversationsOptions,
): Promise<ConversationSearchResults> {
  const q = queryText(query, (value) => parseConversationSearchRequest(value).query);
  const { limit, signal } = optionsOf(options, (value) => parseConversationSearchRequest(q, value));
  return send('GET', '/v1/search', { query: { q, limit: limitParam(limit) }, signal });
}

export function startConversation(
  send: Send,
  input: StartConversationInput,
  options: RequestOptions = {},
): Promise<StartConversationResult> {
  return send('POST', '/v1/conversations', { body: input, signal: options.signal });
}

export async function sendMessage(
  send: Send,
  input: SendMessageInput,
  options: RequestOptions = {},
): Promise<Message> {
  // The conversation id goes in the path: the rest of the request is the body, as given.
  if (!isRecord(input)) parseSendRequest(input); // throws the rulebook's refusal of a non-object
  const { conversationId, ...body } = input;
  return send('POST', `${conversationPath(conversationId)}/messages`, { body, signal: options.signal });
}

export async function sendTyping(
  send: Send,
  id: ConversationId,
  options: RequestOptions = {},
): Promise<void> {
  return send('POST', `${conversationPath(id)}/typing`, options);
}

export async function setMuted(
  send: Send,
  id: ConversationId,
  muted: boolean,
  options: RequestOptions = {},
): Promise<Conversation> {
  const request = parseMuteRequest(id, muted);
  return send('PUT', `${conversationPath(request.conversationId)}/mute`, {
    body: { muted: request.muted },
    signal: options.signal,
  });
}

export async function markUnread(
  send: Send,
  id: ConversationId,
  options: RequestOptions = {},
): Promise<Conversation> {
  return send('PUT', `${conversationPath(id)}/unread`, options);
}

export async function leaveConversation(
  send: Send,
  id: ConversationId,
  options: RequestOptions = {},
): Promise<void> {
  return send('POST', `${conversationPath(id)}/leave`, options);
}

export async function editMessage(
  send: Send,
  input: EditMessageInput,
  options: RequestOptions = {},
): Promise<Message> {
  // The ids go in the path, checked as the rulebook checks them; the body is the server's to judge.
  if (!isRecord(input)) return refuse('edit', input);
  const { conversationId, messageId, ...body } = input;
  const path = await messagePath(conversationId, messageId, () => refuse('edit', input));
  return send('PATCH', path, { body, signal: options.signal });
}

export async function deleteMessage(
  send: Send,
  input: MessageInput,
  options: RequestOptions = {},
): Promise<Message> {
  if (!isRecord(input) || extraKeys(input, MESSAGE_REF)) return refuse('ref', input);
  const path = await messagePath(input.conversationId, input.messageId, () => refuse('ref', input));
  return send('DELETE', path, options);
}

export async function react(
  send: Send,
  input: ReactionInput,
  options: RequestOptions = {},
): Promise<Message> {
  // The emoji and on/off pick the path and the method: checked here, the set is the server's.
  const { emoji, on } = isRecord(input) ? input : ({} as Partial<ReactionInput>);
  if (!isRecord(input) || typeof on !== 'boolean' || extraKeys(input, [...MESSAGE_REF, 'emoji', 'on'])) {
    return refuse('reaction', input);
  }
  const base = await messagePath(input.conversationId, input.messageId, () => refuse('reaction', input));
  if (!fitsPath(emoji)) return refuse('reaction', input);
  return send(on ? 'PUT' : 'DELETE', `${base}/reactions/${encodeURIComponent(emoji)}`, options);
}

export function getSettings(send: Send, options: RequestOptions = {}): Promise<NotificationSettings> {
  return send('GET', '/v1/settings', options);
}

export function updateSettings(
  send: Send,
  patch: Partial<NotificationSettings>,
  options: RequestOptions = {},
): Promise<NotificationSettings> {
  return send('PATCH', '/v1/settings', { body: patch, signal: options.signal });
}

export function report(
  send: Send,
  input: ReportInput,
  options: RequestOptions = {},
): Promise<{ readonly id: string }> {
  return send('POST', '/v1/reports', { body: input, signal: options.signal });
}

/** S15: `PUT /v1/blocks/{memberId}`. */
export async function blockMember(
  send: Send,
  memberId: MemberId,
  options: RequestOptions = {},
): Promise<void> {
  await send('PUT', blockPath(memberId), options);
}

/** S15: `DELETE /v1/blocks/{memberId}`. */
export async function unblockMember(
  send: Send,
  memberId: MemberId,
  options: RequestOptions = {},
): Promise<void> {
  await send('DELETE', blockPath(memberId), options);
}

/** S21: `GET /v1/export`, read to its end (a cut stream is a failed download, not a file). */
export function exportData(send: Send, options: RequestOptions = {}): Promise<Blob> {
  return send('GET', '/v1/export', { signal: options.signal, as: 'blob' });
}
