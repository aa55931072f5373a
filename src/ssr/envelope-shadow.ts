/**
 * `<conv-envelope-badge>`'s shadow root on a server, with the count of its `unread` attribute:
 * the markup its `update()` makes in the browser (the same icon, named by the same functions),
 * so that the envelope is gold and named right before any script runs. The button and the
 * count, a tag and two attributes each, are written here and there: describing them once cost
 * the badge-only page more than its budget leaves (the browser test checks that the two agree).
 */
import { escapeHtml } from '@lit-labs/ssr/lib/util/escape-html.js';
import { envelopeIcon, unreadOf, type Shape } from '../components/envelope-badge/envelope-markup.js';
import { envelopeName } from '../i18n/envelope-name.js';
import { formatCount } from '../i18n/locale.js';
import { registeredFor } from '../i18n/registry.js';

/** A shape as HTML, attributes escaped. */
function serialize([tag, attributes, children = []]: Shape): string {
  const written = Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`);
  return `<${tag}${written.join('')}>${children.map(serialize).join('')}</${tag}>`;
}

const ICON = serialize(envelopeIcon);

/** The shadow markup for the badge's attributes (`lang`: its language, else English). */
export function envelopeShadow(attributes: ReadonlyMap<string, string>): string {
  const count = unreadOf(attributes.get('unread'));
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
  // Without a count from the page, the count is not known until the source answers: busy.
  const busy = attributes.has('unread') ? '' : ' aria-busy="true"';
  return `<${tag} part="base" ${kind} aria-label="${escapeHtml(label)}" data-tooltip="${escapeHtml(label)}"${busy}${gold}>${ICON}${shown}</${tag}>`;
}
