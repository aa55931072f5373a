import { expect } from '@open-wc/testing';
import { decodeCursor, encodeCursor } from '../../../src/core/cursor.js';
import {
  codeOfHttpStatus,
  ConflictError,
  errorFromPayload,
  HTTP_STATUS_OF,
  InternalError,
  ValidationError,
} from '../../../src/core/errors.js';

function reasonOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof ValidationError ? error.reason : String(error);
  }
  return undefined;
}

describe('rulebook: cursors', () => {
  it('refuses numbers that are not safe whole numbers', () => {
    for (const position of [[1.5], [1e20], [Number.MAX_SAFE_INTEGER + 1]]) {
      expect(
        reasonOf(() => decodeCursor(encodeCursor(position), ['number'] as const)),
        String(position),
      ).to.equal('bad-cursor');
    }
    expect(decodeCursor(encodeCursor([1_700_000_000_000]), ['number'] as const)).to.deep.equal([
      1_700_000_000_000,
    ]);
  });

  it("'int32' holds what a PostgreSQL integer holds, from 0", () => {
    expect(decodeCursor(encodeCursor([0]), ['int32'] as const)).to.deep.equal([0]);
    expect(decodeCursor(encodeCursor([2147483647]), ['int32'] as const)).to.deep.equal([2147483647]);
    for (const position of [[2147483648], [-1], [1.5], [1e20], ['7']]) {
      expect(
        reasonOf(() => decodeCursor(encodeCursor(position), ['int32'] as const)),
        String(position),
      ).to.equal('bad-cursor');
    }
  });

  it('refuses cursors over 512 characters before decoding them', () => {
    expect(reasonOf(() => decodeCursor(encodeCursor(['x'.repeat(600)]), ['string'] as const))).to.equal(
      'bad-cursor',
    );
  });
});

describe('rulebook: conflict and internal errors', () => {
  it('round-trip through their payload', () => {
    const conflict = errorFromPayload(new ConflictError('Used elsewhere.').toJSON());
    expect(conflict).to.be.instanceOf(ConflictError);
    expect(conflict).to.include({ code: 'conflict', message: 'Used elsewhere.', retryable: false });
    const internal = errorFromPayload(new InternalError().toJSON());
    expect(internal).to.be.instanceOf(InternalError);
    expect(internal).to.include({ code: 'internal', retryable: false });
  });

  it('have their HTTP statuses, both ways', () => {
    expect([HTTP_STATUS_OF.conflict, HTTP_STATUS_OF.internal]).to.deep.equal([409, 500]);
    for (const [code, status] of Object.entries(HTTP_STATUS_OF)) {
      // 403 reads back as forbidden, as 401 does; every other status maps back to its own code.
      expect(codeOfHttpStatus(status), code).to.equal(code);
    }
    expect(codeOfHttpStatus(401)).to.equal('forbidden');
    expect(codeOfHttpStatus(422)).to.equal('validation');
    expect(codeOfHttpStatus(502)).to.equal('unavailable');
  });
});
