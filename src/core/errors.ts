/**
 * Typed errors shared by every layer. An adapter throws these; the client tells a retry
 * (`unavailable`, `rate-limited`) from a refusal (`validation`, `forbidden`, `not-found`,
 * `conflict`) by `code`. `internal` is neither: an unexpected fault of the backend, which a client
 * may try again a bounded number of times but must not queue behind forever.
 *
 * "Not a participant" and "does not exist" are both `NotFoundError`, on purpose: an outsider must
 * not learn that a conversation exists (S5).
 */
import {
  ConvError,
  UnavailableError,
  type ErrorCode,
  type ErrorField,
  type ErrorPayload,
} from './error-base.js';

export * from './error-base.js';

/** Every code, for checking a payload that came over the wire. */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze([
  'validation',
  'not-found',
  'forbidden',
  'conflict',
  'rate-limited',
  'unavailable',
  'internal',
]);

/**
 * The HTTP status of each code: one table for the server that answers and the HTTP adapter that
 * reads the answer (a body it cannot read is mapped back through `codeOfHttpStatus`).
 */
export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = Object.freeze({
  validation: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
});

/**
 * The code an HTTP error status stands for when its body says nothing readable: 401 and 403 are
 * refusals, other 4xx are bad requests, 500 is a fault of the server, any other 5xx unavailable.
 */
export function codeOfHttpStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status === 500) return 'internal';
  if (status >= 400 && status < 500) return 'validation';
  return 'unavailable';
}

/** Why a request was refused as invalid. A UI shows its own text for each reason. */
export type ValidationReason =
  | 'empty'
  | 'too-long'
  | 'too-large'
  | 'malformed-text'
  | 'no-recipients'
  | 'too-many-recipients'
  | 'self-only'
  | 'unknown-recipient'
  | 'bad-recipient'
  | 'bad-cursor'
  | 'bad-limit'
  | 'bad-id'
  | 'bad-settings'
  | 'bad-report'
  | 'bad-request'
  /** S26: not one of the portal's reactions. */
  | 'bad-reaction';

export type ForbiddenReason =
  | 'not-group-manager'
  | 'not-allowed'
  /** S14, S15: a recipient does not accept messages from the sender (a block reads the same). */
  | 'not-accepting'
  /** S16, S17: a recipient the portal blocked or deleted (field `recipients`, naming them). */
  | 'recipient-unavailable'
  /** S25: the policy's edit window has passed for this message. */
  | 'edit-window-closed';

export interface ValidationDetails {
  readonly field: ErrorField;
  readonly limit?: number;
  readonly actual?: number;
}

export class ValidationError extends ConvError {
  readonly code = 'validation' as const;
  override readonly name = 'ValidationError';
  readonly field: ErrorField;
  readonly limit?: number;
  readonly actual?: number;
  constructor(
    readonly reason: ValidationReason,
    message: string,
    details: ValidationDetails,
  ) {
    super(message);
    this.field = details.field;
    this.limit = details.limit;
    this.actual = details.actual;
  }
  override toJSON(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      reason: this.reason,
      field: this.field,
      ...(this.limit === undefined ? {} : { limit: this.limit }),
      ...(this.actual === undefined ? {} : { actual: this.actual }),
    };
  }
}

export class NotFoundError extends ConvError {
  readonly code = 'not-found' as const;
  override readonly name = 'NotFoundError';
  constructor(message = 'Not found.') {
    super(message);
  }
}

export class ForbiddenError extends ConvError {
  readonly code = 'forbidden' as const;
  override readonly name = 'ForbiddenError';
  constructor(
    readonly reason: ForbiddenReason,
    message: string,
    readonly field: ErrorField = 'request',
    /** The members a `not-accepting` refusal names. */
    readonly members?: readonly string[],
  ) {
    super(message);
  }
  override toJSON(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      reason: this.reason,
      field: this.field,
      ...(this.members === undefined ? {} : { members: [...this.members] }),
    };
  }
}

export class RateLimitedError extends ConvError {
  readonly code = 'rate-limited' as const;
  override readonly name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    message = 'Too many requests; try again later.',
  ) {
    super(message);
  }
  override toJSON(): ErrorPayload {
    return { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

/**
 * The request cannot be done because of what is already stored: a client id already used for a
 * message in another conversation (a retry must repeat the request it retries, not another one).
 * Never retried: the same request meets the same state.
 */
export class ConflictError extends ConvError {
  readonly code = 'conflict' as const;
  override readonly name = 'ConflictError';
  constructor(message = 'This request id was already used for another request.') {
    super(message);
  }
}

/**
 * An unexpected fault of the backend (HTTP 500): a bug or a deterministic failure, not an outage.
 * Not `retryable` (the same request may well fail the same way again); a client may try it again
 * a bounded number of times, then show it as failed.
 */
export class InternalError extends ConvError {
  readonly code = 'internal' as const;
  override readonly name = 'InternalError';
  constructor(message = 'The conversation service failed unexpectedly.') {
    super(message);
  }
}

export function isConvError(value: unknown): value is ConvError {
  return value instanceof ConvError;
}

/** Rebuilds a typed error from its plain-data form. Unknown codes become `UnavailableError`. */
export function errorFromPayload(payload: ErrorPayload): ConvError {
  switch (payload.code) {
    case 'validation':
      return new ValidationError((payload.reason ?? 'bad-request') as ValidationReason, payload.message, {
        field: payload.field ?? 'request',
        limit: payload.limit,
        actual: payload.actual,
      });
    case 'not-found':
      return new NotFoundError(payload.message);
    case 'forbidden':
      return new ForbiddenError(
        (payload.reason ?? 'not-allowed') as ForbiddenReason,
        payload.message,
        payload.field ?? 'request',
        Array.isArray(payload.members) ? payload.members.filter((id) => typeof id === 'string') : undefined,
      );
    case 'conflict':
      return new ConflictError(payload.message);
    case 'rate-limited':
      return new RateLimitedError(payload.retryAfterMs ?? 1000, payload.message);
    case 'internal':
      return new InternalError(payload.message);
    default:
      return new UnavailableError(payload.message, payload.retryAfterMs);
  }
}

/**
 * The plain-data form of anything a request rejected with: a typed error's own payload, and
 * `unavailable` for anything else (a `TypeError` from `fetch`, a closed database), which may
 * well work when tried again.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isConvError(error)) return error.toJSON();
  return {
    code: 'unavailable',
    message: error instanceof Error && error.message ? error.message : 'Something went wrong; try again.',
  };
}
