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
