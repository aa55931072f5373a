/**
 * What the request parsers (`requests.ts`, `change-requests.ts`, `search.ts`) share: the one
 * refusal they throw, and reading a request object's keys and options.
 */
import { ValidationError, type ErrorField, type ValidationReason } from './errors.js';
import { isRecord } from './text.js';

export function refusal(
  reason: ValidationReason,
  message: string,
  field: ErrorField = 'request',
): ValidationError {
  return new ValidationError(reason, message, { field });
}

/** The keys of a request object whose value is not `undefined`. */
export function presentKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

export function onlyKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  error: () => ValidationError,
): void {
  if (presentKeys(value).some((key) => !allowed.includes(key))) throw error();
}

/** Options of a request (`{ limit, kind, signal, … }`): absent, or an object. */
export function optionsRecord(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isRecord(options)) throw refusal('bad-request', 'The request options must be an object.');
  return options;
}
