import { expect } from '@open-wc/testing';
import { initials, otherParticipants, safeUrl } from '../../src/internal/parties.js';
import type { Conversation, Viewer } from '../../src/core/types.js';

describe('parties', () => {
  describe('initials', () => {
    // Moved from the conversation list's tests, where the list had its own copy. The list took the
    // first two words ("JÁ"); compose took the first and the last. One rule now: first and last.
    it('takes the first and the last word, whole characters', () => {
      expect(initials('Ada Lovelace')).to.equal('AL');
      expect(initials('José Ángel Núñez')).to.equal('JN');
      expect(initials('😀 smile')).to.equal('😀S');
      expect(initials('  ')).to.equal('');
      expect(initials('Grace')).to.equal('G');
    });

    it('gives one answer for a long name with particles', () => {
      expect(initials('Maria Fernanda Gonçalves de Albuquerque e Silva')).to.equal('MS');
      expect(initials('Pedro Álvares de Sá')).to.equal('PS');
    });

    it('keeps a letter and its combining marks together', () => {
      // "e" + COMBINING ACUTE, "n" + COMBINING TILDE: two code points each, one character.
      expect(initials('e\u0301lodie n\u0303un\u0303ez')).to.equal('E\u0301N\u0303');
    });

    it('shows the first character of an Arabic name, never two letters that join into a word', () => {
      const arabic = initials('ليلى الحسيني');
      expect(arabic).to.equal('ل');
      expect(arabic).not.to.equal('لا');
    });

    it('shows the first character of a Hebrew name', () => {
      expect(initials('דוד בן־גוריון')).to.equal('ד');
      expect(initials('שרה כהן')).to.equal('ש');
    });

    it('shows the first emoji of an emoji-only name, whole', () => {
      expect(initials('👩‍👩‍👧 🎉')).to.equal('👩‍👩‍👧');
      expect(initials('🇧🇷🇵🇹')).to.equal('🇧🇷');
    });

    it('keeps Georgian initials as written (its capitals are for headings)', () => {
      expect(initials('თამარ ბერიძე')).to.equal('თბ');
    });

    it('upper-cases for the locale', () => {
      expect(initials('ilhan ışık', 'tr')).to.equal('İI');
    });
  });

  describe('safeUrl', () => {
    it('keeps http(s), resolves relative URLs against the page, and drops anything else', () => {
      expect(safeUrl('https://img.example/a.png')).to.equal('https://img.example/a.png');
      expect(safeUrl('/a.png')).to.equal(new URL('/a.png', document.baseURI).href);
      expect(safeUrl('javascript:alert(1)')).to.equal(undefined);
      expect(safeUrl('data:image/png;base64,AAAA')).to.equal(undefined);
      expect(safeUrl('http://[bad')).to.equal(undefined);
      expect(safeUrl(undefined)).to.equal(undefined);
      expect(safeUrl('')).to.equal(undefined);
    });
  });

  describe('otherParticipants', () => {
    const ana = { kind: 'member', id: 'm1', name: 'Ana' } as const;
    const ben = { kind: 'member', id: 'm2', name: 'Ben' } as const;
    const viewer = { member: ana } as unknown as Viewer;

    it('leaves the viewer out, unless nobody else is left', () => {
      const both = { participants: [ana, ben] } as unknown as Conversation;
      const alone = { participants: [ana] } as unknown as Conversation;
      expect(otherParticipants(both, viewer)).to.deep.equal([ben]);
      expect(otherParticipants(alone, viewer)).to.deep.equal([ana]);
      expect(otherParticipants(both, undefined)).to.deep.equal([ana, ben]);
    });
  });
});
