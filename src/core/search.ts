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
import { optionsRecord, refusal } from './request-parts.js';
import { codePointLength, foldForSearch, isStorableText } from './text.js';
import type { Conversation, Message, PartyKind } from './types.js';

export interface SearchRequest {
  /** The query, trimmed. */
  readonly query: string;
  /** `foldForSearch(query)`: what to look for in folded names. */
  readonly folded: string;
  readonly limit: number;
  readonly kind?: PartyKind;
}

/**
 * The text of a search, of the directory or of one's conversations: text (`bad-request`), with
 * no NUL or lone surrogate (`malformed-text`), of at most `LIMITS.maxQueryLength` characters
 * (`too-long`).
 */
export function assertSearchText(query: unknown): asserts query is string {
  if (typeof query !== 'string') throw refusal('bad-request', 'A search is a text.');
  if (!isStorableText(query)) {
    throw refusal('malformed-text', 'The search contains characters that cannot be searched for.');
  }
  const length = codePointLength(query);
  if (length > LIMITS.maxQueryLength) {
    throw new ValidationError('too-long', `A search holds at most ${LIMITS.maxQueryLength} characters.`, {
      field: 'request',
      limit: LIMITS.maxQueryLength,
      actual: length,
    });
  }
}

/**
 * `searchDirectory(query, { limit, kind })`. Not text → `bad-request`; a NUL or lone surrogate →
 * `malformed-text`; over `LIMITS.maxQueryLength` → `too-long`; a bad limit → `bad-limit`; a kind
 * other than member or group → `bad-request`.
 */
export function parseSearchRequest(query: unknown, options?: unknown): SearchRequest {
  assertSearchText(query);
  const { limit, kind } = optionsRecord(options);
  const resolved = resolvePageLimit(limit, LIMITS.defaultSearchLimit);
  if (kind !== undefined && kind !== 'member' && kind !== 'group') {
    throw refusal('bad-request', 'Search for "member" or "group", or leave the kind out.');
  }
  const trimmed = query.trim();
  return { query: trimmed, folded: foldForSearch(trimmed), limit: resolved, ...(kind ? { kind } : {}) };
}

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

/**
 * `searchConversations(query, { limit })`. Not text → `bad-request`; a NUL or lone surrogate →
 * `malformed-text`; over `LIMITS.maxQueryLength` → `too-long`; nothing to look for (blank, or
 * only punctuation) → `empty`; a bad limit → `bad-limit`.
 */
export function parseConversationSearchRequest(query: unknown, options?: unknown): ConversationSearchRequest {
  assertSearchText(query);
  const limit = resolvePageLimit(optionsRecord(options).limit, LIMITS.defaultSearchLimit);
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
