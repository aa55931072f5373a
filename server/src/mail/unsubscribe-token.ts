/**
 * S22: the token of an email's unsubscribe link. It names its one purpose, the member and the
 * space, signed with HMAC-SHA256 and the server's link secret, so it can do nothing but switch
 * that member's emails off, and cannot be made or altered without the secret. It does not
 * expire: an old email's link still works, and using it twice is using it once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../../../src/core/index.js';

const PURPOSE = 'unsubscribe-email';

export interface UnsubscribeSubject {
  readonly space: string;
  readonly memberId: string;
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\0${payload}`).digest();
}

export function unsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  const payload = Buffer.from(JSON.stringify({ p: PURPOSE, s: subject.space, m: subject.memberId })).toString(
    'base64url',
  );
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** What a token names, or undefined when it is not one this server signed for this purpose. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeSubject | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (
    !isRecord(parsed) ||
    parsed.p !== PURPOSE ||
    typeof parsed.s !== 'string' ||
    typeof parsed.m !== 'string'
  ) {
    return undefined;
  }
  return { space: parsed.s, memberId: parsed.m };
}
