import { LIMITS } from './limits.js';
import { codePointLength, isWellFormedText } from './text.js';

/**
 * Ids made on the client: random and URL-safe, accepted by `assertClientId`.
 * `crypto.randomUUID` exists only in secure contexts; a portal tried out over plain http on a
 * LAN address is not one, so fall back to `getRandomValues`, which exists everywhere.
 */
export function createClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const CONTROL = /\p{Cc}/u;

/**
 * An id as every backend can store and find it: text of 1 to `LIMITS.maxIdLength` code points,
 * no surrounding white space (" ana" and "ana" would be two members to a database and one to a
 * reader), no control character (NUL included), no lone surrogate, and not `.` or `..` (as a
 * segment of a URL's path those mean "here" and "up": no HTTP request could name them).
 */
export function isValidId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.trim() === value &&
    value !== '.' &&
    value !== '..' &&
    !CONTROL.test(value) &&
    isWellFormedText(value) &&
    codePointLength(value) <= LIMITS.maxIdLength
  );
}
