import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { PartyRef } from '../../core/types.js';
import type { ConvCompose } from '../compose/compose.js';
import { contactButtonStyles } from './contact-button.styles.js';
import { COMPOSE_EXPORTPARTS } from '../../internal/compose-parts.js';
import { iconButton } from '../../internal/icon-button.styles.js';

const icon = svg`
  <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z"
    fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
  <path d="M8 8.5h8M8 11.5h5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
`;

/**
 * The contact icon for a member's or a group's profile page (S8). It opens compose as a dialog
 * with that member or group already chosen. On the viewer's own profile it renders nothing: a
 * member does not message themselves. Compose's code is loaded the first time it is opened.
 *
 * @tagname conv-contact-button
 * @summary A profile's contact button: "Send a message to <name>", opening compose.
 *
 * @fires {ConvConversationStartedEvent} conv-conversation-started - From the compose it opens.
 *
 * @slot guidance - The portal's guidance, passed on to compose.
 *
 * @csspart base - The button.
 * @csspart icon - The contact icon.
 * @csspart compose-* - Every part of the compose dialog, prefixed (`compose-dialog`, `compose-send-button`…).
 *
 * @cssprop [--conv-color-focus=#1a5fb4] - The focus ring.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 * @cssprop [--conv-contact-button-size=2.5rem] - The target size (never below 24px).
 * @cssprop [--conv-contact-button-icon-size=1.5rem] - The icon's size.
 * @cssprop [--conv-contact-button-color=currentColor] - The icon's colour.
 * @cssprop [--conv-contact-button-background=transparent] - The button's background.
 * @cssprop [--conv-contact-button-border-color=currentColor] - The button's border.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvContactButton extends ConvElement {
  static override styles = [iconButton, contactButtonStyles];

  /** The id of the member whose profile this is. */
  @property() member?: string;

  /** The id of the group whose profile this is (when `member` is not set). */
  @property() group?: string;

  /** The member's or group's name; looked up in the directory when absent. */
  @property() name?: string;

  /** Passed on to compose: the portal's code of conduct. */
  @property({ attribute: 'code-of-conduct-href' }) codeOfConductHref?: string;

  /** Passed on to compose: the portal's guidance, as text. */
  @property() guidance?: string;

  private readonly viewer = new ViewerController(this);
  private readonly locale = new LocaleController(this);

  @state() private lookedUpName?: string;
  @state() private composeLoaded = false;
  @query('conv-compose') private readonly compose?: ConvCompose;

  private lookupKey?: string;

  /** The member or group this button writes to, or undefined when neither is set. */
  get recipient(): PartyRef | undefined {
    if (this.member) return { kind: 'member', id: this.member };
    if (this.group) return { kind: 'group', id: this.group };
    return undefined;
  }

  /** True on the viewer's own profile (nothing is offered there). */
  get isSelf(): boolean {
    const viewer = this.viewer.value;
    return Boolean(viewer && this.member && viewer.member.id === this.member);
  }

  /** Opens compose with this button's recipient. Does nothing on the viewer's own profile. */
  async show(): Promise<void> {
    const recipient = this.recipient;
    if (!this.isConnected || !recipient || this.isSelf) return;
    if (!this.composeLoaded) {
      // Loaded on first use, so a profile page pays for compose only when someone writes.
      await import('../../define/conv-compose.js');
      this.composeLoaded = true;
      await this.updateComplete;
    }
    await this.compose?.show({ recipients: [recipient] });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.member && this.group && (changed.has('member') || changed.has('group'))) {
      warn('<conv-contact-button> has both `member` and `group`; using `member`.');
    }
    this.lookUpName();
  }

  private lookUpName() {
    const recipient = this.recipient;
    const client = this.viewer.client;
    if (this.name || !recipient || !client) return;
    const key = `${recipient.kind}:${recipient.id}`;
    if (this.lookupKey === key) return;
    this.lookupKey = key;
    this.lookedUpName = undefined;
    client.adapter.getParty(recipient).then(
      (party) => {
        if (this.lookupKey === key) this.lookedUpName = party.name;
      },
      (error: unknown) => warn(`<conv-contact-button> could not find ${key}.`, error),
    );
  }

  override render() {
    const name = this.name || this.lookedUpName;
    // Nothing until the viewer is known: on their own profile there must never be a button.
    if (!this.viewer.value || !this.recipient || this.isSelf || !name) return nothing;
    return html`<button
        part="base"
        type="button"
        aria-label=${this.locale.strings.contactButtonLabel(name)}
        aria-haspopup="dialog"
        @click=${() => void this.show()}
      >
        <svg part="icon" viewBox="0 0 24 24" aria-hidden="true">${icon}</svg>
      </button>
      ${
        this.composeLoaded
          ? html`<conv-compose
              dialog
              exportparts=${COMPOSE_EXPORTPARTS}
              .codeOfConductHref=${this.codeOfConductHref}
              .guidance=${this.guidance}
              ><slot name="guidance" slot="guidance"></slot
            ></conv-compose>`
          : nothing
      }`;
  }
}
