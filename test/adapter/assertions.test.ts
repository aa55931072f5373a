/**
 * The conformance suite's own assertions must fail when they should: otherwise the suite could
 * pass an adapter that breaks every rule. Each helper is shown to pass on the right input and to
 * throw an AssertionError with a useful message on the wrong one.
 */
import { expect } from '@open-wc/testing';
import {
  assert,
  assertConvError,
  assertDeepEqual,
  assertEqual,
  assertForbidden,
  assertIds,
  assertIndistinguishable,
  assertNotFound,
  assertRejects,
  assertSameIdSet,
  assertValidation,
  ConformanceAssertionError,
  deepEqual,
  EventRecorder,
  fail,
  findRunnerGlobals,
  ghostId,
  show,
} from '../../src/adapter/conformance/index.js';
import type { AdapterEvent, AdapterEventListener } from '../../src/adapter/events.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/core/errors.js';

/** The AssertionError a synchronous helper throws, or a failure if it throws none. */
function failureOf(fn: () => void): ConformanceAssertionError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConformanceAssertionError);
    return error as ConformanceAssertionError;
  }
  throw new Error('expected the assertion to fail');
}

async function asyncFailureOf(promise: Promise<unknown>): Promise<ConformanceAssertionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConformanceAssertionError);
    return error as ConformanceAssertionError;
  }
  throw new Error('expected the assertion to fail');
}

const validation = (reason: 'empty' | 'too-long') =>
  new ValidationError(reason, 'Refused.', { field: 'body' });

/** A subscribable source of events, standing in for an adapter's `subscribe` only. */
class EventSource {
  readonly listeners = new Set<AdapterEventListener>();
  subscribe(listener: AdapterEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: AdapterEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const settings = (email: boolean): AdapterEvent => ({
  type: 'settings-changed',
  settings: { inApp: true, email },
});

describe('conformance assertions', () => {
  it('fail and assert throw an AssertionError carrying the message', () => {
    expect(failureOf(() => fail('broken')).message).to.equal('broken');
    expect(failureOf(() => assert(false, 'not true')).message).to.equal('not true');
    expect(failureOf(() => assert(0, 'zero')).name).to.equal('AssertionError');
    assert(true, 'passes');
  });

  it('assertEqual compares with Object.is and names both values', () => {
    assertEqual(NaN, NaN, 'NaN is NaN');
    assertEqual('a', 'a', 'same');
    expect(failureOf(() => assertEqual(1, 2, 'the count')).message).to.equal('the count: expected 2, got 1');
    failureOf(() => assertEqual('1', 1, 'a string is not a number'));
    failureOf(() => assertEqual({}, {}, 'two objects are not the same object'));
    failureOf(() => assertEqual(0, -0, 'zero signs differ'));
  });

  it('deepEqual compares plain data structurally, absent and undefined keys alike', () => {
    expect(deepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).to.equal(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).to.equal(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).to.equal(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).to.equal(false);
    expect(deepEqual([1, 2], [2, 1])).to.equal(false);
    expect(deepEqual([1], [1, undefined])).to.equal(false);
    expect(deepEqual([], {})).to.equal(false);
    expect(deepEqual({ a: { b: 1 } }, { a: { b: 2 } })).to.equal(false);
    expect(deepEqual(null, {})).to.equal(false);
    expect(deepEqual(new Date(1), new Date(1))).to.equal(false);
    expect(deepEqual(Object.create(null) as object, {})).to.equal(true);
    assertDeepEqual({ x: [1] }, { x: [1] }, 'equal');
    const error = failureOf(() => assertDeepEqual({ x: [1] }, { x: [2] }, 'the list'));
    expect(error.message).to.equal('the list: expected {"x":[2]}, got {"x":[1]}');
  });

  it('assertRejects returns the error of the expected class and fails otherwise', async () => {
    const refused = validation('empty');
    expect(await assertRejects(() => Promise.reject(refused), ValidationError, 'refused')).to.equal(refused);
    const resolved = await asyncFailureOf(
      assertRejects(() => Promise.resolve(42), ValidationError, 'accepted'),
    );
    expect(resolved.message).to.contain('but it succeeded with 42');
    const wrongClass = await asyncFailureOf(
      assertRejects(() => Promise.reject(new NotFoundError()), ValidationError, 'wrong class'),
    );
    expect(wrongClass.message).to.contain('expected a ValidationError, got NotFoundError');
    const sync = await asyncFailureOf(
      assertRejects(
        () => {
          throw refused;
        },
        ValidationError,
        'sync',
      ),
    );
    expect(sync.message).to.contain('threw synchronously');
  });

  it('assertValidation, assertNotFound, assertForbidden and assertConvError check class and reason', async () => {
    expect(
      (await assertValidation(() => Promise.reject(validation('empty')), 'empty', 'ok')).reason,
    ).to.equal('empty');
    const wrongReason = await asyncFailureOf(
      assertValidation(() => Promise.reject(validation('too-long')), 'empty', 'the body'),
    );
    expect(wrongReason.message).to.contain('expected "empty", got "too-long"');
    await asyncFailureOf(
      assertValidation(
        () => Promise.reject(new ValidationError('empty', ' ', { field: 'body' })),
        'empty',
        'no text',
      ),
    );
    await assertNotFound(() => Promise.reject(new NotFoundError()), 'not found');
    await asyncFailureOf(
      assertNotFound(() => Promise.reject(new ForbiddenError('not-allowed', 'No.')), 'forbidden'),
    );
    await asyncFailureOf(assertNotFound(() => Promise.resolve(), 'found'));
    await assertForbidden(
      () => Promise.reject(new ForbiddenError('not-group-manager', 'No.')),
      'not-group-manager',
      'ok',
    );
    await asyncFailureOf(
      assertForbidden(
        () => Promise.reject(new ForbiddenError('not-allowed', 'No.')),
        'not-group-manager',
        'reason',
      ),
    );
    await assertConvError(() => Promise.reject(new NotFoundError()), 'any domain error');
    await asyncFailureOf(
      assertConvError(() => Promise.reject(new TypeError('x is undefined')), 'a TypeError'),
    );
  });

  it('assertIndistinguishable fails on a different class or message', () => {
    assertIndistinguishable(new NotFoundError('Not found.'), new NotFoundError('Not found.'), 'same');
    const message = failureOf(() =>
      assertIndistinguishable(
        new NotFoundError('No such conversation.'),
        new NotFoundError('Not found.'),
        'S5',
      ),
    );
    expect(message.message).to.contain("S5: the error's message");
    failureOf(() =>
      assertIndistinguishable(new ForbiddenError('not-allowed', 'Not found.'), new NotFoundError(), 'x'),
    );
  });

  it('assertIds checks order, assertSameIdSet checks the set and duplicates', () => {
    const items = [{ id: 'a' }, { id: 'b' }];
    assertIds(items, ['a', 'b'], 'in order');
    failureOf(() => assertIds(items, ['b', 'a'], 'reversed'));
    assertSameIdSet(items, ['b', 'a'], 'any order');
    failureOf(() => assertSameIdSet([...items, { id: 'a' }], ['a', 'b'], 'a duplicate'));
    failureOf(() => assertSameIdSet(items, ['a'], 'one extra'));
  });

  it('show renders values briefly and safely', () => {
    expect(show(new NotFoundError('Gone.'))).to.equal('NotFoundError: Gone.');
    expect(show(undefined)).to.equal('undefined');
    expect(show(10n)).to.equal('"10n"');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(show(circular)).to.equal('[object Object]');
    expect(show('x'.repeat(1000))).to.have.length(300);
  });

  it('ghostId keeps the shape of an id and never returns the id itself', () => {
    const uuid = '0f8e4c2a-9b1d-4e3f-a5c6-7d8e9f0a1b2c';
    const ghost = ghostId(uuid);
    expect(ghost).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ghost).not.to.equal(uuid);
    expect(ghostId('7')).not.to.equal('8');
    expect(ghostId('7')).to.match(/^\d+$/);
    for (const id of ['c1', 'x', '----------------------', 'ABCDEF0123456789xyz'])
      expect(ghostId(id)).not.to.equal(id);
  });

  it('findRunnerGlobals names the missing functions', () => {
    const runner = { describe() {}, it() {}, beforeEach() {}, afterEach() {} };
    expect(findRunnerGlobals(runner)).to.equal(runner);
    expect(() => findRunnerGlobals({ describe() {}, it() {} })).to.throw(
      TypeError,
      'beforeEach, afterEach not found',
    );
  });
});

describe('EventRecorder', () => {
  it('resolves with an event already received or still to come', async () => {
    const source = new EventSource();
    const recorder = new EventRecorder(source, 'ana', 1000);
    source.emit(settings(false));
    expect(await recorder.waitFor((e) => e.type === 'settings-changed', 'settings')).to.deep.equal(
      settings(false),
    );
    const later = recorder.waitFor((e) => e.type === 'settings-changed' && e.settings.email, 'email on');
    source.emit(settings(true));
    expect(await later).to.deep.equal(settings(true));
    expect(recorder.count((e) => e.type === 'settings-changed')).to.equal(2);
    recorder.stop();
  });

  it('fails after its timeout, saying what it waited for and what it got', async () => {
    const source = new EventSource();
    const recorder = new EventRecorder(source, 'bo’s adapter', 20);
    source.emit(settings(false));
    const failure = await asyncFailureOf(
      recorder.waitFor((e) => e.type === 'read-changed', 'read-changed for c1'),
    );
    expect(failure.message).to.contain('bo’s adapter received no read-changed for c1 within 20 ms');
    expect(failure.message).to.contain('settings-changed');
    recorder.stop();
  });

  it('hears nothing after stop, and stop may be called twice', () => {
    const source = new EventSource();
    const recorder = new EventRecorder(source, 'ana');
    recorder.stop();
    recorder.stop();
    source.emit(settings(true));
    expect(recorder.events).to.have.length(0);
    expect(source.listeners.size).to.equal(0);
  });

  it('fails when subscribe does not return an unsubscribe function', () => {
    const broken = { subscribe: () => undefined as unknown as () => void };
    expect(() => new EventRecorder(broken, 'broken')).to.throw(ConformanceAssertionError, 'unsubscribe');
  });
});
