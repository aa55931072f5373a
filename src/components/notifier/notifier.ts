import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ConvElement } from '../../internal/conv-element.js';
import { IncomingMessagesController } from '../../context/incoming-controller.js';
import { otherParticipants, senderName } from '../../internal/parties.js';
import { SettingsController } from '../../context/settings-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvOpenConversationEvent } from '../../events/open-conversation.js';
import type { ConversationsClient, IncomingMessage } from '../../client/conversations-client.js';
import type { ConversationId } from '../../core/types.js';
import { notifierStyles } from './notifier.styles.js';
import { notifierEnglish } from '../../i18n/en/notifier.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English loads with it, not with the first view (i18n/en/notifier.ts).
addEnglish(notifierEnglish);

interface Notice {
  readonly conversationId: ConversationId;
  /** What the notice says, in the member's language. */
  readonly text: string;
}

/**
 * In-app notices of new messages (S10): when a message from someone else arrives and the
 * member's in-app setting is on, a notice names the sender and the conversation, in a polite live
 * region. Never for the member's own messages, nor for the conversation they have open. One
 * notice per conversation (the newest message replaces the older notice).
 *
 * @tagname conv-notifier
 * @summary In-app notices of new messages, announced politely and dismissable.
 *
 * @fires {ConvOpenConversationEvent} conv-open-conversation - When the member opens a notice;
 *   `detail.conversationId` names the conversation.
 *
 * @csspart base - The list of notices (the live region).
 * @csspart notice - One notice.
 * @csspart open - The button that opens the conversation.
 * @csspart dismiss - The button that dismisses the notice.
 *
 * @cssprop [--conv-notifier-offset=1rem] - Distance from the viewport's end corner.
 * @cssprop [--conv-notifier-z-index=1000] - Stacking order of the notices.
 * @cssprop [--conv-color-surface=light-dark(#fff, #1f2126)] - A notice's background.
 * @cssprop [--conv-color-accent=light-dark(#1a5fb4, #8ab4f8)] - The open button.
 * @cssprop [--conv-color-border=light-dark(#c4c7cf, #4a4d55)] - Borders.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #8ab4f8)] - The focus ring.
 * @cssprop [--conv-color-on-accent=light-dark(#fff, #0b1d33)] - Text on the accent colour.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 * @cssprop [--conv-color-text=light-dark(#1b1c1f, #e8e9ec)] - Text.
 * @cssprop [--conv-font-family=inherit] - Font.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 */
export class ConvNotifier extends ConvElement {
  static override styles = notifierStyles;

  /** How many notices stay at once; the oldest goes first. */
  @property({ type: Number, attribute: 'max-notices' }) maxNotices = 3;

  /** Shows notices where the element is, instead of fixed in the viewport's corner. */
  @property({ type: Boolean, reflect: true }) inline = false;

  @state() private notices: readonly Notice[] = [];

  private readonly settings = new SettingsController(this);
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    // The host keeps its controllers; this one needs no field. Added after the settings
    // controller, so the settings are already loading when the first message comes.
    new IncomingMessagesController(this, (incoming, client) => this.onIncoming(incoming, client));
  }

  /** Dismisses every notice. */
  clear(): void {
    this.notices = [];
  }

  override render() {
    const strings = this.locale.strings;
    // The region is always rendered: a live region must exist before its content changes.
    return html`<ul part="base" role="list" aria-live="polite" aria-label=${strings.notifierLabel}>
      ${repeat(
        this.notices,
        (notice) => notice.conversationId,
        (notice) =>
          html`<li part="notice">
            <p>${notice.text}</p>
            <button part="open" type="button" @click=${() => this.open(notice)}>
              ${strings.openConversation}
            </button>
            <button
              part="dismiss"
              type="button"
              aria-label=${`${strings.dismiss}: ${notice.text}`}
              @click=${() => this.dismiss(notice.conversationId)}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private onIncoming({ message, conversation }: IncomingMessage, client: ConversationsClient) {
    if (this.settings.value.value?.inApp === false) return;
    if (client.activeConversation.value === conversation.id) return;
    const strings = this.locale.strings;
    const others = otherParticipants(conversation, client.viewer.value);
    const sender = senderName(message);
    const direct = others.length === 1 && others[0].name === sender;
    const notice: Notice = {
      conversationId: conversation.id,
      text: direct
        ? strings.newDirectMessage(sender)
        : strings.newMessage(sender, strings.conversationWith(others.map((party) => party.name))),
    };
    const older = this.notices.filter((old) => old.conversationId !== conversation.id);
    this.notices = [notice, ...older].slice(0, Math.max(1, this.maxNotices));
  }

  private open(notice: Notice) {
    this.dismiss(notice.conversationId);
    const open = new ConvOpenConversationEvent(notice.conversationId);
    this.dispatchEvent(open);
  }

  private dismiss(conversationId: ConversationId) {
    this.notices = this.notices.filter((notice) => notice.conversationId !== conversationId);
  }
}
