/**
 * Opaque page cursors. Adapters put whatever position they need in one; callers only hand it
 * back. A cursor that does not decode is refused as `bad-cursor`, never half-trusted.
 */
import { ValidationError } from './errors.js';

function badCursor(): ValidationError {
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
 * item of `shape`, each of that type.
 */
export function decodeCursor<const S extends readonly ('string' | 'number')[]>(
  cursor: unknown,
  shape: S,
): { -readonly [K in keyof S]: S[K] extends 'string' ? string : number } {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 512) throw badCursor();
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
    !position.every(
      (value, i) => typeof value === shape[i] && (typeof value !== 'number' || Number.isFinite(value)),
    )
  ) {
    throw badCursor();
  }
  return position as never;
}
