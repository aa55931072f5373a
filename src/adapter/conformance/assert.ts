/**
 * The suite's own assertions. No chai: an adapter author may run the suite under any runner, and
 * the suite must not depend on whichever assertion library that runner brings. Every helper
 * throws `ConformanceAssertionError` (named `AssertionError`, which runners report as a failed
 * expectation rather than a crash) with a message that says what the adapter did wrong.
 */
import { ConvError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { ForbiddenReason, ValidationReason } from '../../core/errors.js';

export class ConformanceAssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** A short, safe rendering of any value for a failure message. */
export function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  let text: string;
  try {
    text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export function fail(message: string): never {
  throw new ConformanceAssertionError(message);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

export function assertEqual<T>(actual: unknown, expected: T, message: string): asserts actual is T {
  if (!Object.is(actual, expected)) fail(`${message}: expected ${show(expected)}, got ${show(actual)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Structural equality of plain data (what crosses the adapter boundary). A key holding
 * `undefined` counts as absent, as it would after a trip through JSON or structured clone.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

export function assertDeepEqual<T>(actual: unknown, expected: T, message: string): asserts actual is T {
  if (!deepEqual(actual, expected)) fail(`${message}: expected ${show(expected)}, got ${show(actual)}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class of any constructor shape
type ErrorClass<E> = abstract new (...args: any[]) => E;

/**
 * Calls `action` and expects the promise it returns to reject with an instance of `errorClass`;
 * returns that error. A synchronous throw fails too: every adapter method is async.
 */
export async function assertRejects<E extends Error>(
  action: () => Promise<unknown>,
  errorClass: ErrorClass<E>,
  message: string,
): Promise<E> {
  let promise: Promise<unknown>;
  try {
    promise = action();
  } catch (error) {
    fail(`${message}: threw synchronously (${show(error)}) instead of returning a rejected promise`);
  }
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (error instanceof errorClass) return error;
    fail(`${message}: expected a ${errorClass.name}, got ${show(error)}`);
  }
  fail(`${message}: expected a ${errorClass.name}, but it succeeded with ${show(value)}`);
}

/** Expects a `ValidationError` with this reason. */
export async function assertValidation(
  action: () => Promise<unknown>,
  reason: ValidationReason,
  message: string,
): Promise<ValidationError> {
  const error = await assertRejects(action, ValidationError, message);
  assertEqual(error.reason, reason, `${message}: the refusal's reason`);
  assert(error.message.trim().length > 0, `${message}: the refusal has no message a person can read`);
  return error;
}

export async function assertNotFound(
  action: () => Promise<unknown>,
  message: string,
): Promise<NotFoundError> {
  return assertRejects(action, NotFoundError, message);
}

export async function assertForbidden(
  action: () => Promise<unknown>,
  reason: ForbiddenReason,
  message: string,
): Promise<ForbiddenError> {
  const error = await assertRejects(action, ForbiddenError, message);
  assertEqual(error.reason, reason, `${message}: the refusal's reason`);
  return error;
}

/** Expects any typed error of the domain: for requests the contract refuses without naming how. */
export async function assertConvError(action: () => Promise<unknown>, message: string): Promise<ConvError> {
  return assertRejects(action, ConvError, message);
}

/**
 * Expects two failures to be indistinguishable: same class, same code, same message. Used to
 * prove that "not a participant" reads exactly like "does not exist" (S5).
 */
export function assertIndistinguishable(hidden: Error, missing: Error, message: string): void {
  assertEqual(hidden.constructor, missing.constructor, `${message}: the error's class`);
  assertEqual(
    (hidden as Partial<ConvError>).code,
    (missing as Partial<ConvError>).code,
    `${message}: the code`,
  );
  assertEqual(hidden.message, missing.message, `${message}: the error's message`);
}

/** Expects exactly these ids, in this order. */
export function assertIds(
  items: readonly { readonly id: string }[],
  expected: readonly string[],
  message: string,
): void {
  assertDeepEqual(
    items.map((item) => item.id),
    expected,
    message,
  );
}

/** Expects exactly these ids, in any order, each once. */
export function assertSameIdSet(
  items: readonly { readonly id: string }[],
  expected: readonly string[],
  message: string,
): void {
  assertDeepEqual(items.map((item) => item.id).sort(), [...expected].sort(), message);
}
