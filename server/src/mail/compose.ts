/**
 * S22: the text of an email, as plain text and as HTML, in the recipient's language (with its
 * direction). Everything from data (names, message text, links) is escaped for HTML here and
 * nowhere else: the HTML part is built from escaped pieces only, never from markup in the data.
 */
import type { Message } from '../../../src/core/index.js';
import type { EmailLanguage } from './strings.js';

export interface ComposedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Why the recipient hears of the message: the four texts of an email about one message. */
export type NoticeKind =
  | { readonly kind: 'new-conversation' }
  | { readonly kind: 'new-message' }
  | { readonly kind: 'to-group'; readonly group: string }
  | { readonly kind: 'from-group'; readonly group: string };

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or attribute value: the five characters that can change markup, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

function page(language: EmailLanguage, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(language.locale)}" dir="${language.dir}">` +
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">${body}</body></html>`
  );
}

function footer(
  language: EmailLanguage,
  note: string,
  unsubscribeUrl: string,
): { text: string; html: string } {
  const { strings } = language;
  return {
    text: `\n\n${note}\n${strings.emailUnsubscribe}: ${unsubscribeUrl}\n`,
    html:
      `<hr><p style="color:#555;font-size:0.9em">${escapeHtml(note)}<br>` +
      `<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(strings.emailUnsubscribe)}</a></p>`,
  };
}

export function composeNotice(
  language: EmailLanguage,
  message: Message,
  why: NoticeKind,
  links: { readonly conversation: string; readonly unsubscribe: string },
): ComposedEmail {
  const { strings } = language;
  const sender = message.author.name;
  const subject =
    why.kind === 'from-group'
      ? strings.emailSubjectFromGroup(why.group)
      : why.kind === 'to-group'
        ? strings.emailSubjectToGroup(sender, why.group)
        : strings.emailSubject(sender);
  const intro =
    why.kind === 'from-group'
      ? strings.emailIntroFromGroup(sender, why.group)
      : why.kind === 'to-group'
        ? strings.emailIntroToGroup(sender, why.group)
        : why.kind === 'new-conversation'
          ? strings.emailIntroNewConversation(sender)
          : strings.emailIntroNewMessage(sender);
  const end = footer(language, strings.emailFirstUnreadNote, links.unsubscribe);
  return {
    subject,
    // Plain text: the message is data, exactly as written.
    text: `${intro}\n\n${message.body}\n\n${strings.emailOpen}: ${links.conversation}${end.text}`,
    html: page(
      language,
      subject,
      `<p>${escapeHtml(intro)}</p>` +
        `<blockquote style="white-space:pre-wrap;margin-inline:0;padding-inline-start:1em;border-inline-start:3px solid #ccc">${escapeHtml(message.body)}</blockquote>` +
        `<p><a href="${escapeHtml(links.conversation)}">${escapeHtml(strings.emailOpen)}</a></p>${end.html}`,
    ),
  };
}

export interface DigestEntry {
  /** The conversation's title as the recipient sees it (the others' names). */
  readonly title: string;
  readonly unread: number;
  readonly link: string;
}

export function composeDigest(
  language: EmailLanguage,
  entries: readonly DigestEntry[],
  digestHours: number,
  unsubscribeUrl: string,
): ComposedEmail {
  const { strings, locale } = language;
  const number = new Intl.NumberFormat(locale);
  const count = entries.length;
  const subject = strings.emailDigestSubject(count, number.format(count));
  const intro = strings.emailDigestIntro(count, number.format(count));
  const lines = entries.map((entry) => ({
    line: strings.emailDigestLine(entry.title, entry.unread, number.format(entry.unread)),
    link: entry.link,
  }));
  const end = footer(
    language,
    strings.emailDigestNote(
      new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(digestHours),
    ),
    unsubscribeUrl,
  );
  return {
    subject,
    text: `${intro}\n\n${lines.map(({ line, link }) => `- ${line}\n  ${link}`).join('\n')}${end.text}`,
    html: page(
      language,
      subject,
      `<p>${escapeHtml(intro)}</p><ul>${lines
        .map(({ line, link }) => `<li><a href="${escapeHtml(link)}">${escapeHtml(line)}</a></li>`)
        .join('')}</ul>${end.html}`,
    ),
  };
}
