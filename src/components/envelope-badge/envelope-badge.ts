import { ContextConsumer } from '@lit/context';
import type { UnreadTotalsHolder } from '../../client/unread-totals.js';
import { ensureContextRoot } from '../../context/context-root.js';
import { NO_UNREAD, unreadContext } from '../../context/unread-context.js';
import { ConvOpenInboxEvent } from '../../events/open-inbox.js';
import { envelopeName } from '../../i18n/envelope-name.js';
import { formatCount, localeOf, watchLanguage } from '../../i18n/locale.js';
import { registeredFor } from '../../i18n/registry.js';
import { iconButton } from '../../internal/icon-button.styles.js';
import { PlainElement } from '../../internal/plain-element.js';
import { tooltipStyles } from '../../internal/tooltip.styles.js';
import { envelopeBadgeStyles } from './envelope-badge.styles.js';
import { envelopeIcon, type Shape } from './envelope-markup.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The DOM of a shape, in the SVG namespace. */
function svg([tag, attributes, children = []]: Shape): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [attribute, value] of Object.entries(attributes)) element.setAttribute(attribute, value);
  element.append(...children.map(svg));
  return element;
}

/**
 * The conversations envelope for a portal's header. Neutral when everything is read; gold, and
 * filled, when there are unread messages, which its accessible name says too
 * ("Conversations, 3 unread"). It updates live as messages arrive in this tab or another.
 *
 * It asks its provider for the unread totals only, so that a page with nothing else loads neither
 * the client nor Lit: with `<conv-provider>`, it is the whole badge-only bundle.
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
export class ConvEnvelopeBadge extends PlainElement {
  static override styles = [iconButton, tooltipStyles, envelopeBadgeStyles];
  static override properties = {
    href: {},
    showCount: { attribute: 'show-count', type: Boolean },
    unread: {},
  } as const;
  /**
   * Where the conversations are; the envelope becomes a link to it.
   * @attr href
   */
  declare href?: string;

  /**
   * Shows the number of unread messages beside the envelope (99+ above 99).
   * @attr show-count
   */
  showCount = false;

  /**
   * The number of unread messages to show until the provider's source first answers: a page
   * rendered on a server (see `conv-elements/ssr`) that knows the count sets it, so that the
   * envelope is right before any script runs. Once the source has answered, its totals alone
   * count. A number, or its text from the attribute.
   * @attr unread
   */
  declare unread?: number | string;

  /** The provider's answer (its client, or its `UnreadTotals`) followed now, and how to stop. */
  #followed?: UnreadTotalsHolder;
  #stopFollowing?: () => void;
  #stopWatchingLanguage?: () => void;
  /** Whether the provider's source has answered: from then on, `unread` no longer counts. */
  #answered?: boolean;
  #base?: HTMLAnchorElement | HTMLButtonElement;
  readonly #icon = svg(envelopeIcon);
  readonly #count = document.createElement('span');

  constructor() {
    super();
    // Before the consumer's first request, so that it waits for a provider defined later.
    ensureContextRoot();
    // A controller of this element: it asks on every connection, and lets go on disconnection.
    new ContextConsumer(this, {
      context: unreadContext,
      subscribe: true,
      callback: (holder) => this.#follow(holder),
    });
    this.#count.part.add('count');
    this.#count.setAttribute('aria-hidden', 'true');
  }

  /** Unread messages across the viewer's conversations, as last known. */
  get unreadCount(): number {
    return this.#answered ? (this.#followed?.unread.value.total ?? 0) : Math.max(+this.unread! | 0, 0);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopWatchingLanguage = watchLanguage(() => this.requestUpdate());
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow(undefined);
    this.#stopWatchingLanguage?.();
    this.#stopWatchingLanguage = undefined;
  }

  /** Follows the totals of the provider's answer, now and whenever it changes what it provides. */
  #follow(holder: UnreadTotalsHolder | undefined): void {
    if (holder === this.#followed) return;
    this.#stopFollowing?.();
    this.#stopFollowing = holder?.unread.subscribe((totals) => {
      this.#answered ||= totals !== NO_UNREAD;
      this.requestUpdate();
    });
    this.#followed = holder;
    this.requestUpdate();
  }

  protected update(): void {
    const count = this.unreadCount;
    const locale = localeOf(this);
    const known = this.#answered || this.unread != null;
    // Not formatted while busy (nothing is known, nothing shown): the first Intl call loads ICU's
    // data, 100-250 ms on a slow phone, which would hold up the page's start (see the client's).
    const formatted = known ? formatCount(locale, count) : '0';
    const base = this.#baseFor(this.href);
    const name = registeredFor(locale).envelope ?? envelopeName;
    const label = name(count, formatted);
    base.setAttribute('aria-label', label);
    // The same words, seen on hover and keyboard focus (the icon has no text of its own).
    base.dataset.tooltip = label;
    // Until the source first answers, and with no count from the page, the count is not known:
    // busy, so that "nothing unread" is not claimed before anyone knows.
    if (known) base.removeAttribute('aria-busy');
    else base.setAttribute('aria-busy', 'true');
    base.classList.toggle('unread', count > 0);
    if (this.showCount && count > 0) {
      this.#count.textContent = count > 99 ? '99+' : formatted;
      base.append(this.#count);
    } else {
      this.#count.remove();
    }
  }

  /** The button, or with `href` the link, made anew only when it must change kind. */
  #baseFor(href: string | undefined): HTMLAnchorElement | HTMLButtonElement {
    let base = this.#base;
    if (!base || (href ? base.localName !== 'a' : base.localName !== 'button')) {
      base = document.createElement(href ? 'a' : 'button');
      base.part.add('base');
      base.addEventListener('click', this.#onActivate);
      base.append(this.#icon);
      this.#base?.replaceWith(base);
      if (!this.#base) this.renderRoot.append(base);
      this.#base = base;
    }
    if (base instanceof HTMLAnchorElement) base.setAttribute('href', href ?? '');
    else base.type = 'button';
    return base;
  }

  readonly #onActivate = (event: Event): void => {
    const open = new ConvOpenInboxEvent();
    this.dispatchEvent(open);
    // A cancelled event keeps the link from being followed; a button has nothing to follow.
    if (open.defaultPrevented) event.preventDefault();
  };
}
