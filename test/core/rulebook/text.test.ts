import { expect } from '@open-wc/testing';
import {
  codePointLength,
  foldForSearch,
  hasNul,
  isInvisibleText,
  isRecord,
  isStorableText,
} from '../../../src/core/text.js';
import { checkMessageBody, countCharacters, assertReportReason } from '../../../src/core/policy.js';
import { ValidationError } from '../../../src/core/errors.js';

function refusal(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('rulebook: text', () => {
  it('isRecord takes plain objects only', () => {
    expect(isRecord({})).to.equal(true);
    expect(isRecord(Object.create(null))).to.equal(true);
    for (const value of [null, undefined, [], 'x', 1, true])
      expect(isRecord(value), String(value)).to.equal(false);
  });

  it('a NUL or a lone surrogate makes text unstorable', () => {
    expect(hasNul('a\u0000b')).to.equal(true);
    expect(hasNul('ab')).to.equal(false);
    expect(isStorableText('a\u0000b')).to.equal(false);
    expect(isStorableText('a\uD800b')).to.equal(false);
    expect(isStorableText('😀 ok')).to.equal(true);
  });

  it('counts code points', () => {
    expect(codePointLength('😀😀')).to.equal(2);
    expect(codePointLength('e\u0301')).to.equal(2);
  });

  const invisible = {
    'zero-width space': '\u200B',
    'zero-width non-joiner and joiner': '\u200C\u200D',
    'word joiner': '\u2060',
    'left-to-right and right-to-left marks': '\u200E\u200F',
    'direction embeddings and isolates': '\u202A\u202B\u202C\u2066\u2067\u2068\u2069',
    'Arabic letter mark': '\u061C',
    'byte-order mark': '\uFEFF',
    'soft hyphen': '\u00AD',
    'variation selectors': '\uFE0F\uDB40\uDD00',
    'Hangul fillers': '\u3164\u115F\u1160\uFFA0',
    'tag characters': '\uDB40\uDC41\uDB40\uDC7F',
    'blank Braille pattern': '\u2800',
    'control characters': '\u0007\u001B',
    'white space of every kind': ' \t\n\u00A0\u2003\u3000',
  };
  for (const [what, text] of Object.entries(invisible)) {
    it(`${what}: invisible, so a message of only that is empty`, () => {
      expect(isInvisibleText(text)).to.equal(true);
      const check = checkMessageBody(text);
      expect(check.ok).to.equal(false);
      if (check.ok) return;
      expect([check.error.reason, check.error.field]).to.deep.equal(['empty', 'body']);
      // The counter still counts what is there, as countCharacters does.
      expect(check.length).to.equal(countCharacters(text));
    });
  }

  it('visible text with invisible characters inside is a message, counted whole', () => {
    for (const text of ['a\u200B', '👩\u200D💻', 'می\u200Cخواهم', '\u200Fשלום', 'e\u0301', '😀\uFE0F']) {
      expect(isInvisibleText(text), text).to.equal(false);
      const check = checkMessageBody(text);
      expect(check.ok, text).to.equal(true);
      expect(check.length).to.equal(countCharacters(text));
    }
  });

  it('a NUL anywhere in a message or a report reason is malformed-text', () => {
    for (const body of ['\u0000', 'Hello\u0000there', ' \u0000 ']) {
      const check = checkMessageBody(body);
      expect(check.ok).to.equal(false);
      if (!check.ok)
        expect([check.error.reason, check.error.field]).to.deep.equal(['malformed-text', 'body']);
    }
    const error = refusal(() => assertReportReason('Spam\u0000'));
    expect([error.reason, error.field]).to.deep.equal(['malformed-text', 'reason']);
  });

  it('a report reason of only invisible characters is bad-report', () => {
    const error = refusal(() => assertReportReason('\u200B\u200F'));
    expect([error.reason, error.field]).to.deep.equal(['bad-report', 'reason']);
  });

  describe('foldForSearch', () => {
    const pairs: [string, string][] = [
      ['Zoë Ångström', 'zoe angstrom'],
      ['MÜLLER', 'muller'],
      ['José Ángel Núñez', 'jose angel nunez'],
      ['Straße', 'strasse'],
      ['ΟΔΥΣΣΕΥΣ', 'οδυσσευσ'],
      ['Οδυσσεύς', 'οδυσσευσ'],
      ['İstanbul', 'istanbul'],
      ['ıspanak', 'ispanak'],
      ['ﬁnn', 'finn'],
      ['ＡＢＣ', 'abc'],
      ['Ana  \t Maria', 'ana maria'],
      ['مُحَمَّد', 'محمد'],
      ['שָׁלוֹם', 'שלום'],
      ['می\u200Cخواهم', 'میخواهم'],
      ['王小明', '王小明'],
    ];
    for (const [name, folded] of pairs) {
      it(`folds ${JSON.stringify(name)} to ${JSON.stringify(folded)}`, () => {
        expect(foldForSearch(name)).to.equal(folded);
      });
    }

    it('does not depend on a locale: the same in every runtime', () => {
      // toLocaleLowerCase in a Turkish locale would make "I" a dotless "ı"; the fold never does.
      expect(foldForSearch('ISTANBUL')).to.equal('istanbul');
      expect(foldForSearch('I')).to.equal(foldForSearch('i'));
    });

    it('folds a query and a name alike, so any casing and accents of a name find it', () => {
      const name = foldForSearch('Cyrille Çelik');
      for (const query of ['celik', 'ÇELİK', 'Cyrille C', 'RILLE ÇE']) {
        expect(name.includes(foldForSearch(query)), query).to.equal(true);
      }
      // A Greek query ending in sigma mid-word: lower-casing alone would make it a final "ς".
      expect(foldForSearch('Οδυσσεύς').includes(foldForSearch('ΟΔΥΣ'))).to.equal(true);
    });
  });
});
