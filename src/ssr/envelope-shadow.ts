/**
 * `<conv-envelope-badge>`'s shadow root on a server, with the count of its `unread` attribute:
 * the markup its `update()` makes in the browser, named by the same functions, so that the
 * envelope is gold and named right before any script runs. (The badge builds its DOM itself:
 * sharing a description of it cost the badge-only page more than its budget leaves.)
 */
import { escapeHtml } from '@lit-labs/ssr/lib/util/escape-html.js';
import { envelopeName } from '../i18n/envelope-name.js';
import { formatCount } from '../i18n/locale.js';
import { registeredFor } from '../i18n/registry.js';

const STROKE = 'stroke="currentColor" stroke-width="1.8"';
const ICON =
  '<svg part="icon" viewBox="0 0 24 24" aria-hidden="true">' +
  `<rect class="body" x="3" y="5" width="18" height="14" rx="2" fill="none" ${STROKE}></rect>` +
  `<path class="flap" d="M4 7l8 6 8-6" stroke-linecap="round" stroke-linejoin="round" ${STROKE}></path>` +
  '</svg>';

/** The shadow markup for the badge's attributes (`lang`: its language, else English). */
export function envelopeShadow(attributes: ReadonlyMap<string, string>): string {
  const count = Number(attributes.get('unread')) || 0;
  const locale = attributes.get('lang') || 'en';
  const formatted = formatCount(locale, count);
  const label = (registeredFor(locale).envelope ?? envelopeName)(count, formatted);
  const href = attributes.get('href');
  const tag = href ? 'a' : 'button';
  const kind = href ? `href="${escapeHtml(href)}"` : 'type="button"';
  const gold = count > 0 ? ' class="unread"' : '';
  const shown =
    attributes.has('show-count') && count > 0
      ? `<span part="count" aria-hidden="true">${escapeHtml(count > 99 ? '99+' : formatted)}</span>`
      : '';
  // The attributes in the order the element sets them (the browser test compares the two).
  return `<${tag} part="base" ${kind} aria-label="${escapeHtml(label)}"${gold}>${ICON}${shown}</${tag}>`;
}
