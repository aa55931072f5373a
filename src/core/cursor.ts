/**
 * Opaque page cursors. Adapters put whatever position they need in one; callers only hand it
 * back. A cursor that does not decode is refused as `bad-cursor`, never half-trusted.
 */
import { ValidationError } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * What one entry of a cursor's position may be:
 * - `'string'`: any text (it goes back to the backend that made it, never into a column);
 * - `'number'`: a safe whole number (a time in milliseconds): `[1.5]` and `[1e20]` are refused;
 * - `'int32'`: a whole number from 0 to 2,147,483,647, what a PostgreSQL `integer` column holds
 *   (a sequence number): `[1.5]`, `[1e20]`, `[-1]` and `[2147483648]` are refused.
 * A refused cursor is `bad-cursor`.
 */
export type CursorEntryKind = 'string' | 'number' | 'int32';

function isEntry(value: unknown, kind: CursorEntryKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'int32':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= LIMITS.maxInt32;
  }
}

/** The refusal of any cursor that is not one this backend made: `bad-cursor`, field `cursor`. */
export function badCursor(): ValidationError {
  return new ValidationError('bad-cursor', 'That page link is no longer valid; reload the list.', {
    field: 'cursor',
  });
}

export function encodeCursor(position: readonly (string | number)[]): string {
  const json = JSON.stringify(position);
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes a cursor made by `encodeCursor` and checks it has the expected shape: one entry per
 * item of `shape`, each of that kind (see `CursorEntryKind`).
 */
export function decodeCursor<const S extends readonly CursorEntryKind[]>(
  cursor: unknown,
  shape: S,
): { -readonly [K in keyof S]: S[K] extends 'string' ? string : number } {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > LIMITS.maxCursorLength) {
    throw badCursor();
  }
  let position: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    position = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(position) ||
    position.length !== shape.length ||
    !position.every((value, i) => isEntry(value, shape[i]!))
  ) {
    throw badCursor();
  }
  return position as never;
}
