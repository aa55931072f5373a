/**
 * S24: links in message text, found by `linkifyjs` and rendered as Lit text and attribute
 * bindings (never as HTML): http(s) and mailto URLs and email addresses become links; a URL of
 * any other scheme (`javascript:`, `ftp:`, `data:`…) stays text. Loaded by the thread only when a
 * message looks like it may hold a link, so the first view does not carry it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { find } from 'linkifyjs';

/** Untrusted content: no referrer, no opener, no ranking credit (as the big forums do). */
export const LINK_REL = 'noopener noreferrer nofollow ugc';

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The link's address, when its scheme is one a message may link to. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return ALLOWED.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface LinkOptions {
  /** The links' `target`; none (the same tab) when empty. */
  readonly target: string;
  /** The id of the element that says "opens in a new tab", for links that do (`_blank`). */
  readonly newTabHint: string;
}

/** The text as parts: strings for plain text, links for what linkifyjs found and may be linked. */
export function linkify(text: string, options: LinkOptions): (string | TemplateResult)[] {
  const parts: (string | TemplateResult)[] = [];
  let at = 0;
  for (const found of find(text)) {
    const href = found.type === 'url' || found.type === 'email' ? safeHref(found.href) : undefined;
    if (!href) continue;
    if (found.start > at) parts.push(text.slice(at, found.start));
    // The hint is a description, not part of the text: the body still reads as it was written.
    const described = options.target === '_blank' ? options.newTabHint : nothing;
    parts.push(
      html`<a href=${href} rel=${LINK_REL} target=${options.target || nothing} aria-describedby=${described}
        >${text.slice(found.start, found.end)}</a
      >`,
    );
    at = found.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
