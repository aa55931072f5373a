/**
 * S22: one-click unsubscribe, without signing in. The email's link and its `List-Unsubscribe`
 * header carry a signed single-purpose token (`mail/unsubscribe-token.ts`). GET shows a page, in
 * the member's language, with a button (it changes nothing: mail scanners follow links); POST —
 * the button, or a mail client's RFC 8058 `List-Unsubscribe=One-Click` — switches the member's
 * emails off and says so. Pages are built from escaped strings only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../../mail/compose.js';
import { emailLanguage, type EmailLanguage } from '../../mail/strings.js';
import { readUnsubscribeToken } from '../../mail/unsubscribe-token.js';
import type { AppContext, Space } from '../context.js';
import { route } from '../route.js';

/** A page of its own: its inline style and its form may work, nothing else. */
const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function page(reply: FastifyReply, status: number, language: EmailLanguage, body: string): FastifyReply {
  const { strings } = language;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_POLICY)
    .send(
      `<!doctype html><html lang="${escapeHtml(language.locale)}" dir="${language.dir}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">` +
        `<title>${escapeHtml(strings.unsubscribeTitle)}</title></head>` +
        `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36em;margin:2em auto;padding:0 1em">` +
        `<h1 style="font-size:1.4em">${escapeHtml(strings.unsubscribeTitle)}</h1>${body}</body></html>`,
    );
}

interface Subject {
  readonly space: Space;
  readonly memberId: string;
  readonly language: EmailLanguage;
}

export function unsubscribeRoutes(app: FastifyInstance, context: AppContext): void {
  const { config } = context;
  const secret = context.mailer?.linkSecret ?? config.linkSecret;

  /** What the token names, if it is valid and its member is still in the directory. */
  const subjectOf = async (request: FastifyRequest): Promise<Subject | undefined> => {
    const { token } = request.query as { token?: unknown };
    if (typeof token !== 'string') return undefined;
    const named = readUnsubscribeToken(secret, token);
    if (!named) return undefined;
    const space = await context.spaces.find(named.space);
    if (!space) return undefined;
    const locale = await space.store.memberLocale(named.memberId);
    if (locale === undefined) return undefined;
    return { space, memberId: named.memberId, language: emailLanguage(locale, config.defaultLocale) };
  };
  const invalid = (reply: FastifyReply) => {
    const language = emailLanguage(undefined, config.defaultLocale);
    return page(reply, 400, language, `<p>${escapeHtml(language.strings.unsubscribeInvalid)}</p>`);
  };

  // A mail client's one-click POST is a form body; only this route reads one (scoped parser).
  app.register(async (scoped) => {
    scoped.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, body, done) => done(null, body),
    );

    route(scoped, context, 'GET', '/v1/unsubscribe', { caller: 'anyone' }, async ({ request, reply }) => {
      const subject = await subjectOf(request);
      if (!subject) return invalid(reply);
      const { strings } = subject.language;
      const { token } = request.query as { token: string };
      return page(
        reply,
        200,
        subject.language,
        `<p>${escapeHtml(strings.unsubscribeQuestion)}</p>` +
          `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
          `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit" style="font:inherit;padding:0.4em 1em">${escapeHtml(strings.unsubscribeButton)}</button></form>`,
      );
    });

    route(scoped, context, 'POST', '/v1/unsubscribe', { caller: 'anyone' }, async ({ request, reply }) => {
      const subject = await subjectOf(request);
      if (!subject) return invalid(reply);
      await subject.space.store.updateSettings(subject.memberId, { email: false });
      return page(
        reply,
        200,
        subject.language,
        `<p role="status">${escapeHtml(subject.language.strings.unsubscribeDone)}</p>`,
      );
    });
  });
}
