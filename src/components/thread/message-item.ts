import { html, nothing } from 'lit';
import type { ClientMessage } from '../../client/conversations-client.js';
import type { ReportTarget } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { sendErrorText } from '../../internal/message-field.js';
import { messageKey } from './scroll-anchor-controller.js';
import { shownParty } from '../../internal/parties.js';

/** Messages by the same author closer together than this share one byline. */
const GROUP_WINDOW_MS = 5 * 60_000;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are cached: the thread re-renders on every keystroke in the reply box. */
function timeFormat(locale: string, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${sameDay ? 'time' : 'date'}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
    );
    timeFormats.set(key, format);
  }
  return format;
}

/** What rendering a message needs from the thread it is in. */
export interface MessageView {
  readonly locale: LocaleController;
  /** The viewer's member id: their own messages show how delivery went. */
  readonly ownId: () => string | undefined;
  readonly retry: (message: ClientMessage) => void;
  readonly discard: (message: ClientMessage) => void;
  readonly report: (target: ReportTarget, event: Event) => void;
  /** S24: the body, with its links once the linkifier has loaded (plain text until then). */
  readonly text: (body: string) => unknown;
  /** S25, S26: which optional parts the backend serves (`client.can`). */
  readonly can: (capability: 'edit' | 'delete' | 'reactions') => boolean;
  /** S25: whether the policy's window still lets its author edit it. */
  readonly editable: (message: ClientMessage) => boolean;
  /** S25, S26: the edit field or the reaction picker open on this message, when one is. */
  readonly editor: (message: ClientMessage) => unknown;
  readonly edit: (message: ClientMessage, event: Event) => void;
  readonly remove: (message: ClientMessage) => void;
  readonly pick: (message: ClientMessage, event: Event) => void;
  readonly react: (message: ClientMessage, emoji: string, on: boolean) => void;
}

/** Where a message stands among the others. */
export interface MessagePlace {
  /** The member's newest delivered message: it says "Sent". */
  readonly lastOwnSent: boolean;
  /** Waiting behind a message that could not be delivered yet. */
  readonly held: boolean;
}

/** Who wrote a message, as the reader says it: "You", a name, or "Ada for Documentation team". */
export function byline(view: MessageView, message: ClientMessage): string {
  const strings = view.locale.strings;
  const own = message.author.id === view.ownId();
  const author = own ? strings.threadYou : shownParty(message.author, strings).name;
  return message.onBehalfOf ? strings.threadOnBehalfOf(author, message.onBehalfOf.name) : author;
}

function formatTime(view: MessageView, time: number): string {
  const sameDay = new Date(time).toDateString() === new Date().toDateString();
  return timeFormat(view.locale.locale, sameDay).format(time);
}

/**
 * One message of the thread's log: its byline and time (hidden, but still read, when it
 * continues the previous author's run), its text, and for the member's own messages how delivery
 * went (pending, waiting, failed with Retry and Discard, sent); others' can be reported.
 */
export function renderMessage(
  view: MessageView,
  message: ClientMessage,
  previous: ClientMessage | undefined,
  place: MessagePlace,
) {
  const strings = view.locale.strings;
  const own = message.author.id === view.ownId();
  const grouped =
    previous !== undefined &&
    previous.author.id === message.author.id &&
    previous.onBehalfOf?.id === message.onBehalfOf?.id &&
    message.sentAt - previous.sentAt < GROUP_WINDOW_MS;
  const classes = [grouped ? 'grouped' : '', message.status].join(' ');
  return html`<li
    part=${own ? 'message message-own' : 'message'}
    class=${classes}
    data-key=${messageKey(message) ?? ''}
  >
    <div class=${grouped ? 'meta visually-hidden' : 'meta'}>
      <span part="author" dir="auto">${byline(view, message)}</span>
      <time datetime=${new Date(message.sentAt).toISOString()}>${formatTime(view, message.sentAt)}</time>
      ${message.editedAt && !message.deleted ? html`<span class="edited">${strings.threadEdited}</span>` : nothing}
    </div>
    ${
      message.deleted
        ? html`<p part="body" class="deleted">${strings.threadDeleted}</p>`
        : (view.editor(message) ?? html`<p part="body" dir="auto">${view.text(message.body)}</p>`)
    }
    ${renderReactions(view, message)} ${own ? renderState(view, message, place) : nothing}
    ${message.status === 'sent' && !message.deleted ? renderActions(view, message, own) : nothing}
  </li>`;
}

/** S26: each reaction with its count; pressed when it is the viewer's, its label says who. */
function renderReactions(view: MessageView, message: ClientMessage) {
  if (!message.reactions?.length) return nothing;
  const locale = view.locale;
  const strings = locale.strings;
  const ownId = view.ownId();
  const reactable = view.can('reactions') && !message.deleted;
  return html`<div class="reactions">
    ${message.reactions.map(
      ({ emoji, count, mine, by }) =>
        html`<button
          type="button"
          class="reaction"
          aria-pressed=${mine ? 'true' : 'false'}
          aria-label=${strings.reactionSummary(
            emoji,
            locale.number(count),
            by.map((ref) =>
              ref.id === ownId ? strings.threadYou : ((ref as { name?: string }).name ?? ref.id),
            ),
          )}
          ?disabled=${!reactable}
          @click=${() => view.react(message, emoji, !mine)}
        >
          ${emoji} ${locale.number(count)}
        </button>`,
    )}
  </div>`;
}

/** Report (others' messages), Edit and Delete (one's own), and the reaction picker. */
function renderActions(view: MessageView, message: ClientMessage, own: boolean) {
  const strings = view.locale.strings;
  const button = (label: string, click: (event: Event) => void) =>
    html`<button class="quiet" type="button" @click=${click}>${label}</button>`;
  return html`<div class="message-actions">
    ${view.can('reactions') ? button(strings.reactionAdd, (event) => view.pick(message, event)) : nothing}
    ${
      own && view.can('edit') && view.editable(message)
        ? button(strings.messageEdit, (event) => view.edit(message, event))
        : nothing
    }
    ${own && view.can('delete') ? button(strings.messageDelete, () => view.remove(message)) : nothing}
    ${
      own
        ? nothing
        : button(strings.reportMessage, (event) =>
            view.report(
              { kind: 'message', conversationId: message.conversationId, messageId: message.id },
              event,
            ),
          )
    }
  </div>`;
}

function renderState(view: MessageView, message: ClientMessage, { lastOwnSent, held }: MessagePlace) {
  const strings = view.locale.strings;
  switch (message.status) {
    case 'pending':
      // A message held back (offline, the service busy) is not "sending": say that it waits,
      // and that nothing is asked of the member.
      return html`<div class="state">${held ? strings.threadWaiting : strings.threadPending}</div>`;
    case 'failed':
      return html`<div class="state">
        <span class="error">${strings.threadFailed(sendErrorText(view.locale, message.error))}</span>
        <button type="button" @click=${() => view.retry(message)}>${strings.retry}</button>
        <button type="button" @click=${() => view.discard(message)}>${strings.threadDiscard}</button>
      </div>`;
    default:
      return lastOwnSent ? html`<div class="state">${strings.threadSent}</div>` : nothing;
  }
}
