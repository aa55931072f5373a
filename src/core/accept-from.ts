/**
 * The values of a member's `acceptFrom` setting (S15): who may write to them. The rule that
 * applies it is in `acceptance.ts`.
 */
import type { AcceptFrom, NotificationSettings } from './types.js';

export const ACCEPT_FROM: readonly AcceptFrom[] = Object.freeze(['anyone', 'followed']);

export function isAcceptFrom(value: unknown): value is AcceptFrom {
  return value === 'anyone' || value === 'followed';
}

/** The setting as stored or sent: `'anyone'` when absent. */
export function acceptFromOf(settings: Pick<NotificationSettings, 'acceptFrom'> | undefined): AcceptFrom {
  return settings?.acceptFrom ?? 'anyone';
}
