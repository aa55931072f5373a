/**
 * Property tests of message counting and checking (S9). The oracles here are written
 * independently of src/core/policy.ts (counting surrogate pairs, summing UTF-8 widths by hand),
 * so a test cannot pass by repeating the implementation.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ValidationError } from '../../src/core/errors.js';
import {
  assertMessageBody,
  checkMessageBody,
  countCharacters,
  DEFAULT_POLICY,
  resolvePolicy,
  utf8ByteLength,
} from '../../src/core/policy.js';

/** Every character that `String.prototype.trim` removes, per ECMAScript WhiteSpace + LineTerminator. */
const WHITE_SPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00A0',
  '\u1680',
  '\u2000',
  '\u2003',
  '\u200A',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  '\uFEFF',
];

/** Text units a member really types: each is one or more code points, none of them white space. */
const UNITS = [
  'a',
  'Z',
  '7',
  '😀',
  '👍🏽',
  '👩‍👩‍👧‍👦', // family: 7 code points joined by ZWJ
  '🏳️‍🌈',
  '🇩🇪', // flag: two regional indicators
  '🇯🇵',
  'e\u0301', // e + combining acute
  'a\u0308\u0323', // stacked combining marks
  'é', // precomposed
  'مرحبا', // Arabic
  'שלום', // Hebrew
  '\u200F', // right-to-left mark
  '漢字',
  'かな',
  '한국어',
  '𠀀', // CJK extension B: astral
  '\u200D', // a lone ZWJ is a code point too
];

// NUL is not among the units: the rulebook refuses it in any text (test/core/rulebook/text.test.ts).

/** Visible code points only: a text of only ZWJ or direction marks counts as empty. */
const VISIBLE = /^[^\s\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;

const whiteSpace = fc.string({ unit: fc.constantFrom(...WHITE_SPACE), maxLength: 6 });
const unit = fc.constantFrom(...UNITS);
/** Any UTF-16 string, lone surrogates included. */
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

/** Code points of a string, counted without iterating it: UTF-16 units minus well-formed pairs. */
function codePointsOracle(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

/** A high half not followed by a low one, or a low half not preceded by a high one. */
const LONE_SURROGATE_ORACLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf8Oracle(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unitCode = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unitCode >= 0xd800 && unitCode <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      bytes += 4;
      i++;
    } else if (unitCode < 0x80) bytes += 1;
    else if (unitCode < 0x800) bytes += 2;
    else bytes += 3; // lone surrogates encode as U+FFFD, three bytes
  }
  return bytes;
}

/**
 * Exactly `count` code points of real-world text (optionally with inner spaces), starting and
 * ending with a non-white-space code point so trimming leaves it whole.
 */
function textOfExactly(count: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.oneof({ weight: 6, arbitrary: unit }, { weight: 1, arbitrary: whiteSpace }), {
        minLength: 1,
        maxLength: 40,
      }),
      unit,
    )
    .map(([parts, filler]) => {
      const source = Array.from(parts.join('') || filler);
      const points: string[] = [];
      for (let i = 0; points.length < count; i++) points.push(source[i % source.length]!);
      // Starts and ends visible: trimming leaves it whole, and it is never only invisible marks.
      const solid = Array.from(filler).find((cp) => VISIBLE.test(cp)) ?? 'a';
      if (!VISIBLE.test(points[0]!)) points[0] = solid;
      if (!VISIBLE.test(points[count - 1]!)) points[count - 1] = solid;
      return points.join('');
    });
}

function refusal(body: unknown, policy = DEFAULT_POLICY): ValidationError {
  const check = checkMessageBody(body, policy);
  if (check.ok) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
  return check.error;
}

describe('countCharacters (property)', () => {
  it('equals the number of code points of the trimmed string, for any UTF-16 string', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        expect(countCharacters(text)).to.equal(codePointsOracle(text.trim()));
      }),
    );
  });

  it('equals the number of code points for any string of full-range code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(countCharacters(text)).to.equal(codePointsOracle(text.trim()));
      }),
    );
  });

  it('ignores surrounding white space and counts inner white space', () => {
    fc.assert(
      fc.property(whiteSpace, textOfExactly(12), whiteSpace, (before, text, after) => {
        expect(countCharacters(before + text + after)).to.equal(12);
        expect(countCharacters(`${text} ${text}`)).to.equal(25);
      }),
    );
  });

  it('counts each code point of emoji, ZWJ sequences, flags and combining marks', () => {
    expect(countCharacters('😀')).to.equal(1);
    expect(countCharacters('👩‍👩‍👧‍👦')).to.equal(7);
    expect(countCharacters('🇩🇪')).to.equal(2);
    expect(countCharacters('e\u0301')).to.equal(2);
    expect(countCharacters('  مرحبا  ')).to.equal(5);
    expect(countCharacters('😀'.repeat(1000))).to.equal(1000);
  });
});

describe('checkMessageBody (property)', () => {
  it('accepts exactly 1,000 characters of any script, with surrounding white space, and stores them trimmed', () => {
    fc.assert(
      fc.property(whiteSpace, textOfExactly(1000), whiteSpace, (before, text, after) => {
        const check = checkMessageBody(before + text + after);
        expect(check.ok, 'accepted').to.equal(true);
        if (!check.ok) return;
        expect(check.text).to.equal(text);
        expect(check.length).to.equal(1000);
        expect(check.remaining).to.equal(0);
        expect(assertMessageBody(before + text + after)).to.equal(text);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses 1,001 characters as too-long, with the limit and the actual count', () => {
    fc.assert(
      fc.property(whiteSpace, textOfExactly(1001), whiteSpace, (before, text, after) => {
        const error = refusal(before + text + after);
        expect(error).to.be.instanceOf(ValidationError);
        expect(error.reason).to.equal('too-long');
        expect(error.field).to.equal('body');
        expect(error.limit).to.equal(1000);
        expect(error.actual).to.equal(1001);
        expect(error.message).to.contain('1000');
        const check = checkMessageBody(before + text + after);
        expect(check.remaining).to.equal(-1);
        expect(() => assertMessageBody(before + text + after)).to.throw(ValidationError);
      }),
      { numRuns: 60 },
    );
  });

  it('honours a lowered length limit at its exact boundary', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 60 })
          .chain((limit) => fc.tuple(fc.constant(limit), textOfExactly(limit), textOfExactly(limit + 1))),
        ([limit, exact, over]) => {
          const policy = resolvePolicy({ maxMessageLength: limit });
          expect(checkMessageBody(exact, policy).ok).to.equal(true);
          const error = refusal(over, policy);
          expect([error.reason, error.limit, error.actual]).to.deep.equal(['too-long', limit, limit + 1]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses empty and white-space-only bodies as empty', () => {
    fc.assert(
      fc.property(whiteSpace, (body) => {
        const error = refusal(body);
        expect(error.reason).to.equal('empty');
        expect(error.field).to.equal('body');
      }),
    );
    expect(refusal('').reason).to.equal('empty');
  });

  it('refuses any text holding a lone surrogate as malformed-text', () => {
    const lone = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }));
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        lone,
        fc.string({ unit: 'binary', maxLength: 30 }),
        whiteSpace,
        (prefix, surrogate, suffix, around) => {
          // The ASCII letters either side keep the half from pairing with a neighbour.
          const body = `${around}${prefix}a${String.fromCharCode(surrogate)}b${suffix}${around}`;
          expect(refusal(body).reason).to.equal('malformed-text');
        },
      ),
    );
    expect(refusal('\uD83D').reason).to.equal('malformed-text');
    expect(refusal('\uDE00').reason).to.equal('malformed-text');
    expect(refusal(' \uDE00\uD83D ').reason).to.equal('malformed-text');
  });

  it('refuses text over a lowered byte ceiling as too-large, and accepts it at the ceiling', () => {
    fc.assert(
      fc.property(textOfExactly(50), (text) => {
        const bytes = utf8Oracle(text);
        expect(utf8ByteLength(text)).to.equal(bytes);
        const atCeiling = resolvePolicy({ maxMessageBytes: bytes });
        expect(checkMessageBody(text, atCeiling).ok).to.equal(true);
        const below = resolvePolicy({ maxMessageBytes: bytes - 1 });
        const error = refusal(text, below);
        expect([error.reason, error.field, error.limit, error.actual]).to.deep.equal([
          'too-large',
          'body',
          bytes - 1,
          bytes,
        ]);
      }),
    );
  });

  it('lets the default byte ceiling hold 1,000 of the widest code points', () => {
    expect(checkMessageBody('😀'.repeat(1000)).ok).to.equal(true);
    expect(checkMessageBody('𠀀'.repeat(1000)).ok).to.equal(true);
  });

  it('keeps every UTF-16 string within the rules: accepted text is well formed and within both limits', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        const check = checkMessageBody(text);
        if (!check.ok) return;
        expect(check.text).to.equal(text.trim());
        expect(check.length).to.be.within(1, DEFAULT_POLICY.maxMessageLength);
        expect(utf8Oracle(check.text)).to.be.at.most(DEFAULT_POLICY.maxMessageBytes);
        expect(LONE_SURROGATE_ORACLE.test(check.text)).to.equal(false);
      }),
    );
  });
});
