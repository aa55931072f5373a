/**
 * S22: the HTML part of every email is built from escaped text only. Each payload of the XSS
 * corpus, as the sender's name, a group's name and the message, is parsed back by the browser's
 * HTML parser: only the email's own elements and attributes are there, no handler, no script, no
 * link but the ones the server made, and the text reads exactly as written. In every language.
 */
import { expect } from '@open-wc/testing';
import { composeDigest, composeNotice, type NoticeKind } from '../../../server/src/mail/compose.js';
import { emailLanguage } from '../../../server/src/mail/strings.js';
import type { Message } from '../../../src/core/types.js';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads.js';

const ELEMENTS = new Set([
  'HTML',
  'HEAD',
  'META',
  'TITLE',
  'BODY',
  'P',
  'BLOCKQUOTE',
  'A',
  'HR',
  'BR',
  'UL',
  'LI',
]);
const ATTRIBUTES = new Set(['lang', 'dir', 'charset', 'name', 'content', 'style', 'href']);
const LINKS = {
  conversation: 'https://portal.test/conversations/c%201',
  unsubscribe: 'https://conv.portal.test/v1/unsubscribe?token=abc.def',
};

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function expectOnlyOwnMarkup(document: Document, payload: string): void {
  for (const element of document.querySelectorAll('*')) {
    expect(ELEMENTS.has(element.tagName), `${element.tagName} from ${payload}`).to.equal(true);
    for (const attribute of element.attributes) {
      expect(ATTRIBUTES.has(attribute.name), `${attribute.name} from ${payload}`).to.equal(true);
    }
  }
  for (const link of document.querySelectorAll('a')) {
    expect([...Object.values(LINKS), 'https://portal.test/c/2']).to.include(link.getAttribute('href'));
  }
}

function message(author: string, body: string, group?: string): Message {
  return {
    id: 'm1',
    conversationId: 'c 1',
    clientId: 'k1',
    author: { kind: 'member', id: 'a', name: author },
    ...(group ? { onBehalfOf: { kind: 'group', id: 'g', name: group } } : {}),
    body,
    sentAt: 0,
  };
}

describe('email HTML against the XSS corpus', () => {
  for (const locale of ['en', 'de', 'ar']) {
    it(`shows every payload as text (${locale})`, () => {
      const language = emailLanguage(locale, 'en');
      for (const payload of XSS_PAYLOADS) {
        const kinds: NoticeKind[] = [
          { kind: 'new-conversation' },
          { kind: 'new-message' },
          { kind: 'to-group', group: payload },
          { kind: 'from-group', group: payload },
        ];
        for (const why of kinds) {
          const email = composeNotice(
            language,
            message(payload, payload, why.kind === 'from-group' ? payload : undefined),
            why,
            LINKS,
          );
          const document = parse(email.html);
          expectOnlyOwnMarkup(document, payload);
          expect(document.querySelector('blockquote')!.textContent).to.equal(payload);
          expect(document.querySelector('p')!.textContent).to.include(payload);
          // `document.title` collapses white space, as a title is shown.
          expect(document.title).to.equal(email.subject.replace(/\s+/g, ' ').trim());
          // The text part is the message as written.
          expect(email.text).to.include(`\n\n${payload}\n\n`);
        }
        const digest = composeDigest(
          language,
          [
            { title: payload, unread: 2, link: LINKS.conversation },
            { title: 'Bo', unread: 1, link: 'https://portal.test/c/2' },
          ],
          3,
          LINKS.unsubscribe,
        );
        const document = parse(digest.html);
        expectOnlyOwnMarkup(document, payload);
        expect(document.querySelector('li')!.textContent).to.include(payload);
      }
    });
  }

  it('writes Arabic right to left, and falls back from an unknown language to the portal default', () => {
    const arabic = parse(
      composeNotice(emailLanguage('ar-EG', 'en'), message('Ana', 'مرحبا'), { kind: 'new-message' }, LINKS)
        .html,
    );
    expect(arabic.documentElement.getAttribute('dir')).to.equal('rtl');
    expect(arabic.documentElement.getAttribute('lang')).to.equal('ar');
    expect(emailLanguage('de-AT', 'en').locale).to.equal('de');
    expect(emailLanguage('fr', 'de').locale).to.equal('de');
    expect(emailLanguage(null, 'fr').locale).to.equal('en');
    const german = parse(
      composeNotice(emailLanguage('de', 'en'), message('Ana', 'Hallo'), { kind: 'new-message' }, LINKS).html,
    );
    expect(german.documentElement.getAttribute('dir')).to.equal('ltr');
  });
});
