import { expect } from '@open-wc/testing';
import { decodeCursor, encodeCursor } from '../../src/core/cursor.js';
import { ValidationError } from '../../src/core/errors.js';

describe('page cursors', () => {
  it('round-trip a position of strings and numbers, non-ASCII included', () => {
    const cursor = encodeCursor([1_700_000_000_000, 'c-ü-😀']);
    expect(decodeCursor(cursor, ['number', 'string'] as const)).to.deep.equal([1_700_000_000_000, 'c-ü-😀']);
  });

  for (const bad of ['', 'not base64!', encodeCursor(['x']), encodeCursor([1, 2]), 'e30', 42, null]) {
    it(`refuse ${JSON.stringify(bad)} as bad-cursor`, () => {
      let caught: unknown;
      try {
        decodeCursor(bad, ['number', 'string'] as const);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ValidationError);
      expect((caught as ValidationError).reason).to.equal('bad-cursor');
    });
  }
});
