/**
 * Searching one's conversations (S30): the request's rule, what a match is, and where the match
 * sits in a text, so that every backend finds the same messages and every element highlights the
 * same words.
 *
 * A query is folded (`foldForSearch`) and cut into words: runs of letters and digits. A message
 * matches when every word of the query begins a word of the message ("ana tr" finds "Ana's
 * translation"); a conversation matches by name when the folded query is inside the folded name
 * of one of its participants, as `searchDirectory` matches names.
 */
import { ValidationError } from './errors.js';
import { LIMITS } from './limits.js';
import { resolvePageLimit } from './policy.js';
import { assertSearchText } from './requests.js';
import { foldForSearch, isRecord } from './text.js';
import type { Conversation, Message } from './types.js';

/** Words of a folded text: runs of letters and digits (marks are gone after folding). */
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/**
 * The distinct words of a text, folded: what the local backend indexes for each message and what
 * a query is cut into.
 */
export function searchWords(text: string): string[] {
  return [...new Set(foldForSearch(text).split(NOT_WORD).filter(Boolean))];
}

export interface ConversationSearchRequest {
  /** The query, trimmed. */
  readonly query: string;
  /** `foldForSearch(query)`: what participant names are matched against. */
  readonly folded: string;
  /** `searchWords(query)`, at least one: what message text is matched against. */
  readonly words: readonly string[];
  /** At most this many conversations by name, and as many messages by text. */
  readonly limit: number;
}

function refusal(reason: 'bad-request' | 'malformed-text' | 'empty', message: string): ValidationError {
  return new ValidationError(reason, message, { field: 'request' });
}

/**
 * `searchConversations(query, { limit })`. Not text → `bad-request`; a NUL or lone surrogate →
 * `malformed-text`; over `LIMITS.maxQueryLength` → `too-long`; nothing to look for (blank, or
 * only punctuation) → `empty`; a bad limit → `bad-limit`.
 */
export function parseConversationSearchRequest(query: unknown, options?: unknown): ConversationSearchRequest {
  assertSearchText(query);
  if (options !== undefined && !isRecord(options)) {
    throw refusal('bad-request', 'The request options must be an object.');
  }
  const limit = resolvePageLimit(options?.limit, LIMITS.defaultSearchLimit);
  const trimmed = query.trim();
  const words = searchWords(trimmed);
  if (words.length === 0) throw refusal('empty', 'Type a name or a word to search for.');
  return { query: trimmed, folded: foldForSearch(trimmed), words, limit };
}

/** True when every word of the query begins one of the text's words (both from `searchWords`). */
export function wordsMatch(queryWords: readonly string[], textWords: readonly string[]): boolean {
  return queryWords.every((word) => textWords.some((candidate) => candidate.startsWith(word)));
}

/**
 * The positions (1 = a conversation's first message, `last` its newest) of the page of `limit`
 * messages around the one at `position`: as many older as newer where the conversation allows,
 * so a jump from a search result shows the message with what led to it and what followed.
 */
export function pageAround(position: number, last: number, limit: number): [oldest: number, newest: number] {
  const newest = Math.min(last, position + Math.floor(limit / 2));
  const oldest = Math.max(1, newest - limit + 1);
  return [oldest, Math.min(last, oldest + limit - 1)];
}

/** A message the search found, with the conversation it is in. */
export interface MessageSearchHit {
  readonly conversation: Conversation;
  readonly message: Message;
}

export interface ConversationSearchResults {
  /** Conversations with a participant whose name matches, newest activity first. */
  readonly conversations: readonly Conversation[];
  /** Messages whose text matches, newest first. */
  readonly messages: readonly MessageSearchHit[];
}
