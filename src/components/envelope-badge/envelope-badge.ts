import { html, nothing, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { ConvElement } from '../../internal/conv-element.js';
import { UnreadController } from '../../context/unread-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvOpenInboxEvent } from '../../events/open-inbox.js';
import { envelopeBadgeStyles } from './envelope-badge.styles.js';
import { iconButton } from '../../internal/icon-button.styles.js';

const envelope = svg`
  <rect class="body" x="3" y="5" width="18" height="14" rx="2" stroke="currentColor" stroke-width="1.8" fill="none" />
  <path class="flap" d="M4 7l8 6 8-6" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
`;

/**
 * The conversations envelope for a portal's header. Neutral when everything is read; gold, and
 * filled, when there are unread messages, which its accessible name says too
 * ("Conversations, 3 unread"). It updates live as messages arrive in this tab or another.
 *
 * @tagname conv-envelope-badge
 * @summary The envelope in the header: gold with unread messages; opens the conversations.
 *
 * @fires {ConvOpenInboxEvent} conv-open-inbox - When activated. Cancelable: cancel it to route to
 *   the inbox yourself; otherwise, when `href` is set, the browser follows it.
 *
 * @csspart base - The button (or link, with `href`).
 * @csspart icon - The envelope graphic.
 * @csspart count - The number of unread messages, shown with `show-count`.
 *
 * @cssprop [--conv-color-unread=#b8860b] - The gold of the envelope with unread messages.
 * @cssprop [--conv-color-on-unread=#fff] - The envelope's flap drawn over the gold.
 * @cssprop [--conv-color-focus=#1a5fb4] - The focus ring.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 * @cssprop [--conv-envelope-badge-size=2.5rem] - The target size (never below 24px).
 * @cssprop [--conv-envelope-badge-icon-size=1.5rem] - The envelope's size.
 * @cssprop [--conv-envelope-badge-color=currentColor] - The envelope's colour when all is read.
 * @cssprop [--conv-color-count=#8b1a1a] - Unread counts' background (shared with the conversation list).
 * @cssprop [--conv-color-on-count=#fff] - Unread counts' text.
 * @cssprop [--conv-envelope-badge-count-background=var(--conv-color-count)] - This count's background.
 * @cssprop [--conv-envelope-badge-count-color=var(--conv-color-on-count)] - This count's text.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvEnvelopeBadge extends ConvElement {
  static override styles = [iconButton, envelopeBadgeStyles];

  /** Where the conversations are; the envelope becomes a link to it. */
  @property() href?: string;

  /** Shows the number of unread messages beside the envelope (99+ above 99). */
  @property({ type: Boolean, attribute: 'show-count' }) showCount = false;

  private readonly unread = new UnreadController(this);
  private readonly locale = new LocaleController(this);

  /** Unread messages across the viewer's conversations, as last known. */
  get unreadCount(): number {
    return this.unread.value.total;
  }

  override render() {
    const count = this.unread.value.total;
    const label = this.locale.strings.envelope(count, this.locale.number(count));
    const classes = classMap({ unread: count > 0 });
    const icon = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true">${envelope}</svg>`;
    const badge =
      this.showCount && count > 0
        ? html`<span part="count" aria-hidden="true">${count > 99 ? '99+' : this.locale.number(count)}</span>`
        : nothing;
    return this.href
      ? html`<a part="base" class=${classes} href=${this.href} aria-label=${label} @click=${this.onActivate}
          >${icon}${badge}</a
        >`
      : html`<button part="base" class=${classes} type="button" aria-label=${label} @click=${this.onActivate}>
          ${icon}${badge}
        </button>`;
  }

  private onActivate(event: MouseEvent) {
    const open = new ConvOpenInboxEvent();
    this.dispatchEvent(open);
    // A cancelled event keeps the link from being followed; a button has nothing to follow.
    if (open.defaultPrevented) event.preventDefault();
  }
}
