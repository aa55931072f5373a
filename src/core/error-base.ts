/**
 * The part of the typed errors that every page needs, the envelope's too: the base class, the
 * "cannot be reached" error and the abort check. The envelope's chunk carries this module alone;
 * the other errors (`./errors.ts`, which re-exports this) load with the client, so each new
 * refusal a feature adds costs the envelope nothing.
 */

export type ErrorCode =
  'validation' | 'not-found' | 'forbidden' | 'conflict' | 'rate-limited' | 'unavailable' | 'internal';

/** The field a refusal is about, so a form can show it next to the right input. */
export type ErrorField =
  | 'body'
  | 'recipients'
  | 'asGroup'
  | 'cursor'
  | 'clientId'
  | 'settings'
  | 'reason'
  | 'request'
  /** S26: the emoji of a reaction. */
  | 'emoji';

/** Plain-data form of an error, for crossing `BroadcastChannel`, HTTP or a worker. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
  readonly reason?: string;
  readonly field?: ErrorField;
  readonly limit?: number;
  readonly actual?: number;
  readonly retryAfterMs?: number;
  /** `not-accepting`: the members who refused (S14, S15). */
  readonly members?: readonly string[];
}

export abstract class ConvError extends Error {
  abstract readonly code: ErrorCode;
  /** True when the same request may succeed later unchanged. */
  get retryable(): boolean {
    return this.code === 'unavailable' || this.code === 'rate-limited';
  }
  toJSON(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

export class UnavailableError extends ConvError {
  readonly code = 'unavailable' as const;
  override readonly name = 'UnavailableError';
  constructor(
    message = 'The conversation service cannot be reached.',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  override toJSON(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/** An aborted request rejects with the signal's reason, as `fetch` does. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}
