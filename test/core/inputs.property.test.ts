/**
 * Property tests of the domain's gatekeepers: whatever a caller (or a hostile page, or a corrupt
 * record) hands them, they answer normally or throw a typed `ConvError`; never a TypeError that
 * the client would mistake for a network failure. Also the recipient rules (S2, S4) and the
 * plain-data round trip of every error.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/core/cursor.js';
import {
  ConvError,
  errorFromPayload,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
  type ErrorField,
  type ForbiddenReason,
  type ValidationReason,
} from '../../src/core/errors.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  checkMessageBody,
  DEFAULT_POLICY,
  resolvePageLimit,
  resolvePolicy,
} from '../../src/core/policy.js';
import { normalizeRecipients } from '../../src/core/recipients.js';
import type { PartyRef } from '../../src/core/types.js';

/** Everything fast-check can make, the odd shapes included (sparse arrays, null prototypes, boxes). */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Objects that look more or less like a party reference, so the checks past the first are reached. */
const refLike = fc.record(
  {
    kind: fc.oneof(fc.constantFrom('member', 'group', 'Member', ''), anything),
    id: fc.oneof(fc.string(), anything),
  },
  { requiredKeys: [] },
);

/** Arrays of anything, sparse ones included. */
const recipientLists = fc.oneof(
  fc.array(fc.oneof(refLike, anything)),
  fc.sparseArray(fc.oneof(refLike, anything), { noTrailingHole: false }),
  anything,
);

const SENDER: PartyRef = { kind: 'member', id: 'me' };

/** Runs `fn`; passes when it returns or throws a ConvError, fails on anything else thrown. */
function onlyConvErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConvError) return;
    throw new Error(`threw a non-ConvError: ${String(error)}`);
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('domain gatekeepers never throw anything but ConvError (property)', () => {
  it('checkMessageBody returns a result for anything, and assertMessageBody throws only ConvError', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const check = checkMessageBody(value);
        expect(check.ok === true || check.error instanceof ValidationError).to.equal(true);
        onlyConvErrors(() => assertMessageBody(value));
      }),
    );
  });

  it('normalizeRecipients, with arrays of arbitrary objects, holes included', () => {
    fc.assert(
      fc.property(recipientLists, (value) => onlyConvErrors(() => normalizeRecipients(value, SENDER))),
      { numRuns: 300 },
    );
  });

  it('normalizeRecipients refuses a sparse list as bad-recipient instead of failing on the hole', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse: unknown = [{ kind: 'member', id: 'a' }, , { kind: 'member', id: 'b' }];
    const error = thrown(() => normalizeRecipients(sparse, SENDER));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).reason).to.equal('bad-recipient');
    expect(thrown(() => normalizeRecipients(new Array(3), SENDER))).to.be.instanceOf(ValidationError);
  });

  it('assertClientId, assertReportReason, resolvePageLimit and decodeCursor', () => {
    fc.assert(
      fc.property(anything, (value) => {
        onlyConvErrors(() => assertClientId(value));
        onlyConvErrors(() => assertReportReason(value));
        onlyConvErrors(() => resolvePageLimit(value));
        onlyConvErrors(() => decodeCursor(value, ['number', 'string'] as const));
      }),
    );
  });

  it('decodeCursor, with any string and with any JSON made into a well-formed cursor', () => {
    const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(fc.oneof(fc.string(), utf16, fc.base64String()), (value) => {
        onlyConvErrors(() => decodeCursor(value, ['number', 'string'] as const));
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const cursor = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(json))));
        onlyConvErrors(() => decodeCursor(cursor, ['number', 'string'] as const));
      }),
    );
  });

  it('decodeCursor round-trips what encodeCursor makes', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string({ unit: 'binary' }), (n, s) => {
        expect(decodeCursor(encodeCursor([n, s]), ['number', 'string'] as const)).to.deep.equal([n, s]);
      }),
    );
  });
});

describe('recipient rules (property)', () => {
  const ids = fc.constantFrom(
    'me',
    'ana',
    'bo',
    'cy',
    'di',
    'ed',
    'fa',
    'gu',
    'hu',
    'io',
    'ju',
    'ka',
    'g1',
    'g2',
  );
  const ref = fc.record({ kind: fc.constantFrom('member' as const, 'group' as const), id: ids });
  const key = (r: PartyRef) => `${r.kind}/${r.id}`;

  it('deduplicates in first-named order and removes the sender, a member or a group', () => {
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 30 }), ref, (list, sender) => {
        const expected: PartyRef[] = [];
        for (const r of list) {
          if (key(r) === key(sender) || expected.some((e) => key(e) === key(r))) continue;
          expected.push({ kind: r.kind, id: r.id });
        }
        const policy = resolvePolicy({ maxInvitees: 100 });
        if (expected.length === 0) {
          const error = thrown(() => normalizeRecipients(list, sender, policy)) as ValidationError;
          expect(error).to.be.instanceOf(ValidationError);
          const namedSelf = list.some((r) => key(r) === key(sender));
          expect(error.reason).to.equal(namedSelf ? 'self-only' : 'no-recipients');
          expect(error.field).to.equal('recipients');
        } else {
          expect(normalizeRecipients(list, sender, policy)).to.deep.equal(expected);
        }
      }),
    );
  });

  it('keeps a member whose id equals the sending group’s id: kinds differ', () => {
    const out = normalizeRecipients([{ kind: 'member', id: 'g1' }], { kind: 'group', id: 'g1' });
    expect(out).to.deep.equal([{ kind: 'member', id: 'g1' }]);
  });

  it('strips extra fields from references', () => {
    const out = normalizeRecipients([{ kind: 'member', id: 'ana', name: 'x', admin: true }], SENDER);
    expect(out).to.deep.equal([{ kind: 'member', id: 'ana' }]);
  });

  it('refuses an empty list as no-recipients and only the sender as self-only', () => {
    expect((thrown(() => normalizeRecipients([], SENDER)) as ValidationError).reason).to.equal(
      'no-recipients',
    );
    const selfOnly = thrown(() => normalizeRecipients([SENDER, { ...SENDER }], SENDER)) as ValidationError;
    expect(selfOnly.reason).to.equal('self-only');
  });

  it('lets nine through and refuses ten with the default policy, whatever the duplicates and the sender', () => {
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ kind: 'member' as const, id: `p${i}` }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.boolean(), (dupes, withSelf) => {
        const nine = [...people(9), ...people(dupes), ...(withSelf ? [SENDER] : [])];
        expect(normalizeRecipients(nine, SENDER)).to.have.length(9);
        const ten = [...people(10), ...people(dupes), ...(withSelf ? [SENDER] : [])];
        const error = thrown(() => normalizeRecipients(ten, SENDER)) as ValidationError;
        expect([error.reason, error.field, error.limit, error.actual]).to.deep.equal([
          'too-many-recipients',
          'recipients',
          DEFAULT_POLICY.maxInvitees,
          10,
        ]);
      }),
    );
  });

  it('honours any configured invitee limit at its boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (limit) => {
        const policy = resolvePolicy({ maxInvitees: limit });
        const list = Array.from({ length: limit + 1 }, (_, i) => ({ kind: 'group' as const, id: `g${i}` }));
        expect(normalizeRecipients(list.slice(0, limit), SENDER, policy)).to.have.length(limit);
        const error = thrown(() => normalizeRecipients(list, SENDER, policy)) as ValidationError;
        expect([error.reason, error.limit, error.actual]).to.deep.equal([
          'too-many-recipients',
          limit,
          limit + 1,
        ]);
      }),
    );
  });
});

describe('errorFromPayload(error.toJSON()) (property)', () => {
  const text = fc.string({ unit: 'binary', maxLength: 80 });
  const validationReasons: ValidationReason[] = [
    'empty',
    'too-long',
    'too-large',
    'malformed-text',
    'no-recipients',
    'too-many-recipients',
    'self-only',
    'unknown-recipient',
    'bad-recipient',
    'bad-cursor',
    'bad-limit',
    'bad-id',
    'bad-settings',
    'bad-report',
    'bad-request',
  ];
  const fields: ErrorField[] = [
    'body',
    'recipients',
    'asGroup',
    'cursor',
    'clientId',
    'settings',
    'reason',
    'request',
  ];
  const forbiddenReasons: ForbiddenReason[] = ['not-group-manager', 'not-allowed'];
  const count = fc.option(fc.nat(), { nil: undefined });

  const errors: fc.Arbitrary<ConvError> = fc.oneof(
    fc
      .tuple(fc.constantFrom(...validationReasons), text, fc.constantFrom(...fields), count, count)
      .map(
        ([reason, message, field, limit, actual]) =>
          new ValidationError(reason, message, { field, limit, actual }),
      ),
    text.map((message) => new NotFoundError(message)),
    fc.constant(new NotFoundError()),
    fc
      .tuple(fc.constantFrom(...forbiddenReasons), text, fc.constantFrom(...fields))
      .map(([reason, message, field]) => new ForbiddenError(reason, message, field)),
    fc.tuple(fc.nat(), text).map(([ms, message]) => new RateLimitedError(ms, message)),
    fc.tuple(text, count).map(([message, ms]) => new UnavailableError(message, ms)),
  );

  it('rebuilds the same class with the same fields, also through JSON text', () => {
    fc.assert(
      fc.property(errors, (error) => {
        for (const payload of [error.toJSON(), JSON.parse(JSON.stringify(error))]) {
          const back = errorFromPayload(payload);
          expect(back.constructor).to.equal(error.constructor);
          expect(back).to.be.instanceOf(ConvError);
          expect(back.name).to.equal(error.name);
          expect(back.message).to.equal(error.message);
          expect(back.code).to.equal(error.code);
          expect(back.retryable).to.equal(error.retryable);
          expect(back.toJSON()).to.deep.equal(error.toJSON());
        }
      }),
    );
  });

  it('marks only unavailable and rate-limited as retryable', () => {
    expect(new UnavailableError().retryable).to.equal(true);
    expect(new RateLimitedError(5).retryable).to.equal(true);
    expect(new NotFoundError().retryable).to.equal(false);
    expect(new ForbiddenError('not-allowed', 'no').retryable).to.equal(false);
    expect(new ValidationError('empty', 'no', { field: 'body' }).retryable).to.equal(false);
  });
});
